"""The URL table of the social index, its saved versions and the map."""

from flask import Blueprint

from app.index import views

bp = Blueprint("index", __name__, url_prefix="/planner")
KOMMUNE = "/kommune/<int:kommune_id>"
VERSION = f"{KOMMUNE}/index/versions/<int:version_id>"
bp.add_url_rule(f"{KOMMUNE}/index", "page", views.page, methods=["GET", "POST"])
bp.add_url_rule(f"{VERSION}/rename", "rename", views.rename, methods=["POST"])
bp.add_url_rule(f"{VERSION}/delete", "delete", views.delete, methods=["POST"])
bp.add_url_rule(f"{KOMMUNE}/index/compare", "compare", views.compare)
bp.add_url_rule(
    f"{KOMMUNE}/index/surveys/<int:campaign_id>", "choose", views.choose, methods=["POST"]
)
bp.add_url_rule(f"{KOMMUNE}/map", "map_page", views.map_page)
bp.add_url_rule(f"{KOMMUNE}/map.geojson", "map_geojson", views.map_geojson)
