"""The needs validation of a survey for pages: the saved index against the current round.

Nothing is computed here. :func:`survey_validation` hands the same inputs as every export
(:func:`app.services.campaign_data.campaign_data`, the saved index, the Kommune's validation
settings) to :func:`analysis.outputs.results.compute_results`, so a page shows the numbers the
files hold; the rest of this module reads rows out of the result for templates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from flask_babel import gettext as _

from analysis.outputs.results import compute_results
from analysis.stats.validate import ValidationResult
from analysis.texts import QuadrantTexts
from app.core.i18n import current_locale, localized
from app.models import Campaign, IndexVersion
from app.services import index_versions, result_cache, result_pieces, validation_settings
from app.services.campaign_data import campaign_data
from app.services.survey_index import survey_index
from app.services.texts import analysis_texts, translated

ROLES = ("resident", "expert")


@dataclass
class SurveyValidation:
    """A survey's validation with the index version and the area names it was made with."""

    result: ValidationResult
    version: IndexVersion
    names: dict[str, str]
    titles: dict[str, str]

    @property
    def params(self) -> dict:
        """The settings the result was computed with (scale, thresholds, k, hypotheses …)."""
        return self.result.params


def survey_validation(campaign: Campaign) -> SurveyValidation | None:
    """The validation of the campaign's current round against the survey's index version
    (:func:`app.services.survey_index.survey_index`).

    None without a usable version or without answers in this round. The thresholds and
    hypotheses are the Kommune's (:mod:`app.services.validation_settings`).

    Example: ``survey_validation(campaign).result.summary`` is the council sentence, and
    ``.result.areas`` holds every area's interval and category, as in ``validation.csv``.
    """
    version = survey_index(campaign).version
    if version is None:
        return None
    lang, options = current_locale(), validation_settings.options(campaign.kommune)
    key = result_cache.campaign_key([campaign], lang, version.id, repr(options))
    result = result_cache.cached(
        "validation", key, lambda: _validation(campaign, version, lang, options)
    )
    if result is None:
        return None
    titles = {t.slug: str(localized(t.title)) for t in campaign.instrument.themes}
    return SurveyValidation(result, version, {a.code: a.name for a in campaign.areas}, titles)


def _validation(campaign: Campaign, version: IndexVersion, lang: str, options: dict):
    """The validation result of the current round, or None without answers in it."""
    index = index_versions.saved_index(version)
    ratings, pieces = result_pieces.campaign_pieces(campaign, [campaign], options)
    data = campaign_data(campaign, lang, index=index, include_comments=False,
                         with_earlier_rounds=False, ratings=ratings)  # fmt: skip
    if pieces is None or ratings.empty:
        return None
    data.validation_options = options
    return compute_results(data, analysis_texts(), pieces=pieces).validation


def _number(value) -> float | None:
    """A float for templates, None where missing (the ``num`` filter shows "–")."""
    if value is None or value is pd.NA:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def verdict_label(category: str, reason: str) -> str:
    """The category in the reader's language, with its reason when it is *unclear*.

    Examples
    --------
    >>> from flask import Flask
    >>> from flask_babel import Babel, force_locale
    >>> app = Flask(__name__)
    >>> _ = Babel(app)
    >>> with app.app_context(), force_locale("en"):
    ...     verdict_label("unclear", "too_few_answers"), verdict_label("confirmed", "")
    ('unclear (too few answers)', 'confirmed')
    """
    words = translated(QuadrantTexts())
    label = words.categories.get(category, category)
    if category == "unclear" and reason:
        return f"{label} ({words.reasons.get(reason, reason)})"
    return label


def _verdict(row: pd.Series, prefix: str) -> dict:
    return {
        "category": str(row[f"{prefix}category"]),
        "label": verdict_label(str(row[f"{prefix}category"]), str(row[f"{prefix}reason"])),
    }


def area_rows(validation: SurveyValidation) -> list[dict]:
    """Per area: index and class, then per role n, median and interval, and the verdict."""
    rows = []
    for _i, row in validation.result.areas.iterrows():
        code = str(row["area_code"])
        if code not in validation.names:
            continue  # the index covers the Kommune; the table shows the survey's areas
        entry = {"code": code, "name": validation.names[code], "index": _number(row["index"]),
                 "class": None if pd.isna(row["class"]) else int(row["class"])}  # fmt: skip
        for role, prefix in (("resident", ""), ("expert", "expert_")):
            entry[role] = {
                "n": None if pd.isna(row[f"{role}_n"]) else int(row[f"{role}_n"]),
                **{key: _number(row[f"{role}_{key}"]) for key in ("median", "low", "high")},
                **_verdict(row, prefix),
            }
        rows.append(entry)
    return rows


def area_row(validation: SurveyValidation, code: str) -> dict | None:
    """One area's row of :func:`area_rows` (None if the survey has no such area)."""
    return next((row for row in area_rows(validation) if row["code"] == code), None)


