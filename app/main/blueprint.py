"""The URL table of the front page."""

from flask import Blueprint

from app.main import views

bp = Blueprint("main", __name__)
bp.add_url_rule("/", "index", views.index)
bp.add_url_rule("/healthz", "health", views.health)
