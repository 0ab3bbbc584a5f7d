"""Perceived versus measured: a category's coverage against what a survey's people said.

For a category linked to a theme, each Quartier of the survey gets its measured coverage (places
per 1,000 of the target group when one is chosen, else the share within the walking distance)
next to the residents' and experts' median of that theme. The medians, their exact intervals,
k and the threshold are the needs validation's (:func:`app.services.validation.survey_validation`,
the numbers of ``validation_themes.csv``); the labels follow its rule
(:func:`analysis.stats.verdicts.rating_sides`), so nothing here judges a second way.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from analysis.coverage import Coverage, perceived_vs_measured
from analysis.coverage.quadrant import perceived_svg
from app.core.extensions import db
from app.core.i18n import localized
from app.models import Campaign, Kommune, OfferCategory
from app.services.offers import OfferError
from app.services.validation import survey_validation

ROLES = ("resident", "expert")


@dataclass
class Perceived:
    """One category's comparison for one survey: the quadrant (SVG) and a row per Quartier."""

    theme: str
    measure: str
    measure_label: str
    svg: Markup
    table: pd.DataFrame
    params: dict
    words: dict[str, str]


def quadrant_words() -> dict[str, str]:
    """The quadrants' names in the reader's language (also the CSV's and table's words)."""
    return {
        "confirmed_gap": _("thin and rated low"),
        "unnoticed_gap": _("thin, nobody complains"),
        "unseen_offers": _("offers exist, residents say nothing here"),
        "matched": _("agree"),
        "unclear": _("unclear"),
        "insufficient_data": _("too few answers or no figure"),
    }


def measure_label(measure: str) -> str:
    """The coverage measure in the reader's language."""
    if measure == "per_1000":
        return _("Places per 1,000 of the target group")
    return _("Share within the walking distance")


def survey_campaigns(kommune: Kommune) -> list[Campaign]:
    """The Kommune's surveys, newest round first (the page's choice)."""
    stmt = select(Campaign).where(Campaign.kommune_id == kommune.id)
    return list(db.session.scalars(stmt.order_by(Campaign.round_label.desc(), Campaign.id.desc())))


def _wide(q: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """One row per Quartier: the measure, then per role median, interval, quadrant, reason."""
    out = q[q["role"] == "resident"][["area_code", "measure", "thin"]].reset_index(drop=True)
    for role in ROLES:
        part = q[q["role"] == role].set_index("area_code")
        for column in ("median", "low", "high", "quadrant", "reason"):
            out[f"{role}_{column}"] = out["area_code"].map(part[column]).to_numpy()
    out.insert(0, "number", range(1, len(out) + 1))
    out.insert(2, "area_name", out["area_code"].map(names))
    return out


def perceived(
    campaign: Campaign, category: OfferCategory, result: Coverage, *, measure: str
) -> Perceived | None:
    """The comparison of ``result`` (the category's coverage) with the survey's medians.

    None when the category names no theme of the survey's instrument; an
    :class:`~app.services.offers.OfferError` when the survey has no needs validation yet (no
    index version, or no answers in this round).

    With a database session (see the tests)::

        p = perceived(campaign, spielplatz, category_coverage(kommune, spielplatz),
                      measure="share_within")
        p.table[["area_code", "measure", "resident_median", "resident_quadrant"]]
    """
    themes = {t.slug: str(localized(t.title)) for t in campaign.instrument.themes}
    if not category.theme or category.theme not in themes:
        return None
    validation = survey_validation(campaign)
    if validation is None:
        raise OfferError(_("The comparison with the survey needs its needs validation: an "
                           "index version and answers in this round."))  # fmt: skip
    params = validation.params
    codes = {area.code for area in campaign.areas}
    table = result.table[result.table["area_code"].astype(str).isin(codes)]
    q = perceived_vs_measured(table, validation.result.theme_scores, theme=category.theme,
                              measure=measure, roles=ROLES, scale=tuple(params["scale"]),
                              threshold=params["thresholds"][0],
                              interval=("low", "high"))  # fmt: skip
    wide = _wide(q, dict(zip(table["area_code"], table["area_name"], strict=True)))
    chart = {**q.attrs["params"], "scale": tuple(params["scale"])}
    points = wide.rename(columns={"resident_median": "median", "resident_low": "low",
                                  "resident_high": "high", "resident_quadrant": "quadrant",
                                  "expert_median": "expert_median"})  # fmt: skip
    labels = quadrant_words()
    words = {**labels, "x_axis": measure_label(measure),
             "y_axis": _("Residents' median ({low} = much room for improvement)"),
             "interval": _("Residents' interval"), "experts": _("Experts' median")}  # fmt: skip
    # safe: figure_svg writes matplotlib's markup; the only texts are our translated words
    svg = Markup(perceived_svg(points, chart, words))
    return Perceived(themes[category.theme], measure, measure_label(measure), svg, wide, chart,
                     labels)  # fmt: skip
