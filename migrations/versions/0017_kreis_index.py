"""kreis index: Kreis indices saved as named versions (issue 16)

Revision ID: 0017_kreis_index
Revises: 0016_kommune_catalogue
Create Date: 2026-11-30 21:40:00

"""

from alembic import op
import sqlalchemy as sa


revision = "0017_kreis_index"
down_revision = "0016_kommune_catalogue"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "kreis_index_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kreis_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kreis_id"], ["kreis.id"],
            name=op.f("fk_kreis_index_version_kreis_id_kreis"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kreis_index_version")),
        sa.UniqueConstraint("kreis_id", "name", name=op.f("uq_kreis_index_version_kreis_id_name")),
    )
    with op.batch_alter_table("kreis_index_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_kreis_index_version_kreis_id"), ["kreis_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("kreis_index_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kreis_index_version_kreis_id"))
    op.drop_table("kreis_index_version")