def theme_rows(validation: SurveyValidation, code: str) -> dict[tuple[str, str], dict]:
    """``{(role, theme): {n, median, low, high, category, label}}`` of one area."""
    scores = validation.result.theme_scores
    scores = scores[scores["area_code"].astype(str) == code]
    return {
        (str(r["role"]), str(r["theme"])): {
            "n": None if pd.isna(r["n"]) else int(r["n"]),
            **{key: _number(r[key]) for key in ("median", "low", "high")},
            "category": str(r["category"]),
            "label": verdict_label(str(r["category"]), str(r["reason"])),
        }
        for _i, r in scores.iterrows()
    }


def association_rows(validation: SurveyValidation) -> list[dict]:
    """Spearman's rho and Kendall's tau-b: value, interval, p-value and how it was found."""
    found = validation.result.association
    return [
        {
            "name": name,
            "value": _number(found[value]),
            "low": _number(found[f"{key}_low"]),
            "high": _number(found[f"{key}_high"]),
            "p": _number(found[f"{key}_p"]),
        }
        for key, value, name in (("rho", "rho", "Spearman ρ"), ("tau", "tau_b", "Kendall τ-b"))
    ]


def hypothesis_rows(validation: SurveyValidation) -> list[dict]:
    """The theme × indicator hypotheses with rho, interval, p- and Benjamini–Hochberg q-value."""
    tests = validation.result.tests
    rows = []
    for _i, r in tests.iterrows():
        row = {key: _number(r[key]) for key in ("rho", "rho_low", "rho_high", "tau_b",
                                                 "p_value", "q_value")}  # fmt: skip
        theme = str(r["theme"])
        row.update(theme=validation.titles.get(theme, theme), indicator=str(r["indicator"]),
                   year=None if pd.isna(r["year"]) else int(r["year"]),
                   rationale=str(r["rationale"]), n_areas=int(r["n_areas"]),
                   n_respondents=int(r["n_respondents"]), p_method=str(r["p_method"]))  # fmt: skip
        rows.append(row)
    return rows


def variant_titles() -> dict[str, str]:
    """The sensitivity table's variants (:mod:`analysis.stats.sensitivity`) in plain words."""
    return {
        "thresholds_down": _("class limits −0.1 SD"),
        "thresholds_up": _("class limits +0.1 SD"),
        "other_ddof": _("other standard deviation (n or n − 1)"),
    }


def sensitivity_rows(validation: SurveyValidation) -> tuple[list[str], list[dict]]:
    """The variants' names and per area its class and category under each, fragile first."""
    table = validation.result.sensitivity
    variants = list(validation.params.get("sensitivity", {}))
    rows = []
    for _i, r in table.iterrows():
        code = str(r["area_code"])
        if code not in validation.names:
            continue
        cells = [
            (
                None if pd.isna(r.get(f"class_{v}")) else int(r[f"class_{v}"]),
                verdict_label(str(r[f"category_{v}"]), ""),
            )
            for v in variants
        ]
        klass = None if pd.isna(r["class"]) else int(r["class"])
        rows.append({"code": code, "name": validation.names[code], "fragile": bool(r["fragile"]),
                     "class": klass, "category": verdict_label(str(r["category"]), ""),
                     "variants": cells})  # fmt: skip
    rows.sort(key=lambda row: (not row["fragile"], row["code"]))
    return variants, rows


def page_context(found: SurveyValidation | None) -> dict | None:
    """Everything the validation part of a page shows (None without a validation)."""
    if found is None:
        return None
    variants, fragile = sensitivity_rows(found)
    return {
        "summary": found.result.summary,
        "association": association_rows(found),
        "n_areas": int(found.result.association["n_areas"]),
        "n_respondents": int(found.result.association["n_respondents"]),
        "level": float(found.params["level"]),
        "thresholds": found.params["thresholds"],
        "scale": found.params["scale"],
        "areas": area_rows(found),
        "tests": hypothesis_rows(found),
        "variants": [(v, variant_titles().get(v, v)) for v in variants],
        "sensitivity": fragile,
        "version": found.version,
    }


def round_table_context(campaign: Campaign, code: str) -> dict | None:
    """What the round table shows of the validation for one Quartier: the council sentence,
    the area's overall interval and category per role, and each theme's interval and category
    (None without a saved index version or answers)."""
    found = survey_validation(campaign)
    if found is None:
        return None
    themes = theme_rows(found, code)
    empty = {"n": None, "median": None, "low": None, "high": None, "category": "", "label": "–"}
    return {
        "summary": found.result.summary,
        "area": area_row(found, code),
        "themes": [
            {"title": title, **{role: themes.get((role, slug), empty) for role in ROLES}}
            for slug, title in found.titles.items()
        ],
        "thresholds": found.params["thresholds"],
        "scale": found.params["scale"],
        "level": float(found.params["level"]),
        "version": found.version,
    }
