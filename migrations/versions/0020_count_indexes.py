"""indexes for one Quartier's score counts (issue 10 §3)

Revision ID: 0020_count_indexes
Revises: 0019_walking_network
Create Date: 2026-12-01 01:20:00

"""

from alembic import op


revision = "0020_count_indexes"
down_revision = "0019_walking_network"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_response_campaign_area_role", "response", ["campaign_id", "area_id", "role"]
    )
    op.create_index(
        "ix_rating_response_theme_score", "rating", ["response_id", "theme_id", "score"]
    )


def downgrade():
    op.drop_index("ix_rating_response_theme_score", table_name="rating")
    op.drop_index("ix_response_campaign_area_role", table_name="response")
