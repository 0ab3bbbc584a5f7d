"""The URL table of the Kreis pages."""

from flask import Blueprint

from app.kreis import views

bp = Blueprint("kreis", __name__, url_prefix="/planner")
KREIS = "/kreis/<int:kreis_id>"
bp.add_url_rule("/kreise", "home", views.home)
bp.add_url_rule(KREIS, "overview", views.overview)
bp.add_url_rule(f"{KREIS}/similar", "similar", views.similar)
bp.add_url_rule(f"{KREIS}/kommune/<int:kommune_id>", "profile", views.profile)
INDEX = f"{KREIS}/index/<int:kreis_version_id>"
bp.add_url_rule(f"{KREIS}/index", "save_index", views.save_index, methods=["POST"])
bp.add_url_rule(INDEX, "index_version", views.index_version)
bp.add_url_rule(f"{INDEX}/kommunen.csv", "index_kommunen_csv", views.index_kommunen_csv)
bp.add_url_rule(f"{INDEX}/quartiere.csv", "index_areas_csv", views.index_areas_csv)
bp.add_url_rule(f"{INDEX}/kreisindex.xlsx", "index_xlsx", views.index_xlsx)
bp.add_url_rule("/kreise/admin", "admin", views.admin)
bp.add_url_rule("/kreise/admin/create", "create", views.create, methods=["POST"])
bp.add_url_rule(f"{KREIS}/attach", "attach", views.attach, methods=["POST"])
bp.add_url_rule(f"{KREIS}/grant", "grant", views.grant, methods=["POST"])
bp.add_url_rule(f"{KREIS}/detach", "detach", views.detach, methods=["POST"])
bp.add_url_rule(f"{KREIS}/revoke", "revoke", views.revoke, methods=["POST"])
