"""A campaign's aggregated, k-suppressed results for pages: from raw answers or the snapshot.

Nothing is aggregated here: the database counts the scores (:mod:`app.services.score_counts`)
and :func:`analysis.stats.aggregate.aggregate_counts` turns the counts into statistics; this
module picks the source (the counted raw answers, or the snapshot kept when they were deleted)
and reads rows out of the result for templates.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select

from analysis.stats.aggregate import aggregate_counts, filter_comments
from app.core.extensions import db
from app.models import AggregateSnapshot, Campaign
from app.services import result_cache, result_pieces
from app.services.queries import comments_frame
from app.services.score_counts import people_frame, score_counts_frame

BY = ("round", "area_code", "role")


@dataclass
class Aggregates:
    """Per theme (``aggregated``) and over all themes (``overall``) for round, area and role."""

    aggregated: pd.DataFrame
    #: The table, or how to compute it on first use (the live fragment never reads it).
    overall_source: pd.DataFrame | Callable[[], pd.DataFrame] = field(repr=False)
    from_snapshot: bool
    #: Counted people per round, area and role (``people_frame``); None from the snapshot.
    people: pd.DataFrame | None = None
    #: The rows by (round, area_code, role), made once on first use (see ``medians``).
    by_group: dict | None = field(default=None, repr=False)
    overall_by_group: dict | None = field(default=None, repr=False)

    @property
    def overall(self) -> pd.DataFrame:
        """Per round, area and role over all themes (computed the first time it is read)."""
        if callable(self.overall_source):
            # Two threads may both compute it on a shared (cached) value: both get equal tables.
            self.overall_source = self.overall_source()
        return self.overall_source


def instrument_scale(campaign: Campaign) -> tuple[int, int]:
    """The scale the campaign's ratings are read on (1–7, or 1–3 for the children's version)."""
    return campaign.instrument.scale_min, campaign.instrument.scale_max


def snapshot(campaign: Campaign) -> AggregateSnapshot | None:
    """The aggregates kept for the campaign, if any were kept."""
    return db.session.scalar(
        select(AggregateSnapshot).where(AggregateSnapshot.campaign_id == campaign.id)
    )


def computed(campaign: Campaign, area_codes: Iterable[str] | None = None) -> Aggregates:
    """The aggregates of the campaign's counted raw answers, suppressed with its k.

    With ``area_codes``, only those Quartiere's groups (the same rows as in the whole table:
    every group belongs to one area).
    """
    # Two grouped queries, not every rating: a refresh with 10,000 answers reads a few
    # hundred rows (issue 10); the whole campaign's only for Quartiere whose answers changed.
    if area_codes is None:
        counts, people = result_pieces.area_counts(campaign)
    else:
        counts = score_counts_frame([campaign.id], area_codes)
        people = people_frame([campaign.id], area_codes)
    k, scale = campaign.min_group_size, instrument_scale(campaign)
    return Aggregates(
        aggregate_counts(counts, k=k, by=(*BY, "theme"), scale=scale),
        lambda: aggregate_counts(counts, k=k, by=BY, scale=scale, people=people),
        False,
        people,
    )


def aggregates(campaign: Campaign, area_codes: Iterable[str] | None = None) -> Aggregates:
    """The campaign's aggregates; read from the snapshot once raw answers are deleted.

    ``area_codes`` limits the work to those Quartiere's groups (the snapshot is read whole).
    The tables are kept while the campaign's change counters stay (:mod:`.result_cache`).
    """
    kept = snapshot(campaign)
    if kept is None or kept.raw_deleted_at is None:
        # Kept while no answer, burst or setting changes (the results page, its maps and a
        # moderator's second look read the same tables); callers only read them.
        shown = None if area_codes is None else tuple(sorted(set(area_codes)))
        key = result_cache.campaign_key([campaign], shown)
        return result_cache.cached("aggregates", key, lambda: computed(campaign, shown))
    aggregated = pd.DataFrame.from_records(kept.data.get("aggregated", []))
    overall = pd.DataFrame.from_records(kept.data.get("overall", []))
    if aggregated.empty:
        aggregated = pd.DataFrame(columns=[*BY, "theme", "n_respondents", "median"])
        overall = pd.DataFrame(columns=[*BY, "n_respondents", "median"])
    for frame in (aggregated, overall):
        frame["suppressed"] = frame.get("suppressed", False)
    return Aggregates(aggregated, overall, True)


def snapshot_data(campaign: Campaign) -> dict[str, list[dict]]:
    """What a snapshot keeps: both aggregate tables as JSON-safe records (NaN becomes None)."""
    fresh = computed(campaign)
    if fresh.aggregated.empty:
        return {"aggregated": [], "overall": []}
    return {"aggregated": _records(fresh.aggregated), "overall": _records(fresh.overall)}


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.astype(object).where(frame.notna(), None).to_json(orient="records"))


def shown_comments(
    campaign: Campaign, area_code: str, people: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Comments of one area from groups with at least k respondents (none after deletion).

    ``people`` may pass the counted people already read (:attr:`Aggregates.people`).
    """
    if people is None:
        people = people_frame([campaign.id], [area_code])
    comments = comments_frame([campaign.id], [area_code])
    return filter_comments(comments, k=campaign.min_group_size, by=BY, people=people)


