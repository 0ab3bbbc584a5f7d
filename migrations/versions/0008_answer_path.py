"""answer path: a campaign's change counters (settings for cached checks, data for live views)

Revision ID: 0008_answer_path
Revises: 0007_index_time
Create Date: 2026-11-30 15:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008_answer_path'
down_revision = '0007_index_time'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('settings_version', sa.Integer(), server_default='0', nullable=False)
        )
        batch_op.add_column(
            sa.Column('data_version', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('data_version')
        batch_op.drop_column('settings_version')
