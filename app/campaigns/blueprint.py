"""The URL table of the planner's surveys: list, set-up, links, posters, bursts."""

from flask import Blueprint

from app.campaigns import views

bp = Blueprint("campaigns", __name__, url_prefix="/planner")
SURVEY = "/surveys/<int:campaign_id>"
bp.add_url_rule("/", "home", views.home)
bp.add_url_rule(
    "/kommune/<int:kommune_id>/surveys/new", "campaign_new", views.campaign_new,
    methods=["GET", "POST"],
)  # fmt: skip
bp.add_url_rule(f"{SURVEY}/edit", "campaign_edit", views.campaign_edit, methods=["GET", "POST"])
bp.add_url_rule(SURVEY, "campaign", views.campaign)
bp.add_url_rule(f"{SURVEY}/posters.pdf", "posters", views.posters)
bp.add_url_rule(f"{SURVEY}/bursts", "bursts_page", views.bursts_page)
bp.add_url_rule(
    f"{SURVEY}/bursts/set-aside", "burst_set_aside", views.burst_set_aside, methods=["POST"]
)
bp.add_url_rule(f"{SURVEY}/bursts/restore", "burst_restore", views.burst_restore, methods=["POST"])
