"""instruments name their audience; the children's age bands (issue 13)

Revision ID: 0015_children
Revises: 0014_offers
Create Date: 2026-11-30 19:40:00

"""

from alembic import op
import sqlalchemy as sa


revision = "0015_children"
down_revision = "0014_offers"
branch_labels = None
depends_on = None

ADULT_BANDS = "'under_18', '18_29', '30_44', '45_64', '65_79', '80_plus'"
CHILD_BANDS = "'6_7', '8_9', '10_12'"


def upgrade():
    with op.batch_alter_table("instrument", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("audience", sa.String(length=16), server_default="adults", nullable=False)
        )
        batch_op.create_check_constraint("audience", "audience IN ('adults', 'children')")
    # The shipped children's instrument was stored before instruments had an audience.
    op.execute("UPDATE instrument SET audience = 'children' WHERE slug = 'place-standard-kinder'")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_constraint("age_band", type_="check")
        batch_op.create_check_constraint(
            "age_band", f"age_band IS NULL OR age_band IN ({ADULT_BANDS}, {CHILD_BANDS})"
        )


def downgrade():
    op.execute(f"UPDATE response SET age_band = NULL WHERE age_band IN ({CHILD_BANDS})")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_constraint("age_band", type_="check")
        batch_op.create_check_constraint(
            "age_band", f"age_band IS NULL OR age_band IN ({ADULT_BANDS})"
        )
    with op.batch_alter_table("instrument", schema=None) as batch_op:
        batch_op.drop_constraint("audience", type_="check")
        batch_op.drop_column("audience")
