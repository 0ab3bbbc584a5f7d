"""The URL table of the offers pages."""

from flask import Blueprint

from app.offers import views

bp = Blueprint("offers", __name__, url_prefix="/planner")
KOMMUNE = "/kommune/<int:kommune_id>"
bp.add_url_rule(f"{KOMMUNE}/offers", "offers_page", views.offers_page)
bp.add_url_rule(f"{KOMMUNE}/offers", "offers_change", views.offers_change, methods=["POST"])
bp.add_url_rule(f"{KOMMUNE}/offers/download", "offers_download", views.offers_download)
