"""The URL table of the round table."""

from flask import Blueprint

from app.moderator import views

bp = Blueprint("moderator", __name__, url_prefix="/moderator")
AREA = "/surveys/<int:campaign_id>/areas/<area_code>"
bp.add_url_rule("/", "home", views.home)
bp.add_url_rule("/surveys/<int:campaign_id>/comments", "comments", views.comments)
bp.add_url_rule(
    "/surveys/<int:campaign_id>/comments/<int:comment_id>",
    "review_comment",
    views.review_comment,
    methods=["POST"],
)
bp.add_url_rule(AREA, "table", views.table)
bp.add_url_rule(f"{AREA}/present", "present", views.present)
bp.add_url_rule(f"{AREA}/live", "live_fragment", views.live_fragment)
bp.add_url_rule(f"{AREA}/record", "save_record", views.save_record, methods=["POST"])
bp.add_url_rule(f"{AREA}/group", "group", views.group, methods=["GET", "POST"])
