"""a Kommune's own indicator definitions (issue 11, §4)

Revision ID: 0016_kommune_catalogue
Revises: 0015_children
Create Date: 2026-11-30 21:20:00

"""

from alembic import op
import sqlalchemy as sa


revision = "0016_kommune_catalogue"
down_revision = "0015_children"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "catalogue_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kommune_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("direction", sa.String(length=24), nullable=True),
        sa.Column("domain", sa.String(length=40), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.CheckConstraint(
            "direction IS NULL OR direction IN ('higher_is_more_need', 'lower_is_more_need')",
            name=op.f("ck_catalogue_entry_direction"),
        ),
        sa.ForeignKeyConstraint(
            ["kommune_id"], ["kommune.id"], name=op.f("fk_catalogue_entry_kommune_id_kommune"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_entry")),
        sa.UniqueConstraint("kommune_id", "key", name=op.f("uq_catalogue_entry_kommune_id_key")),
    )
    with op.batch_alter_table("catalogue_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_entry_kommune_id"), ["kommune_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("catalogue_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_entry_kommune_id"))
    op.drop_table("catalogue_entry")
