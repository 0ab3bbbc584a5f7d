"""The URL table of the Quartiere over time and the Sozialatlas."""

from flask import Blueprint

from app.atlas import views

bp = Blueprint("atlas", __name__, url_prefix="/planner")
KOMMUNE = "/kommune/<int:kommune_id>"
bp.add_url_rule(f"{KOMMUNE}/trends", "trends", views.trends)
bp.add_url_rule(f"{KOMMUNE}/atlas", "atlas", views.atlas_page)
bp.add_url_rule(f"{KOMMUNE}/atlas.<fmt>", "atlas_figure", views.atlas_figure)
bp.add_url_rule("/surveys/<int:campaign_id>/rounds", "rounds_page", views.rounds_page)
bp.add_url_rule(f"{KOMMUNE}/dynamics", "dynamics", views.dynamics_page)
