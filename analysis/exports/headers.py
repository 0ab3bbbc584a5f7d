"""The words of the office tables: column headers, the key sheet and the words for values.

:class:`ColumnTexts` is part of :class:`analysis.texts.Texts` (field ``columns``), so the caller
hands it in the reader's language like every other word. Headers of columns whose key carries a
name (``z_S1``, ``median_safety``, ``need_play``) are built from a pattern and that name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from analysis.readers.errors import N_

__all__ = ["ColumnTexts"]


def _words(**words: str):
    return field(default_factory=lambda: dict(words))


@dataclass(frozen=True)
class ColumnTexts:
    """Headers of ``results.xlsx`` and the Excel CSVs, the key sheet, and words for values."""

    headers: Mapping[str, str] = _words(
        code=N_("Code"), name=N_("Name"), population=N_("Population"),
        area_km2=N_("Area (km²)"), area_code=N_("Area code"), area_name=N_("Area"),
        indicator=N_("Indicator"), year=N_("Year"), value=N_("Value"), sum=N_("Sum of z-values"),
        index=N_("Index"), **{"class": N_("Class")}, class_label=N_("Class name"),
        excluded_reason=N_("Why not in the index"), round=N_("Round"), role=N_("Group"),
        theme=N_("Theme"), n_respondents=N_("Respondents"), n=N_("Ratings"),
        n_cant_say=N_("“Can't say”"), median=N_("Median"), q1=N_("Lower quartile"),
        q3=N_("Upper quartile"), mean=N_("Mean"), share_low=N_("Low ratings (%)"),
        share_high=N_("High ratings (%)"), suppressed=N_("Hidden (fewer than k)"),
        resident_n=N_("Residents: n"), resident_median=N_("Residents: median"),
        resident_low=N_("Residents: interval from"), resident_high=N_("Residents: interval to"),
        expert_n=N_("Professionals: n"), expert_median=N_("Professionals: median"),
        expert_low=N_("Professionals: interval from"),
        expert_high=N_("Professionals: interval to"), category=N_("Category"),
        reason=N_("Reason"), expert_category=N_("Category (professionals)"),
        expert_reason=N_("Reason (professionals)"), low=N_("Interval from"),
        high=N_("Interval to"), rationale=N_("Rationale"), n_areas=N_("Areas"),
        rho=N_("Spearman's ρ"), rho_low=N_("ρ interval from"), rho_high=N_("ρ interval to"),
        tau_b=N_("Kendall's τ-b"), p_value=N_("p-value"),
        q_value=N_("q-value (false discovery rate)"), p_method=N_("p-value method"),
        fragile=N_("Fragile"), kind=N_("Kind"), text=N_("Text"), overall_need=N_("Overall need"),
        overall_note=N_("Note on the overall need"), updated_at=N_("Saved at"),
    )  # fmt: skip
    #: Headers of keys ``<prefix>_<name>``; ``{name}`` is the theme, indicator or variant.
    patterns: Mapping[str, str] = _words(
        z=N_("z-value {name}"), median=N_("Median: {name}"), need=N_("Need: {name}"),
        note=N_("Note: {name}"), **{"class": N_("Class ({name})")},
        category=N_("Category ({name})"),
    )  # fmt: skip
    #: The sensitivity table's variants (:mod:`analysis.stats.sensitivity`).
    variants: Mapping[str, str] = _words(
        thresholds_down=N_("thresholds lower"), thresholds_up=N_("thresholds higher"),
        other_ddof=N_("other standard deviation"),
    )  # fmt: skip
    #: How a p-value was computed (:func:`analysis.stats.association.association`).
    methods: Mapping[str, str] = _words(exact=N_("exact"), permutation=N_("permutation"))
    yes: str = N_("yes")
    no: str = N_("no")
    keys_sheet: str = N_("Keys")
    keys: Mapping[str, str] = _words(
        sheet=N_("Sheet"), column=N_("Column"), key=N_("Key"), rule=N_("Values")
    )
    rules: Mapping[str, str] = _words(
        decimals=N_("rounded to {n} decimals"), whole=N_("rounded to whole numbers"),
        percent=N_("percent, rounded to whole numbers (the machine CSV holds shares 0–1)"),
        code=N_("text (leading zeros kept)"), words=N_("in words (the machine CSV holds keys)"),
        stored=N_("as stored"),
    )  # fmt: skip
