"""The URL table of measures: the planner's pages, a moderator's proposal, the public list."""

from flask import Blueprint

from app.measures import views

bp = Blueprint("measures", __name__, url_prefix="/planner")
KOMMUNE = "/kommune/<int:kommune_id>/measures"
MEASURE = "/measures/<int:measure_id>"
bp.add_url_rule(KOMMUNE, "index", views.index)
bp.add_url_rule(f"{KOMMUNE}/new", "create", views.create, methods=["GET", "POST"])
bp.add_url_rule(f"{KOMMUNE}/public", "publish", views.publish, methods=["POST"])
bp.add_url_rule(f"{KOMMUNE}.csv", "download_csv", views.download_csv)
bp.add_url_rule(f"{KOMMUNE}.xlsx", "download_xlsx", views.download_xlsx)
bp.add_url_rule(MEASURE, "detail", views.detail)
bp.add_url_rule(f"{MEASURE}/edit", "edit", views.edit, methods=["GET", "POST"])
bp.add_url_rule(f"{MEASURE}/notes", "add_note", views.add_note, methods=["POST"])
bp.add_url_rule(
    "/surveys/<int:campaign_id>/areas/<area_code>/propose", "propose", views.propose,
    methods=["POST"],
)  # fmt: skip

#: Public: a Kommune's measures once its planner publishes them (nothing personal).
public_bp = Blueprint("public_measures", __name__, url_prefix="/measures")
public_bp.add_url_rule("/<int:kommune_id>", "list", views.public_list)
