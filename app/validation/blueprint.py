"""The URL table of the validation's settings and methods pages."""

from flask import Blueprint

from app.validation import views

bp = Blueprint("validation", __name__, url_prefix="/planner")
bp.add_url_rule(
    "/kommune/<int:kommune_id>/validation", "settings", views.settings, methods=["GET", "POST"]
)
bp.add_url_rule("/surveys/<int:campaign_id>/methods", "methods", views.methods)
