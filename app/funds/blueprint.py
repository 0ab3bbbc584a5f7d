"""The URL table of the allocation of funds."""

from flask import Blueprint

from app.funds import views

bp = Blueprint("funds", __name__, url_prefix="/planner")
FUNDS = "/kommune/<int:kommune_id>/funds"
SAVED = f"{FUNDS}/<int:allocation_id>"
bp.add_url_rule(FUNDS, "page", views.page, methods=["GET", "POST"])
bp.add_url_rule(f"{FUNDS}/compare", "compare", views.compare)
bp.add_url_rule(SAVED, "allocation", views.allocation)
bp.add_url_rule(f"{SAVED}/allocation.csv", "download_csv", views.download_csv)
bp.add_url_rule(f"{SAVED}/allocation.xlsx", "download_xlsx", views.download_xlsx)
bp.add_url_rule(f"{SAVED}/delete", "delete", views.delete, methods=["POST"])
