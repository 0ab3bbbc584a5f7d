"""The URL table of the resident survey."""

from flask import Blueprint

from app.survey import views

bp = Blueprint("survey", __name__, url_prefix="/s")
bp.add_url_rule("/<token>", "choose_area", views.choose_area)
bp.add_url_rule("/<token>/<area_code>", "answer", views.answer, methods=["GET", "POST"])
bp.add_url_rule("/<token>/thanks/<uuid>", "thanks", views.thanks)
