"""campaign roles: which participant groups (residents, experts, moderated groups) a survey uses

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 06:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('roles', sa.String(length=40), server_default='resident,expert,group', nullable=False)
        )
        batch_op.create_check_constraint(op.f('ck_campaign_roles'), "roles <> ''")


def downgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_campaign_roles'), type_='check')
        batch_op.drop_column('roles')
