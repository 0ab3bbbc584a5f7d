"""The URL table of the printable questionnaires."""

from flask import Blueprint

from app.paper import views

bp = Blueprint("paper", __name__, url_prefix="/paper")
bp.add_url_rule("/<token>.pdf", "survey_pdf", views.survey_pdf)
bp.add_url_rule("/<token>/<area_code>.pdf", "area_pdf", views.area_pdf)
