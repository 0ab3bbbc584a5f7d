"""The planner page where answer files from phones are uploaded."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from app.auth.access import campaign_for, staff
from app.handover.services import MAX_FILE_BYTES, HandoverFileError, import_answers

bp = Blueprint("handover", __name__, url_prefix="/planner/surveys")


@bp.route("/<int:campaign_id>/answer-files", methods=["GET", "POST"])
@staff("planner")
def upload(campaign_id: int):
    campaign = campaign_for("planner", campaign_id)
    results, error, status = None, None, 200
    if request.method == "POST":
        upload = request.files.get("file")
        data = upload.read(MAX_FILE_BYTES + 1) if upload else b""
        try:
            results = import_answers(campaign, data)
        except HandoverFileError as exc:
            name = (upload.filename or "").strip() if upload else ""
            error = _("%(file)s: %(problem)s", file=name, problem=exc) if name else str(exc)
            status = 400
    counts = Counter(result.status for result in results or [])
    return (
        render_template(
            "planner/handover.html", campaign=campaign, results=results, counts=counts, error=error
        ),
        status,
    )
