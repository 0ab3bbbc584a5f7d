"""Reading an answer file saved on a phone and storing each answer once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from app.core import safejson
from app.models import Campaign
from app.models.survey import ROLES
from app.services.answer_checks import SubmissionRejected
from app.services.submissions import CampaignNotOpen, submit

#: What the phone writes into the file (see QKQueue.exportFile in app/static/js/survey.js).
FILE_FORMAT = "quartierskompass-answers"
FILE_VERSION = 1
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ANSWERS = 5000


class HandoverFileError(ValueError):
    """The file cannot be read as an answer file; nothing was stored."""


@dataclass(frozen=True)
class AnswerResult:
    """What happened to one answer of the file: ``stored``, ``already`` there or ``refused``."""

    uuid: str
    area: str
    status: str
    reason: str = ""


def read_answer_file(data: bytes) -> list[dict[str, Any]]:
    """The answers of an answer file; raise HandoverFileError with a sentence for the planner."""
    if not data:
        raise HandoverFileError(_("Please choose the answer file saved on the phone."))
    if len(data) > MAX_FILE_BYTES:
        raise HandoverFileError(
            _("This file is too big (at most %(mb)d MB).", mb=MAX_FILE_BYTES // (1024 * 1024))
        )
    try:
        content = safejson.loads(data)
    except safejson.TooDeep as exc:
        raise HandoverFileError(
            _(
                "This file is nested more than %(levels)d levels deep, so it is not an answer "
                "file from Quartierskompass.",
                levels=exc.limit,
            )
        ) from None
    except ValueError:
        raise HandoverFileError(
            _("This is not an answer file from Quartierskompass (it is not JSON).")
        ) from None
    if not isinstance(content, dict) or content.get("format") != FILE_FORMAT:
        raise HandoverFileError(_("This is not an answer file from Quartierskompass."))
    if content.get("version") != FILE_VERSION:
        raise HandoverFileError(
            _("This answer file has a version this server cannot read. Please update the server.")
        )
    answers = content.get("answers")
    if not isinstance(answers, list) or not all(isinstance(a, dict) for a in answers):
        raise HandoverFileError(_("The answers in this file are damaged."))
    if not answers:
        raise HandoverFileError(_("This file contains no answers."))
    if len(answers) > MAX_ANSWERS:
        raise HandoverFileError(
            _("This file has more than %(max)d answers. Please split it.", max=MAX_ANSWERS)
        )
    return answers


def import_answers(campaign: Campaign, data: bytes) -> list[AnswerResult]:
    """Store each answer of the file for ``campaign`` with channel "file"; report per answer.

    An answer already stored (same UUID) is reported and not added again, so uploading a file
    twice adds nothing. The whole file is refused when none of its answers belong to this
    survey. A survey that has closed still takes the file: its answers waited on a phone.
    """
    answers = read_answer_file(data)
    roles = {campaign.token_for(role): role for role in ROLES}
    if not any(str(answer.get("token") or "") in roles for answer in answers):
        raise HandoverFileError(
            _(
                "The answers in this file belong to another survey. "
                "Please upload it on the page of that survey."
            )
        )
    return [_import_one(campaign, roles, answer) for answer in answers]


def _import_one(campaign: Campaign, roles: dict[str, str], answer: dict) -> AnswerResult:
    uuid, area = str(answer.get("uuid") or ""), str(answer.get("area") or "")
    role = roles.get(str(answer.get("token") or ""))
    if role is None:
        return AnswerResult(uuid, area, "refused", _("This answer belongs to another survey."))
    if role not in campaign.enabled_roles:
        # A link the planner switched off is not a valid link, in a file neither.
        reason = _("This survey no longer takes answers from this link.")
        return AnswerResult(uuid, area, "refused", reason)
    if answer.get("role") not in (None, role):
        reason = _("This link is for a different group of participants.")
        return AnswerResult(uuid, area, "refused", reason)
    try:
        outcome = submit(campaign, role, answer, channel="file", by_staff=True)
    except CampaignNotOpen as exc:
        return AnswerResult(uuid, area, "refused", exc.message)
    except SubmissionRejected as exc:
        return AnswerResult(uuid, area, "refused", " ".join(e.message for e in exc.errors))
    return AnswerResult(outcome.uuid, area, "stored" if outcome.created else "already")
