"""Bursts of answers for one Quartier and role, and setting them aside so that they count nowhere.

An answer keeps only its day, never a time (README, "Anonymity"). What still shows a burst is the
order in which answers arrived, which their ids already keep: within one survey and one day, a
**burst** is a run of at least ``min_run`` answers in arrival order that all name the same
Quartier and role, with no other answer of the survey in between. Fake answers typed in one
after another form such a run; a real walk group can too, which is why a planner decides.

Setting a burst aside marks its answers (``response.set_aside_id``); the frames in
``app.services.queries`` leave them out, so they count in no aggregate, k-count, comment, export
or report. It is recorded (who, when, why) and can be undone.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from flask_babel import gettext as _
from sqlalchemy import select, update

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Campaign, Response, SetAside, User
from app.models.accounts import utcnow
from app.models.bursts import MAX_REASON_LENGTH

#: Shortest run shown by default; a planner can look at shorter ones (down to 2).
DEFAULT_MIN_RUN = 3
MIN_RUN_RANGE = (2, 100)


class BurstError(ValueError):
    """A request a planner can fix; the message is a translated sentence."""


@dataclass(frozen=True)
class Burst:
    """A run of answers for one area and role; ``group_size`` counts the group without set-asides.

    ``decides_k`` says that the run decides whether the group reaches k: with the run counted
    the group is shown, without it the group is suppressed.
    """

    first_id: int
    last_id: int
    area: Area
    role: str
    day: dt.date
    size: int
    channels: tuple[str, ...]
    group_size: int
    decides_k: bool
    set_aside: SetAside | None


def find_bursts(campaign: Campaign, min_run: int = DEFAULT_MIN_RUN) -> list[Burst]:
    """The survey's runs of at least ``min_run`` answers, those that decide k first.

    Runs already set aside are listed too (with their record), so they can be restored.

    Example: four experts' answers for Quartier "1 a" typed in one after another give
    ``[(b.area.code, b.role, b.size) for b in find_bursts(campaign)] == [("1 a", "expert", 4)]``
    (``tests/security/test_bursts.py`` runs it).
    """
    runs = _runs(campaign)
    counted = Counter((r.area_id, r.role) for run in runs for r in run if _active(r))
    areas = {area.id: area for area in campaign.areas}
    records = {r.id: r for r in db.session.scalars(_records_of(campaign))}
    k = campaign.min_group_size
    bursts = []
    for run in runs:
        if len(run) < min_run:
            continue
        head, size = run[0], len(run)
        group = counted[(head.area_id, head.role)]
        record = records.get(head.set_aside_id) if head.set_aside_id else None
        with_run = group if record is None else group + size
        bursts.append(
            Burst(
                first_id=head.id,
                last_id=run[-1].id,
                area=areas.get(head.area_id) or db.session.get(Area, head.area_id),
                role=head.role,
                day=head.submitted_on,
                size=size,
                channels=tuple(sorted({r.channel for r in run})),
                group_size=group,
                decides_k=with_run >= k > with_run - size,
                set_aside=record,
            )
        )
    return sorted(bursts, key=lambda b: (not b.decides_k, -b.size, b.first_id))


def set_aside(campaign: Campaign, first_id: int, last_id: int, reason: str, user: User) -> SetAside:
    """Take the run ``first_id``…``last_id`` out of every count; raise BurstError otherwise."""
    reason = (reason or "").strip()
    if not reason:
        raise BurstError(_("Please write down why these answers are set aside."))
    if len(reason) > MAX_REASON_LENGTH:
        raise BurstError(
            _("Please shorten the reason to %(max)d characters.", max=MAX_REASON_LENGTH)
        )
    run = next((r for r in _runs(campaign) if r[0].id == first_id and r[-1].id == last_id), None)
    if run is None or not _active(run[0]):
        raise BurstError(_("These answers are no longer one burst. Please reload the page."))
    head = run[0]
    with write_transaction():
        record = SetAside(
            campaign_id=campaign.id,
            area_id=head.area_id,
            role=head.role,
            answers=len(run),
            reason=reason,
            set_by_id=user.id,
        )
        db.session.add(record)
        db.session.flush()
        marked = db.session.execute(
            update(Response)
            .where(
                Response.campaign_id == campaign.id,
                Response.id.between(first_id, last_id),
                Response.area_id == head.area_id,
                Response.role == head.role,
                Response.set_aside_id.is_(None),
            )
            .values(set_aside_id=record.id)
        ).rowcount
        if marked != len(run):  # answers arrived or were set aside meanwhile: change nothing
            raise BurstError(_("These answers are no longer one burst. Please reload the page."))
    return record


def restore(campaign: Campaign, record_id: int, user: User) -> SetAside:
    """Let the answers of a set-aside burst count again; the record keeps who did it and when."""
    record = db.session.get(SetAside, record_id)
    if record is None or record.campaign_id != campaign.id or not record.active:
        raise BurstError(_("These answers are not set aside. Please reload the page."))
    with write_transaction():
        db.session.execute(
            update(Response).where(Response.set_aside_id == record.id).values(set_aside_id=None)
        )
        record.restored_at = utcnow()
        record.restored_by_id = user.id
    return record


def history(campaign: Campaign) -> list[SetAside]:
    """Every set-aside record of the survey, newest first."""
    return list(db.session.scalars(_records_of(campaign).order_by(SetAside.id.desc())))


def min_run_from(raw: str | None) -> int:
    """The shortest run to show, from a query value; the default if missing or out of range."""
    low, high = MIN_RUN_RANGE
    value = int(raw) if raw and raw.strip().isdigit() else DEFAULT_MIN_RUN
    return value if low <= value <= high else DEFAULT_MIN_RUN


def _records_of(campaign: Campaign):
    return select(SetAside).where(SetAside.campaign_id == campaign.id)


def _active(row) -> bool:
    return row.set_aside_id is None


def _runs(campaign: Campaign) -> list[Sequence]:
    """The survey's answers in arrival order, cut into runs of one area, role, day and state."""
    rows = db.session.execute(
        select(
            Response.id,
            Response.area_id,
            Response.role,
            Response.submitted_on,
            Response.channel,
            Response.set_aside_id,
        )
        .where(Response.campaign_id == campaign.id)
        .order_by(Response.id)
    ).all()
    return [list(run) for _key, run in groupby(rows, key=_run_key)]


def _run_key(row) -> tuple:
    return (row.area_id, row.role, row.submitted_on, row.set_aside_id)


def answer_id(raw: str | None) -> int:
    """An id posted by the bursts page; -1 (which names nothing) for anything else."""
    return int(raw) if raw and raw.strip().isdigit() else -1
