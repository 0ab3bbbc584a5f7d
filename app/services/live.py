"""What the round-table view shows for one Quartier: compass, counts, comments, indicators."""

from __future__ import annotations

import hashlib
from functools import cache

import pandas as pd
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.stats.comments import group_comments
from app.core.extensions import db
from app.core.i18n import localized
from app.core.links import find_area
from app.models import Area, Campaign, Indicator
from app.services import aggregates, comments, result_cache, roundtable
from app.services.compass import compass_for
from app.services.queries import earlier_rounds, indicators_frame
from app.services.survey_index import area_row, survey_index

ROLES = ("resident", "expert", "group")
#: The templates of the live part (round table and presentation mode); their source is in the ETag.
FRAGMENTS = ("_live.html", "_present.html")


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
    # Only the Quartiere shown: a refresh after a change reads one area's answers, not the city's.
    shown = [area.code] + ([compare_area.code] if compare_area is not None else [])
    agg = aggregates.aggregates(campaign, shown)
    now = campaign.round_label
    lines = [
        (_("Residents"), "residents", aggregates.medians(agg, area.code, "resident", now)),
        (_("Professionals"), "experts", aggregates.medians(agg, area.code, "expert", now)),
    ]
    if compare_area is not None:
        values = aggregates.medians(agg, compare_area.code, "resident", now)
        lines.append((_("Residents of %(area)s", area=compare_area.name), "compare", values))
    elif compare_campaign is not None:
        other = aggregates.aggregates(compare_campaign, [area.code])
        values = aggregates.medians(other, area.code, "resident", compare_campaign.round_label)
        label = _("Residents, round %(round)s", round=compare_campaign.round_label)
        lines.append((label, "compare", values))
    compared = lines[2][2] if len(lines) > 2 else None
    themes = _theme_rows(campaign, area, aggregates.theme_rows(agg, area.code, now), compared)
    suppressed = {t["slug"] for t in themes if t["resident"]["median"] is None}
    chosen = survey_index(campaign)
    return {
        "chart": compass_for(campaign, lines),
        "themes": themes,
        "suppressed": suppressed,
        "compare_name": lines[2][0] if compared is not None else None,
        "comments": _comments(campaign, area, agg.people),
        "waiting": comments.waiting_for_review(campaign, area.code, agg.people),
        "indicators": _indicators(campaign, area),
        "index_row": area_row(chosen.version, area.code),
        "index_note": chosen.note,
        "from_snapshot": agg.from_snapshot,
    }


def _theme_rows(campaign: Campaign, area: Area, counts: dict, compared: dict | None) -> list[dict]:
    """Per theme: n and median (or why not) per role, the compared value, the record's verdict."""
    record = roundtable.record_for(campaign, area)
    needs = record.theme_needs if record is not None else {}
    verdicts = roundtable.verdict_titles()
    themes = []
    for theme in campaign.instrument.themes:
        cells = {role: _cell(campaign, counts.get(role, {}).get(theme.slug)) for role in ROLES}
        need = (needs.get(theme.slug) or {}).get("need")
        themes.append(
            {
                "slug": theme.slug,
                "title": localized(theme.title),
                "compare": None if compared is None else compared.get(theme.slug),
                "verdict": verdicts.get(need, "") if need else "",
                **cells,
            }
        )
    return themes


def _cell(campaign: Campaign, cell: dict | None) -> dict:
    if cell is None:
        return {"n": 0, "median": None, "reason": _("no answers yet")}
    if cell["suppressed"]:
        reason = _("fewer than %(k)d answers", k=campaign.min_group_size)
        return {"n": None, "median": None, "reason": reason}
    return {**cell, "reason": ""}


def _comments(campaign: Campaign, area: Area, people: pd.DataFrame | None) -> list[dict]:
    """Comments of non-suppressed groups by theme in instrument order; identical or
    near-identical ones once, with their count."""
    frame = aggregates.shown_comments(campaign, area.code, people)
    # One pass in stored order, not two masks per theme over the frame (28 for 14 themes).
    texts: dict[tuple[str, str], list[str]] = {}
    for slug, kind, text in zip(frame["theme"], frame["kind"], frame["text"], strict=True):
        texts.setdefault((slug, kind), []).append(text)
    grouped = []
    for theme in campaign.instrument.themes:
        good, improve = texts.get((theme.slug, "good"), []), texts.get((theme.slug, "improve"), [])
        if good or improve:
            grouped.append(
                {
                    "title": localized(theme.title),
                    "good": group_comments(good),
                    "improve": group_comments(improve),
                }
            )
    return grouped


