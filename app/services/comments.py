"""Review of residents' comments: nothing a resident wrote reaches a reader before a person saw it.

A planner or moderator shows a comment as written, hides it with a reason, or redacts it
(names of private persons, insults, addresses replaced). Readers get comments only through
``app.services.queries.comments_frame``, which returns shown and redacted comments – the
redacted text, never the original. Unreviewed comments are counted here, never shown.
Every decision is logged (who, when).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import func, select

from analysis.stats.aggregate import filter_comments
from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Campaign, Comment, CommentReview, Response, Theme, User
from app.models.reviews import DECISIONS, HIDE_REASONS
from app.models.survey import MAX_COMMENT_LENGTH, REVIEW_STATES
from app.services.aggregates import BY
from app.services.queries import COUNTED
from app.services.score_counts import people_frame, unreviewed_counts_frame

#: How many comments the queue shows at once; the next ones follow after a decision.
QUEUE_SIZE = 50


class ReviewError(ValueError):
    """A review the reviewer can correct; the message is a translated sentence."""


@dataclass(frozen=True)
class QueueItem:
    """One comment as the reviewer sees it, with the last decision on it (if any)."""

    comment: Comment
    area: Area
    theme: Theme
    last: CommentReview | None


def review_counts(campaign: Campaign) -> dict[str, int]:
    """Counted comments of the campaign per review state, every state present.

    Examples
    --------
    With a database session (see the tests)::

        review_counts(campaign)
        # {'new': 3, 'shown': 10, 'hidden': 1, 'redacted': 2}
    """
    stmt = (
        select(Comment.review, func.count())
        .join(Response, Comment.response_id == Response.id)
        .where(Response.campaign_id == campaign.id, COUNTED)
        .group_by(Comment.review)
    )
    counts = dict.fromkeys(REVIEW_STATES, 0)
    counts.update({state: int(n) for state, n in db.session.execute(stmt)})
    return counts


def waiting_for_review(
    campaign: Campaign, area_code: str, people: pd.DataFrame | None = None
) -> int:
    """Unreviewed comments of one Quartier from groups of at least k (what the room may know).

    Comments of smaller groups are not counted, so the number reveals no suppressed group.
    ``people`` may pass the Quartier's counted people already read (``people_frame``).

    Examples
    --------
    With a database session (see the tests)::

        waiting_for_review(campaign, "1 a")
        # 4
    """
    # One Quartier's groups only (a group is one area's, so its k does not depend on the
    # others), counted by the database: one row per group, not one per comment.
    pending = unreviewed_counts_frame([campaign.id], [area_code])
    if pending.empty:
        return 0
    if people is None:
        people = people_frame([campaign.id], [area_code])
    kept = filter_comments(pending, k=campaign.min_group_size, by=BY, people=people)
    return int(kept["count"].sum())


def review_queue(campaign: Campaign, state: str = "new") -> list[QueueItem]:
    """The first ``QUEUE_SIZE`` counted comments in ``state``, oldest first, with the last
    decision on each.

    Examples
    --------
    With a database session (see the tests)::

        [item.comment.text for item in review_queue(campaign)]
        # ['Schöner Park', 'Mehr Bänke']
    """
    if state not in REVIEW_STATES:
        state = "new"
    stmt = (
        select(Comment, Area, Theme)
        .join(Response, Comment.response_id == Response.id)
        .join(Area, Response.area_id == Area.id)
        .join(Theme, Comment.theme_id == Theme.id)
        .where(Response.campaign_id == campaign.id, COUNTED, Comment.review == state)
        .order_by(Comment.id)
        .limit(QUEUE_SIZE)
    )
    rows = db.session.execute(stmt).all()
    last = _last_decisions([comment.id for comment, _a, _t in rows])
    return [QueueItem(c, a, t, last.get(c.id)) for c, a, t in rows]


def _last_decisions(comment_ids: list[int]) -> dict[int, CommentReview]:
    if not comment_ids:
        return {}
    stmt = (
        select(CommentReview)
        .where(CommentReview.comment_id.in_(comment_ids))
        .order_by(CommentReview.id)
    )
    return {review.comment_id: review for review in db.session.scalars(stmt)}


def review_comment(
    campaign: Campaign,
    comment_id: int,
    decision: str,
    reviewer: User,
    *,
    reason: str | None = None,
    redacted: str | None = None,
) -> Comment:
    """Show, hide (with a reason from ``HIDE_REASONS``) or redact one comment of the campaign.

    A redacted comment keeps its original only in ``Comment.text`` (deleted with the raw
    answers); readers and exports get ``redacted``. Raises :class:`ReviewError` with a
    sentence for the reviewer.

    Examples
    --------
    With a database session (see the tests)::

        review_comment(campaign, 7, "redacted", planner, redacted="Herr [Name] ist laut")
        # <Comment ...>
    """
    comment = _comment_of(campaign, comment_id)
    if decision not in DECISIONS:
        raise ReviewError(_("Please choose show, hide or redact."))
    reason = reason if decision == "hidden" else None
    if decision == "hidden" and reason not in HIDE_REASONS:
        raise ReviewError(_("Please say why the comment is hidden."))
    text = _redacted_text(redacted) if decision == "redacted" else None
    with write_transaction():
        comment.review = decision
        comment.redacted_text = text
        db.session.add(
            CommentReview(
                comment_id=comment.id, decision=decision, reason=reason, reviewer_id=reviewer.id
            )
        )
    return comment


def _comment_of(campaign: Campaign, comment_id: int) -> Comment:
    comment = db.session.scalar(
        select(Comment)
        .join(Response, Comment.response_id == Response.id)
        .where(Comment.id == comment_id, Response.campaign_id == campaign.id)
    )
    if comment is None:
        raise ReviewError(_("This comment no longer exists in this survey."))
    return comment


def _redacted_text(redacted: str | None) -> str:
    text = (redacted or "").strip()
    if not text:
        raise ReviewError(_("Please enter the text that should be shown instead."))
    if len(text) > MAX_COMMENT_LENGTH:
        raise ReviewError(
            _("The shown text can have at most %(n)d characters.", n=MAX_COMMENT_LENGTH)
        )
    return text


def hide_reason_titles() -> dict[str, str]:
    """The reasons for hiding a comment in the reader's language."""
    return {
        "person": _("names a private person"),
        "insult": _("insults someone"),
        "address": _("gives an address"),
        "off_topic": _("not about the Quartier"),
        "other": _("other reason"),
    }
