"""index and time: a survey names the index version it uses; carried values say where from

A campaign may point to a chosen index version (NULL: the newest version that covers enough of
its areas, see app.services.survey_index). Existing surveys keep NULL, so they use the newest
covering version, as before, but no longer one that covers none of their areas.

An indicator value may be carried from earlier, redrawn areas through a crosswalk
(app.services.carrying): carried_from names the old areas it came from (NULL: imported).

Revision ID: 0007_index_time
Revises: 0006_validation_settings
Create Date: 2026-11-30 15:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_index_time'
down_revision = '0006_validation_settings'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('indicator_value', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carried_from', sa.Text(), nullable=True))

    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('index_version_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_campaign_index_version_id'), ['index_version_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_campaign_index_version_id_index_version'), 'index_version', ['index_version_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_campaign_index_version_id_index_version'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_campaign_index_version_id'))
        batch_op.drop_column('index_version_id')

    with op.batch_alter_table('indicator_value', schema=None) as batch_op:
        batch_op.drop_column('carried_from')
