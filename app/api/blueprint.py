"""The URL table of the JSON API (described in openapi.yaml beside it)."""

from flask import Blueprint

from app.api import views

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.add_url_rule("/responses", "create_response", views.create_response, methods=["POST"])
bp.add_url_rule("/openapi.yaml", "openapi", views.openapi)
