"""The URL table of the planner's data: Quartiere and indicator tables."""

from flask import Blueprint

from app.data import views

bp = Blueprint("data", __name__, url_prefix="/planner")
KOMMUNE = "/kommune/<int:kommune_id>"
BOTH = ["GET", "POST"]
bp.add_url_rule(f"{KOMMUNE}/areas", "areas", views.areas, methods=BOTH)
bp.add_url_rule(f"{KOMMUNE}/areas/preview", "areas_preview", views.areas_preview, methods=BOTH)
bp.add_url_rule(f"{KOMMUNE}/areas/edit", "areas_edit", views.areas_edit, methods=["POST"])
bp.add_url_rule(f"{KOMMUNE}/areas/state", "areas_state", views.areas_state, methods=["POST"])
bp.add_url_rule(f"{KOMMUNE}/indicators", "indicators", views.indicators, methods=BOTH)
bp.add_url_rule(f"{KOMMUNE}/catalogue", "catalogue", views.catalogue, methods=BOTH)
bp.add_url_rule(f"{KOMMUNE}/crosswalk", "crosswalk", views.crosswalk, methods=["POST"])
bp.add_url_rule(
    f"{KOMMUNE}/indicators/describe", "indicators_describe", views.indicators_describe,
    methods=["POST"],
)  # fmt: skip
bp.add_url_rule(
    f"{KOMMUNE}/indicators/preview", "indicators_preview", views.indicators_preview, methods=BOTH
)
