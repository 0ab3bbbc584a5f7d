"""The URL table of answers handed over: answer files and typed-in paper sheets."""

from flask import Blueprint

from app.handover import views

bp = Blueprint("handover", __name__, url_prefix="/planner/surveys")
BOTH = ["GET", "POST"]
bp.add_url_rule("/<int:campaign_id>/answer-files", "upload", views.upload, methods=BOTH)
bp.add_url_rule("/<int:campaign_id>/paper", "type_in", views.type_in, methods=BOTH)
