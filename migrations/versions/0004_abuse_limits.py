"""abuse limits: bursts of answers set aside, and an atomic failed-login counter per account name

A response may point to a set_aside record (a planner took it out of every count). The
per-failure login_failure rows (counted with a race) become one login_counter row per account
name, keyed by an HMAC of the e-mail, updated with a single upsert.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 11:21:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_counter',
    sa.Column('account_key', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=False),
    sa.CheckConstraint('failures >= 0', name=op.f('ck_login_counter_failures')),
    sa.PrimaryKeyConstraint('account_key', name=op.f('pk_login_counter'))
    )
    with op.batch_alter_table('login_counter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_counter_window_start'), ['window_start'], unique=False)

    op.create_table('set_aside',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('set_at', sa.DateTime(), nullable=False),
    sa.Column('restored_by_id', sa.Integer(), nullable=True),
    sa.Column('restored_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('answers >= 1', name=op.f('ck_set_aside_answers')),
    sa.CheckConstraint('length(reason) BETWEEN 1 AND 1000', name=op.f('ck_set_aside_reason')),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_set_aside_area_id_area')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_set_aside_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['restored_by_id'], ['user_account.id'], name=op.f('fk_set_aside_restored_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['set_by_id'], ['user_account.id'], name=op.f('fk_set_aside_set_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_set_aside'))
    )
    with op.batch_alter_table('set_aside', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_set_aside_campaign_id'), ['campaign_id'], unique=False)

    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failure_at'))
        batch_op.drop_index(batch_op.f('ix_login_failure_email'))
        batch_op.drop_index(batch_op.f('ix_login_failure_user_id'))

    op.drop_table('login_failure')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('set_aside_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_response_set_aside_id'), ['set_aside_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_response_set_aside_id_set_aside'), 'set_aside', ['set_aside_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_response_set_aside_id_set_aside'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_response_set_aside_id'))
        batch_op.drop_column('set_aside_id')

    op.create_table('login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_login_failure_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failure'))
    )
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failure_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failure_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failure_at'), ['at'], unique=False)

    with op.batch_alter_table('set_aside', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_set_aside_campaign_id'))

    op.drop_table('set_aside')
    with op.batch_alter_table('login_counter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_counter_window_start'))

    op.drop_table('login_counter')
