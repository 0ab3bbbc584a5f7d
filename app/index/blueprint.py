"""The URL table of the social index and the map."""

from flask import Blueprint

from app.index import views

bp = Blueprint("index", __name__, url_prefix="/planner")
KOMMUNE = "/kommune/<int:kommune_id>"
bp.add_url_rule(f"{KOMMUNE}/index", "page", views.page, methods=["GET", "POST"])
bp.add_url_rule(f"{KOMMUNE}/map", "map_page", views.map_page)
bp.add_url_rule(f"{KOMMUNE}/map.geojson", "map_geojson", views.map_geojson)
