"""The URL table of public results."""

from flask import Blueprint

from app.results import views

bp = Blueprint("results", __name__, url_prefix="/results")
bp.add_url_rule("/<int:campaign_id>", "campaign", views.campaign)
bp.add_url_rule("/<int:campaign_id>/report", "report", views.report)
bp.add_url_rule("/<int:campaign_id>/report.css", "report_css", views.report_css)
