"""offers and their categories: the Angebotslandkarte (issue 15)

Revision ID: 0014_offers
Revises: 0013_measures
Create Date: 2026-11-30 18:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0014_offers'
down_revision = '0013_measures'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('offer_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.JSON(), nullable=False),
    sa.Column('target_group', sa.JSON(), nullable=False),
    sa.Column('theme', sa.String(length=80), nullable=True),
    sa.Column('distance_m', sa.Integer(), nullable=False),
    sa.Column('target_indicator', sa.String(length=80), nullable=True),
    sa.CheckConstraint('distance_m > 0', name=op.f('ck_offer_category_distance_positive')),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommune.id'], name=op.f('fk_offer_category_kommune_id_kommune'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offer_category')),
    sa.UniqueConstraint('kommune_id', 'slug', name=op.f('uq_offer_category_kommune_id_slug'))
    )
    with op.batch_alter_table('offer_category', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offer_category_kommune_id'), ['kommune_id'], unique=False)

    op.create_table('offer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('provider', sa.String(length=300), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=300), nullable=True),
    sa.CheckConstraint('capacity IS NULL OR capacity >= 0', name=op.f('ck_offer_capacity_not_negative')),
    sa.CheckConstraint('lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180', name=op.f('ck_offer_wgs84')),
    sa.ForeignKeyConstraint(['category_id'], ['offer_category.id'], name=op.f('fk_offer_category_id_offer_category'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offer'))
    )
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offer_category_id'), ['category_id'], unique=False)


def downgrade():
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offer_category_id'))
    op.drop_table('offer')
    with op.batch_alter_table('offer_category', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offer_category_kommune_id'))
    op.drop_table('offer_category')
