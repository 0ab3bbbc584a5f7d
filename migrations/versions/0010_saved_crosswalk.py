"""saved crosswalk in the database: every app process sees the one the planner saved

A crosswalk saved before this revision lived in instance/crosswalks/<kommune id>.json of one
process's machine; it is read into the table here, so nothing saved is lost.

Revision ID: 0010_saved_crosswalk
Revises: 0009_room_street
Create Date: 2026-11-30 16:30:00

"""
import json
from datetime import datetime, timezone
from pathlib import Path

from alembic import op
import sqlalchemy as sa
from flask import current_app


revision = '0010_saved_crosswalk'
down_revision = '0009_room_street'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('saved_crosswalk',
    sa.Column('kommune_id', sa.Integer(), nullable=False),
    sa.Column('links', sa.JSON(), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommune.id'], name=op.f('fk_saved_crosswalk_kommune_id_kommune'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('kommune_id', name=op.f('pk_saved_crosswalk'))
    )
    _carry_files_over(table)


def _carry_files_over(table):
    folder = Path(current_app.instance_path) / "crosswalks"
    if not folder.is_dir():
        return
    kommunen = {row[0] for row in op.get_bind().execute(sa.text("SELECT id FROM kommune"))}
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    rows = [
        {"kommune_id": int(path.stem), "links": json.loads(path.read_text("utf-8")), "saved_at": now}
        for path in sorted(folder.glob("*.json"))
        if path.stem.isdigit() and int(path.stem) in kommunen
    ]
    if rows:
        op.bulk_insert(table, rows)


def downgrade():
    op.drop_table('saved_crosswalk')
