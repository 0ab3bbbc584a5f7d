"""The round tables' verdicts a need-based allocation weights by: one per Quartier and round.

The verdict is the record's overall need (``confirmed`` / ``unclear`` / ``not_confirmed``,
:data:`app.models.roundtable.NEED_VERDICTS`) as saved on the round table's page
(:func:`app.services.roundtable.save_record`); nothing here judges a need itself.
"""

from __future__ import annotations

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import select

from app.core.extensions import db
from app.models import Area, Campaign, Kommune, ValidationRecord
from app.services.fund_settings import FundsError


def _records(kommune: Kommune):
    return (
        select(Campaign.round_label, Area.code, ValidationRecord.overall_need)
        .join(ValidationRecord, ValidationRecord.campaign_id == Campaign.id)
        .join(Area, Area.id == ValidationRecord.area_id)
        .where(Campaign.kommune_id == kommune.id, ValidationRecord.overall_need.is_not(None))
    )


def verdict_rounds(kommune: Kommune) -> list[str]:
    """The rounds of the Kommune in which a round table gave a verdict, newest first.

    With a database session (see the tests)::

        verdict_rounds(kommune)
        # ['2025', '2023']
    """
    labels = db.session.scalars(
        select(Campaign.round_label).where(Campaign.id.in_(
            select(ValidationRecord.campaign_id).where(ValidationRecord.overall_need.is_not(None))
        ), Campaign.kommune_id == kommune.id).distinct()
    )  # fmt: skip
    return sorted(set(labels), reverse=True)


def verdicts(kommune: Kommune, round_label: str | None = None) -> tuple[pd.Series, str]:
    """Each Quartier's verdict in ``round_label`` (default: the newest round with verdicts),
    as a Series code -> verdict, and the round; FundsError with a sentence if there is none.

    Two surveys of the same round that both judged a Quartier: the newer record counts.

    With a database session (see the tests)::

        found, label = verdicts(kommune)
        found.to_dict()
        # {'01': 'confirmed', '02': 'unclear'}
    """
    rounds = verdict_rounds(kommune)
    if not rounds:
        raise FundsError(_("No round table of %(kommune)s has given a verdict on a need yet: "
                           "allocate by index class, or record the round tables' verdicts "
                           "first.", kommune=kommune.name))  # fmt: skip
    label = rounds[0] if round_label is None else round_label
    if label not in rounds:
        raise FundsError(_("No round table gave a verdict in the round “%(round)s” (rounds with "
                           "verdicts: %(rounds)s).", round=label,
                           rounds=", ".join(rounds)))  # fmt: skip
    stmt = _records(kommune).where(Campaign.round_label == label)
    stmt = stmt.order_by(ValidationRecord.updated_at, ValidationRecord.id)
    rows = pd.DataFrame(db.session.execute(stmt).all(), columns=["round", "area_code", "need"])
    newest = rows.drop_duplicates("area_code", keep="last")
    return newest.set_index("area_code")["need"].astype(str), label
