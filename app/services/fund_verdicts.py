"""The round tables' verdicts a need-based allocation weights by: one per Quartier and round.

The verdict is the record's overall need, or (:func:`theme_verdicts`) the most need given on the
themes the planner chose (``confirmed`` / ``unclear`` / ``not_confirmed``,
:data:`app.models.roundtable.NEED_VERDICTS`) as saved on the round table's page
(:func:`app.services.roundtable.save_record`); nothing here judges a need itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import select

from app.core.extensions import db
from app.core.i18n import localized
from app.models import Area, Campaign, Kommune, ValidationRecord
from app.services.fund_settings import NEED_ORDER, FundsError
from app.services.instruments import load_place_standard


def _records(kommune: Kommune):
    return (
        select(Campaign.round_label, Area.code, ValidationRecord.overall_need)
        .join(ValidationRecord, ValidationRecord.campaign_id == Campaign.id)
        .join(Area, Area.id == ValidationRecord.area_id)
        .where(Campaign.kommune_id == kommune.id, ValidationRecord.overall_need.is_not(None))
    )


def verdict_rounds(kommune: Kommune, on_themes: bool = False) -> list[str]:
    """The rounds of the Kommune in which a round table gave an overall verdict, newest first;
    with ``on_themes`` also those in which it judged only single themes (the funds page offers
    both, since the planner may let chosen themes count).

    With a database session (see the tests)::

        verdict_rounds(kommune)
        # ['2025', '2023']
    """
    if on_themes:
        slugs = [slug for slug, _title in theme_choices()]
        stmt = select(Campaign.round_label, ValidationRecord.overall_need,
                      ValidationRecord.theme_needs)  # fmt: skip
        stmt = stmt.join(ValidationRecord, ValidationRecord.campaign_id == Campaign.id)
        rows = db.session.execute(stmt.where(Campaign.kommune_id == kommune.id))
        labels = [label for label, overall, needs in rows
                  if overall is not None or theme_verdict(needs or {}, slugs)]  # fmt: skip
        return sorted(set(labels), reverse=True)
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


def theme_choices() -> list[tuple[str, str]]:
    """The Place Standard themes a planner may let count, as (slug, title in the reader's
    language), in the instrument's order.

    With a database session (see the tests)::

        theme_choices()[0]
        # ('moving', 'Moving around')
    """
    themes = sorted(load_place_standard().themes, key=lambda theme: theme.position)
    return [(theme.slug, str(localized(theme.title))) for theme in themes]


def theme_titles(slugs: Sequence[str]) -> str:
    """The chosen themes as the reader reads them: their titles in the reader's language, in
    the order saved, joined by semicolons (a title may hold a comma); a slug the instrument no
    longer has stays as it is.

    With a database session (see the tests)::

        theme_titles(["play", "work"])
        # 'Spiel, Sport und Freizeit; Arbeit und lokale Wirtschaft'
    """
    titles = dict(theme_choices())
    return "; ".join(titles.get(slug, slug) for slug in slugs)


def theme_verdict(theme_needs: dict, themes: Sequence[str]) -> str | None:
    """A Quartier's verdict by the round table's verdicts on ``themes``: the most need any of
    them was given (in :data:`NEED_ORDER`); None if none of them was judged.

    Taking the most need keeps the promise of the allocation: a verdict raised on one chosen
    theme can only raise the Quartier's verdict, never lower its money.

    Examples
    --------
    >>> needs = {"play": {"need": "unclear"}, "work": {"need": "confirmed"}, "care": {}}
    >>> theme_verdict(needs, ["play", "care"]), theme_verdict(needs, ["play", "work"])
    ('unclear', 'confirmed')
    >>> theme_verdict(needs, ["care"]) is None
    True
    """
    given = [(theme_needs.get(slug) or {}).get("need") for slug in themes]
    ranks = [NEED_ORDER.index(need) for need in given if need in NEED_ORDER]
    return NEED_ORDER[max(ranks)] if ranks else None


def theme_verdicts(kommune: Kommune, round_label: str | None,
                   themes: Sequence[str]) -> tuple[pd.Series, str]:  # fmt: skip
    """Like :func:`verdicts`, but each Quartier's verdict is :func:`theme_verdict` of its
    record on ``themes``; rounds are those with a record on any of these themes.

    With a database session (see the tests)::

        found, label = theme_verdicts(kommune, None, ["play"])
        found.to_dict()
        # {'01': 'confirmed'}
    """
    stmt = select(Campaign.round_label, Area.code, ValidationRecord.theme_needs)
    stmt = stmt.join(ValidationRecord, ValidationRecord.campaign_id == Campaign.id)
    stmt = stmt.join(Area, Area.id == ValidationRecord.area_id)
    stmt = stmt.where(Campaign.kommune_id == kommune.id)
    stmt = stmt.order_by(ValidationRecord.updated_at, ValidationRecord.id)
    found = [(label, code, theme_verdict(needs or {}, themes))
             for label, code, needs in db.session.execute(stmt)]  # fmt: skip
    rows = pd.DataFrame(found, columns=["round", "area_code", "need"])
    rows = rows[rows["need"].notna()]
    rounds = sorted(set(rows["round"]), reverse=True)
    if not rounds:
        raise FundsError(_("No round table of %(kommune)s has given a verdict on the themes "
                           "%(themes)s yet.", kommune=kommune.name,
                           themes=", ".join(themes)))  # fmt: skip
    label = rounds[0] if round_label is None else round_label
    if label not in rounds:
        raise FundsError(_("No round table gave a verdict in the round “%(round)s” (rounds with "
                           "verdicts: %(rounds)s).", round=label,
                           rounds=", ".join(rounds)))  # fmt: skip
    newest = rows[rows["round"] == label].drop_duplicates("area_code", keep="last")
    return newest.set_index(newest["area_code"].astype(str))["need"].astype(str), label
