"""Survey rounds over time: the residents' theme medians per Quartier across the rounds of the
same Kommune and instrument, with their change and n, and participation per 1,000 residents.

Each round is aggregated and suppressed with its own k (:func:`app.services.aggregates.aggregates`,
from the kept snapshot once raw answers are deleted); :func:`analysis.stats.rounds.rounds_over_time`
never computes a change to or from a suppressed median, and
:func:`analysis.stats.rounds.participation` hides counts and rates below k and gives no total.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.stats.rounds import participation, rounds_over_time
from app.core.i18n import localized
from app.models import Campaign
from app.services import aggregates
from app.services.queries import areas_frame, earlier_rounds


def _resident(frame: pd.DataFrame, round_: str) -> pd.DataFrame:
    rows = frame[(frame["role"] == "resident") & (frame["round"] == round_)]
    return rows.drop(columns=[c for c in ("response_id",) if c in rows])


def medians_over_rounds(campaign: Campaign) -> pd.DataFrame:
    """Per Quartier, theme and round the residents' median, n and the change from the previous
    round (see :func:`analysis.stats.rounds.rounds_over_time`).

    Examples
    --------
    With a database session (see the tests)::

        medians_over_rounds(campaign).query("area_code == '2' and theme == 'play'")
    """
    rounds = earlier_rounds(campaign)
    frames = [_resident(aggregates.aggregates(c).aggregated, c.round_label) for c in rounds]
    order = list(dict.fromkeys(c.round_label for c in rounds))
    both = pd.concat(frames, ignore_index=True)
    return rounds_over_time(both, rounds=order)


def participation_over_rounds(campaign: Campaign) -> pd.DataFrame:
    """Per Quartier and round the residents who answered per 1,000 residents (the stored
    population of the Quartier), hidden below each round's k.

    Examples
    --------
    With a database session (see the tests)::

        participation_over_rounds(campaign)[["area_code", "round", "per_1000"]]
    """
    parts = []
    for c in earlier_rounds(campaign):
        overall = _resident(aggregates.aggregates(c).overall, c.round_label)
        counted = overall[["area_code", "round", "n_respondents"]]
        population = areas_frame(c.kommune, counted["area_code"])[["code", "population"]]
        population = population.rename(columns={"code": "area_code"})
        parts.append(participation(counted, population, k=c.min_group_size))
    return pd.concat(parts, ignore_index=True)


def rounds_page(campaign: Campaign, args: Mapping[str, str]) -> dict:
    """What the rounds page shows: the rounds, the chosen Quartier's theme rows (median, n and
    change per round) and participation per Quartier and round."""
    medians = medians_over_rounds(campaign)
    rounds = list(dict.fromkeys(c.round_label for c in earlier_rounds(campaign)))
    codes = [a.code for a in campaign.areas]
    area = args.get("area") if args.get("area") in codes else (codes[0] if codes else None)
    titles = {t.slug: localized(t.title) for t in campaign.instrument.themes}
    mine = medians[medians["area_code"] == area].set_index(["theme", "round"])
    themes = []
    for slug, title in titles.items():
        cells = [_cell(mine, slug, r) for r in rounds]
        themes.append({"title": title, "cells": cells})
    rates = participation_over_rounds(campaign).set_index(["area_code", "round"])
    table = [
        {"area": a, "cells": [_cell(rates, a.code, r) for r in rounds]} for a in campaign.areas
    ]
    return {"rounds": rounds, "area": area, "themes": themes, "participation": table}


def _cell(frame: pd.DataFrame, first: str, round_: str) -> dict | None:
    key = (first, round_)
    if key not in frame.index:
        return None
    row = frame.loc[key]
    return {k: (None if pd.isna(v) else v) for k, v in row.items()}