def _indicators(campaign: Campaign, area: Area) -> list[dict]:
    """The Quartier's latest value of each indicator, with its name and unit."""
    frame = indicators_frame(campaign.kommune, area_codes=[area.code]).dropna(subset=["year"])
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
                "unit": (ind.unit or "") if ind else "",
                "year": int(r.year),
                "value": None if pd.isna(r.value) else float(r.value),
            }
        )
    return rows


def comparison(campaign: Campaign, raw: str) -> tuple[Area | None, Campaign | None]:
    """The Quartier or earlier round to overlay, from ``area:<code>`` or ``round:<id>``."""
    kind, _sep, value = raw.partition(":")
    if kind == "area":
        return find_area(campaign, value), None
    if kind == "round" and value.isdigit():
        other = next((c for c in compare_choices(campaign) if c.id == int(value)), None)
        return None, other
    return None, None


def live_version(
    campaign: Campaign, area: Area, compare: str, lang: str
) -> tuple[str, Area | None, Campaign | None]:
    """An ETag for the live part as it would render now, and the comparison it names.

    It changes whenever anything the fragment shows can have changed: the campaign's answers
    (:func:`app.services.result_cache.answer_stamps`), its ``data_version`` (set-aside bursts,
    reviews, snapshot, the Kommune's indicators and index versions) and ``settings_version``
    (Quartiere, themes, k), those of a compared round, the language and the template. Reading
    it costs the campaign row, which the page loads anyway, and one grouped count.

    Examples
    --------
    ``live_version(campaign, area, "", "de")[0]`` stays the same string until an answer
    arrives; a moderator's page that sends it as ``If-None-Match`` then gets 304.
    """
    compare_area, compare_campaign = comparison(campaign, compare)
    rounds = [campaign] if compare_campaign is None else [campaign, compare_campaign]
    parts: list[object] = [result_cache.campaign_key(rounds)[0]]
    parts += [area.code, lang, compare, _template_fingerprint()]
    digest = hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:24]
    return digest, compare_area, compare_campaign


def fragment_etag(
    campaign: Campaign, area: Area, compare: str, lang: str, view: str
) -> tuple[str, Area | None, Campaign | None]:
    """The ETag (unquoted) of the live fragment in ``view`` ("live" or "present"), and the
    comparison it names (see :func:`live_version`).

    The round-table and presentation pages embed the fragment and hand this ETag to
    ``roundtable.js``, so their first refresh is already a 304 when nothing changed since.

    Examples
    --------
    ``fragment_etag(campaign, area, "", "de", "live")[0]`` is what the fragment's URL sends as
    its ``ETag`` (in quotes), e.g. ``3f2a…-live``.
    """
    version, compare_area, compare_campaign = live_version(campaign, area, compare, lang)
    return f"{version}-{view}", compare_area, compare_campaign


@cache
def _template_fingerprint() -> str:
    # A new release may render the same data differently: its pages must not get a 304.
    env = current_app.jinja_env
    sources = [env.loader.get_source(env, f"moderator/{name}")[0] for name in FRAGMENTS]
    return hashlib.sha256("\n".join(sources).encode("utf-8")).hexdigest()[:12]


def neighbours(campaign: Campaign, area: Area) -> tuple[Area, Area]:
    """The Quartiere before and after this one in the survey's order (wrapping round)."""
    areas = list(campaign.areas)
    at = next(i for i, a in enumerate(areas) if a.id == area.id)
    return areas[at - 1], areas[(at + 1) % len(areas)]


def default_comparison(campaign: Campaign, area: Area) -> str:
    """What "comparison on" shows when none was chosen: the previous round, else the next
    Quartier; empty when there is nothing to compare with."""
    rounds = compare_choices(campaign)
    if rounds:
        return f"round:{rounds[0].id}"
    other = neighbours(campaign, area)[1]
    return f"area:{other.code}" if other.id != area.id else ""