def _value(value, kind):
    return None if pd.isna(value) else kind(value)


def _cells(frame: pd.DataFrame, keys: list[str]) -> dict[tuple, list[dict]]:
    """Rows of ``frame`` as ``{"n", "median", "suppressed"}`` (plus theme) by their keys: one
    pass, so a page of 542 Quartiere does not filter the table 542 times."""
    cells: dict[tuple, list[dict]] = {}
    theme = frame["theme"] if "theme" in frame else pd.Series("", index=frame.index)
    for *key, slug, n, median, suppressed in zip(
        *(frame[k].astype(str) for k in keys), theme, frame["n_respondents"], frame["median"],
        frame["suppressed"], strict=True,
    ):  # fmt: skip
        cells.setdefault(tuple(key), []).append(
            {
                "theme": str(slug),
                "n": _value(n, int),
                "median": _value(median, float),
                "suppressed": bool(suppressed),
            }  # fmt: skip
        )
    return cells


def _groups(agg: Aggregates) -> dict[tuple, list[dict]]:
    if agg.by_group is None:
        agg.by_group = _cells(agg.aggregated, ["round", "area_code", "role"])
    return agg.by_group


def medians(agg: Aggregates, area_code: str, role: str, round_: str) -> dict[str, float | None]:
    """Theme medians of one group; suppressed themes are missing (gaps in the compass)."""
    return {c["theme"]: c["median"] for c in _groups(agg).get((round_, area_code, role), [])}


def theme_rows(agg: Aggregates, area_code: str, round_: str) -> dict[str, dict[str, dict]]:
    """``{role: {theme: {"n": …, "median": …, "suppressed": bool}}}`` for one area and round."""
    result: dict[str, dict[str, dict]] = {}
    for (group_round, code, role), cells in _groups(agg).items():
        if group_round == round_ and code == area_code:
            result[role] = {c["theme"]: {k: c[k] for k in ("n", "median", "suppressed")}
                            for c in cells}  # fmt: skip
    return result


def overall_cell(agg: Aggregates, area_code: str, role: str, round_: str) -> dict:
    """``{"n", "median", "suppressed"}`` of one group over all themes (None where not known)."""
    if agg.overall_by_group is None:
        agg.overall_by_group = _cells(agg.overall, ["round", "area_code", "role"])
    found = agg.overall_by_group.get((round_, area_code, role))
    if not found:
        return {"n": None, "median": None, "suppressed": False}
    return {k: found[0][k] for k in ("n", "median", "suppressed")}
