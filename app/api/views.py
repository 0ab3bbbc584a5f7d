"""JSON API used by the survey's offline queue and by other clients (see app/api/openapi.yaml)."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, jsonify, request, send_file
from flask_babel import gettext as _

from app.core import ratelimit, safejson
from app.core.config import allowed_origins, origin_of
from app.core.extensions import csrf
from app.services.answer_checks import SubmissionRejected
from app.services.audience import spoken
from app.services.submissions import CampaignNotOpen, UnknownLink, submit_json

OPENAPI = Path(__file__).with_name("openapi.yaml")
#: Larger bodies are refused with 413 before they are read.
MAX_BODY_BYTES = 1024 * 1024


def _error(status: int, message: str, errors: list[dict] | None = None):
    body: dict = {"message": message}
    if errors is not None:
        body["errors"] = errors
    return jsonify(body), status


def _origin_allowed() -> bool:
    """Same-origin requests and configured origins may post; clients without Origin (apps) too.

    The API does not use session-bound CSRF tokens, which could expire while an answer waits in
    the offline queue; the survey token, this Origin check and the answer's UUID protect it.
    Origins are compared whole (scheme, host and port), never as substrings. The app's own
    origin is the one this request reached, or the public QK_BASE_URL (behind a TLS proxy).
    """
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    sender = origin_of(origin)
    if sender is None:  # "null" (sandboxed or file pages) and anything that is no http(s) origin
        return False
    config = current_app.config
    own = {origin_of(request.host_url), origin_of(config.get("QK_BASE_URL") or "")}
    return sender in own or sender in allowed_origins(config.get("QK_ALLOWED_ORIGINS"))


@csrf.exempt
def create_response():
    if not _origin_allowed():
        return _error(403, _("Answers can only be sent from the survey's own pages."))
    # One answer is at most about 60 KB (14 themes, two comments of 2,000 characters each).
    request.max_content_length = MAX_BODY_BYTES
    try:
        payload = safejson.loads(request.get_data(cache=False)) if request.is_json else None
    except safejson.TooDeep as exc:
        message = _(
            "The request is nested more than %(levels)d levels deep. An answer is never that deep.",
            levels=exc.limit,
        )
        return _error(400, message, [{"field": "body", "message": message}])
    except ValueError:
        # Not JSON (or not UTF-8): the schema names the body as a whole.
        payload = None
    try:
        with ratelimit.answer_slot() as slot:
            outcome = submit_json(payload)
            slot.used = outcome.created
    except ratelimit.TooManyAnswers as exc:
        reply, status = _error(429, exc.message)
        reply.headers["Retry-After"] = str(exc.retry_after)
        return reply, status
    except UnknownLink as exc:
        return _error(404, exc.message)
    except CampaignNotOpen as exc:
        return _error(409 if exc.status == "not_yet_open" else 410, exc.message)
    except SubmissionRejected as exc:
        whole = [e.message for e in exc.errors if e.field == "body"]
        return _error(
            400,
            whole[0] if whole else spoken(exc.audience, "check_api"),
            [{"field": e.field, "message": e.message} for e in exc.errors],
        )
    # A retry gets the very same body as the first try; only the status tells them apart.
    body = {
        "uuid": outcome.uuid,
        "area": outcome.area,
        "role": outcome.role,
        "submitted_on": outcome.submitted_on.isoformat(),
    }
    return jsonify(body), 201 if outcome.created else 200


def openapi():
    return send_file(OPENAPI, mimetype="application/yaml")
