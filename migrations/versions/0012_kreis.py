"""kreis: Kreise group Kommunen; Kreis planners see all of a Kreis's Kommunen

Revision ID: 0012_kreis
Revises: 0011_funds
Create Date: 2026-11-30 18:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0012_kreis'
down_revision = '0011_funds'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('kreis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kreis')),
    sa.UniqueConstraint('name', name=op.f('uq_kreis_name'))
    )
    op.create_table('user_kreis',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kreis_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['kreis_id'], ['kreis.id'], name=op.f('fk_user_kreis_kreis_id_kreis'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_kreis_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kreis_id', name=op.f('pk_user_kreis'))
    )
    with op.batch_alter_table('kommune', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kreis_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_kommune_kreis_id'), ['kreis_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_kommune_kreis_id_kreis'), 'kreis', ['kreis_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('kommune', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_kommune_kreis_id_kreis'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_kommune_kreis_id'))
        batch_op.drop_column('kreis_id')
    op.drop_table('user_kreis')
    op.drop_table('kreis')
