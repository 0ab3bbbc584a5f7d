"""indicator import: where each stored value came from (file and time of import); an
indicator's unit is unknown until said (no more "%" for everything); an area replaced by a new
area set but referred to by answers or values is kept as retired; a guessed direction is not
confirmed (indicators stored before count as confirmed)

Revision ID: 0005_indicator_import
Revises: 0004
Create Date: 2026-11-30 15:00:00

"""

from alembic import op
import sqlalchemy as sa


revision = "0005_indicator_import"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("imported_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.alter_column("unit", existing_type=sa.String(length=40), nullable=True)
        batch_op.add_column(
            sa.Column("direction_confirmed", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


    with op.batch_alter_table("area", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("retired", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("area", schema=None) as batch_op:
        batch_op.drop_column("retired")
    op.execute("UPDATE indicator SET unit = '' WHERE unit IS NULL")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_column("direction_confirmed")
        batch_op.alter_column("unit", existing_type=sa.String(length=40), nullable=False)
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.drop_column("imported_at")
        batch_op.drop_column("source")
