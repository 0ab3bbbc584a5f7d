"""validation settings: a Kommune's threshold margin and theme-indicator hypotheses

Without a row a Kommune validates with the defaults (margin 0.5 scale steps, the catalogue's
hypotheses).

Revision ID: 0006_validation_settings
Revises: 0005_indicator_import
Create Date: 2026-11-30 14:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006_validation_settings'
down_revision = '0005_indicator_import'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('validation_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('margin', sa.Float(), nullable=False),
    sa.Column('hypotheses', sa.JSON(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('margin >= 0 AND margin < 1', name=op.f('ck_validation_settings_margin')),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommune.id'], name=op.f('fk_validation_settings_kommune_id_kommune'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_validation_settings')),
    sa.UniqueConstraint('kommune_id', name=op.f('uq_validation_settings_kommune_id'))
    )


def downgrade():
    op.drop_table('validation_settings')
