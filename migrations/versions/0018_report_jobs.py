"""reports built in the background: report_job (issue 14)

Revision ID: 0018_report_jobs
Revises: 0017_kreis_index
Create Date: 2026-12-01 01:30:00

"""

from alembic import op
import sqlalchemy as sa


revision = "0018_report_jobs"
down_revision = "0017_kreis_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("codes", sa.JSON(), nullable=True),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("data_time", sa.DateTime(), nullable=True),
        sa.Column("answers", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=120), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_report_job_status")
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_report_job_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_job")),
    )
    with op.batch_alter_table("report_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_job_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_job_status"), ["status"], unique=False)


def downgrade():
    op.drop_table("report_job")
