"""measures: decided after the round table, with their baseline, notes and change history

Revision ID: 0013_measures
Revises: 0012_kreis
Create Date: 2026-11-30 18:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0013_measures'
down_revision = '0012_kreis'
branch_labels = None
depends_on = None


def _child(name, *columns):
    op.create_table(name,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    *columns,
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f(f'fk_{name}_measure_id_measure'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}'))
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f'ix_{name}_measure_id'), ['measure_id'], unique=False)


def upgrade():
    op.create_table('measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('target_group', sa.String(length=300), nullable=False),
    sa.Column('lead_organisation', sa.String(length=200), nullable=False),
    sa.Column('partners', sa.Text(), nullable=False),
    sa.Column('budget', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('funding_source', sa.String(length=200), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('proposed', 'planned', 'running', 'done', 'stopped')", name=op.f('ck_measure_status')),
    sa.CheckConstraint('budget IS NULL OR budget >= 0', name=op.f('ck_measure_budget')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_measure_campaign_id_campaign'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommune.id'], name=op.f('fk_measure_kommune_id_kommune'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure'))
    )
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_kommune_id'), ['kommune_id'], unique=False)
    op.create_table('measure_area',
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_measure_area_area_id_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_measure_area_measure_id_measure'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measure_id', 'area_id', name=op.f('pk_measure_area'))
    )
    _child('measure_need',
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['validation_record.id'], name=op.f('fk_measure_need_record_id_validation_record'), ondelete='CASCADE'),
    sa.UniqueConstraint('measure_id', 'record_id', 'theme', name=op.f('uq_measure_need_measure_id_record_id_theme'))
    )
    with op.batch_alter_table('measure_need', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_need_record_id'), ['record_id'], unique=False)
    _child('measure_baseline',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('area_code', sa.String(length=64), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('n', sa.Integer(), nullable=True),
    sa.Column('low', sa.Float(), nullable=True),
    sa.Column('high', sa.Float(), nullable=True),
    sa.CheckConstraint("kind IN ('indicator', 'theme')", name=op.f('ck_measure_baseline_kind')),
    sa.UniqueConstraint('measure_id', 'kind', 'key', 'area_code', name=op.f('uq_measure_baseline_measure_id_kind_key_area_code'))
    )
    _child('measure_note',
    sa.Column('noted_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_measure_note_author_id_user_account'), ondelete='SET NULL')
    )
    _child('measure_change',
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old', sa.Text(), nullable=False),
    sa.Column('new', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_measure_change_user_id_user_account'), ondelete='SET NULL')
    )
    op.create_table('measure_publication',
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommune.id'], name=op.f('fk_measure_publication_kommune_id_kommune'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('kommune_id', name=op.f('pk_measure_publication'))
    )


def downgrade():
    op.drop_table('measure_publication')
    for name in ('measure_change', 'measure_note', 'measure_baseline', 'measure_need'):
        op.drop_table(name)
    op.drop_table('measure_area')
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_kommune_id'))
    op.drop_table('measure')
