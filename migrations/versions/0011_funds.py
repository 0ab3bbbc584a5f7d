"""funds: need-based allocations saved as named versions

Revision ID: 0011_funds
Revises: 0010_saved_crosswalk
Create Date: 2026-11-30 18:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011_funds'
down_revision = '0010_saved_crosswalk'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('fund_allocation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommune.id'], name=op.f('fk_fund_allocation_kommune_id_kommune'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_allocation')),
    sa.UniqueConstraint('kommune_id', 'name', name=op.f('uq_fund_allocation_kommune_id_name'))
    )
    with op.batch_alter_table('fund_allocation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fund_allocation_kommune_id'), ['kommune_id'], unique=False)


def downgrade():
    with op.batch_alter_table('fund_allocation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fund_allocation_kommune_id'))
    op.drop_table('fund_allocation')
