"""a Kommune's walking network from an uploaded OpenStreetMap file (issue 15)

Revision ID: 0019_walking_network
Revises: 0018_report_jobs
Create Date: 2026-12-01 00:50:00

"""

from alembic import op
import sqlalchemy as sa


revision = "0019_walking_network"
down_revision = "0018_report_jobs"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "walking_network",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kommune_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("nodes", sa.Integer(), nullable=False),
        sa.Column("edges", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["kommune_id"], ["kommune.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kommune_id"),
    )


def downgrade():
    op.drop_table("walking_network")
