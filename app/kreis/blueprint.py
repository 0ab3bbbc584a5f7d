"""The URL table of the Kreis pages."""

from flask import Blueprint

from app.kreis import views

bp = Blueprint("kreis", __name__, url_prefix="/planner")
KREIS = "/kreis/<int:kreis_id>"
bp.add_url_rule("/kreise", "home", views.home)
bp.add_url_rule(KREIS, "overview", views.overview)
bp.add_url_rule(f"{KREIS}/similar", "similar", views.similar)
bp.add_url_rule(f"{KREIS}/kommune/<int:kommune_id>", "profile", views.profile)
