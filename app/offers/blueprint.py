"""The URL table of the offers pages."""

from flask import Blueprint

from app.offers import views

bp = Blueprint("offers", __name__, url_prefix="/planner")
KOMMUNE = "/kommune/<int:kommune_id>"
bp.add_url_rule(f"{KOMMUNE}/offers", "offers_page", views.offers_page)
bp.add_url_rule(f"{KOMMUNE}/offers", "offers_change", views.offers_change, methods=["POST"])
bp.add_url_rule(f"{KOMMUNE}/offers/download", "offers_download", views.offers_download)
bp.add_url_rule(f"{KOMMUNE}/offers/upload", "offers_upload", views.offers_upload, methods=["POST"])
bp.add_url_rule(f"{KOMMUNE}/offers/preview", "offers_preview", views.offers_preview)
bp.add_url_rule(f"{KOMMUNE}/offers/preview", "offers_import", views.offers_import, methods=["POST"])
bp.add_url_rule(f"{KOMMUNE}/offers/map.geojson", "offers_map", views.offers_map)
bp.add_url_rule(
    f"{KOMMUNE}/offers/network", "offers_network", views.offers_network, methods=["POST"]
)
