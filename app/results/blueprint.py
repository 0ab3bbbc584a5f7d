"""The URL table of public results."""

from flask import Blueprint

from app.results import views

bp = Blueprint("results", __name__, url_prefix="/results")
bp.add_url_rule("/<int:campaign_id>", "campaign", views.campaign)
