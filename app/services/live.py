"""What the round-table view shows for one Quartier: compass, counts, comments, indicators."""

from __future__ import annotations

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import select

from app.core.extensions import db
from app.core.i18n import localized
from app.models import Area, Campaign, Indicator
from app.services import aggregates, comments, index_versions
from app.services.compass import compass_for
from app.services.queries import earlier_rounds, indicators_frame


def compare_choices(campaign: Campaign) -> list[Campaign]:
    """Earlier rounds of the same Kommune and instrument, newest first."""
    return [c for c in reversed(earlier_rounds(campaign)) if c.id != campaign.id]


def live_context(
    campaign: Campaign,
    area: Area,
    compare_area: Area | None = None,
    compare_campaign: Campaign | None = None,
) -> dict:
    """Template values for the live part of the round-table page."""
    agg = aggregates.aggregates(campaign)
    now = campaign.round_label
    lines = [
        (_("Residents"), "residents", aggregates.medians(agg, area.code, "resident", now)),
        (_("Professionals"), "experts", aggregates.medians(agg, area.code, "expert", now)),
    ]
    if compare_area is not None:
        values = aggregates.medians(agg, compare_area.code, "resident", now)
        lines.append((_("Residents of %(area)s", area=compare_area.name), "compare", values))
    elif compare_campaign is not None:
        other = aggregates.aggregates(compare_campaign)
        values = aggregates.medians(other, area.code, "resident", compare_campaign.round_label)
        label = _("Residents, round %(round)s", round=compare_campaign.round_label)
        lines.append((label, "compare", values))
    counts = aggregates.theme_rows(agg, area.code, now)
    themes = []
    for theme in campaign.instrument.themes:
        cells = {}
        for role in ("resident", "expert", "group"):
            cell = counts.get(role, {}).get(theme.slug)
            if cell is None:
                cells[role] = {"n": 0, "median": None, "reason": _("no answers yet")}
            elif cell["suppressed"]:
                reason = _("fewer than %(k)d answers", k=campaign.min_group_size)
                cells[role] = {"n": None, "median": None, "reason": reason}
            else:
                cells[role] = {**cell, "reason": ""}
        themes.append({"slug": theme.slug, "title": localized(theme.title), **cells})
    suppressed = {t["slug"] for t in themes if t["resident"]["median"] is None}
    return {
        "chart": compass_for(campaign, lines),
        "themes": themes,
        "suppressed": suppressed,
        "comments": _comments(campaign, area),
        "waiting": comments.waiting_for_review(campaign, area.code),
        "indicators": _indicators(campaign, area),
        "index_row": index_versions.area_row(campaign.kommune_id, area.code),
        "from_snapshot": agg.from_snapshot,
    }


def _comments(campaign: Campaign, area: Area) -> list[dict]:
    """Comments of non-suppressed groups, grouped by theme in instrument order."""
    frame = aggregates.shown_comments(campaign, area.code)
    grouped = []
    for theme in campaign.instrument.themes:
        rows = frame[frame["theme"] == theme.slug]
        if rows.empty:
            continue
        grouped.append(
            {
                "title": localized(theme.title),
                "good": rows.loc[rows["kind"] == "good", "text"].tolist(),
                "improve": rows.loc[rows["kind"] == "improve", "text"].tolist(),
            }
        )
    return grouped


def _indicators(campaign: Campaign, area: Area) -> list[dict]:
    """The Quartier's latest value of each indicator, with its name and unit."""
    frame = indicators_frame(campaign.kommune)
    frame = frame[frame["area_code"] == area.code].dropna(subset=["year"])
    if frame.empty:
        return []
    latest = frame.loc[frame.groupby("indicator")["year"].idxmax()]
    meta = {
        i.key: i
        for i in db.session.scalars(
            select(Indicator).where(Indicator.kommune_id == campaign.kommune_id)
        )
    }
    rows = []
    for r in latest.sort_values("indicator").itertuples():
        ind = meta.get(r.indicator)
        rows.append(
            {
                "name": localized(ind.name) if ind else r.indicator,
                "unit": ind.unit if ind else "",
                "year": int(r.year),
                "value": None if pd.isna(r.value) else float(r.value),
            }
        )
    return rows


def comparison(campaign: Campaign, raw: str) -> tuple[Area | None, Campaign | None]:
    """The Quartier or earlier round to overlay, from ``area:<code>`` or ``round:<id>``."""
    kind, _sep, value = raw.partition(":")
    if kind == "area":
        return next((a for a in campaign.areas if a.code == value), None), None
    if kind == "round" and value.isdigit():
        other = next((c for c in compare_choices(campaign) if c.id == int(value)), None)
        return None, other
    return None, None
