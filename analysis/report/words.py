"""The words of the report document (cover, summary, overview, profiles, method), in English
marked for translation; the app translates them with the rest of :class:`analysis.texts.Texts`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from analysis.readers.errors import N_

__all__ = ["ReportTexts"]


def _words(**words: str):
    return field(default_factory=lambda: dict(words))


@dataclass(frozen=True)
class ReportTexts:
    """The words of the report (HTML page and tagged PDF)."""

    subtitle: str = N_("{kommune} – round {round}")
    as_of: str = N_("As of {date}")
    data_status: str = N_(
        "Data status: {answers} answers in {areas} Quartiere; index: {index}; groups smaller "
        "than {k} people are not shown."
    )
    no_index: str = N_("none saved yet")
    contents: str = N_("Contents")
    summary_title: str = N_("In brief")
    summary_answers: str = N_("{n} people answered the survey in {areas} Quartiere.")
    summary_low: str = N_("Residents see the most room for improvement in: {areas}.")
    summary_need: str = N_("By the statistics, the most need is in: {areas}.")
    summary_scale: str = N_(
        "Ratings go from {low} (much room for improvement) to {high} (little to improve)."
    )
    overview_title: str = N_("All Quartiere at a glance")
    overview_columns: Mapping[str, str] = _words(
        area=N_("Quartier"), index=N_("Index"), index_class=N_("Class"),
        resident=N_("Residents (median)"), expert=N_("Professionals (median)"), n=N_("n"),
        category=N_("Validation [interval]"), verdict=N_("Round table"),
        dynamics=N_("Dynamics"),
    )  # fmt: skip
    dynamics_note: str = N_(
        "Dynamics: how {indicators} changed from {start} to {end}, by the method of Berlin's "
        "social monitoring (changes standardised, summed and standardised again); a high value "
        "means a change towards more need; classes positiv, stabil, negativ. “–”: no value for "
        "both years."
    )
    dynamics_one_year: str = N_(
        "Dynamics “–”: the index's indicators have values for {year} only; a change needs two "
        "years."
    )
    dynamics_no_index: str = N_("Dynamics “–”: this report has no status index.")
    dynamics_failed: str = N_("Dynamics “–”: it cannot be computed ({why}).")
    map_title: str = N_("Status index {year}")
    map_legend: str = N_("Status index class")
    map_alt: str = N_("Map of the status index classes of {n} Quartiere; the table lists each.")
    median_map_alt: str = N_(
        "Map of the residents' overall rating (median) in {n} Quartiere, one class per step of "
        "the scale; the table lists each value."
    )
    median_map_caption: str = N_(
        "Residents' overall rating (median): a median on a class limit belongs to the class that "
        "starts there."
    )
    key_title: str = N_("Key to the numbers")
    validation_title: str = N_("Statistics and perception")
    quadrant_alt: str = N_(
        "Scatter plot of the status index against the residents' median, one numbered point per "
        "Quartier; the key below lists the numbers."
    )
    validation_rule: str = N_(
        "Residents' median over all themes with its {level}-percent interval. A category only "
        "where the whole interval lies on one side of the thresholds {low} and {high} "
        "(scale {min}–{max}); otherwise unclear, with the reason."
    )
    profiles_title: str = N_("The Quartiere one by one")
    profiles_chosen: str = N_(
        "This report has profiles for {n} of the {total} Quartiere, chosen for it; the overview, "
        "the map and the quadrant above show all of them."
    )
    status: str = N_("Status index: {value}")
    status_class: str = N_("{status} – class “{label}”")
    not_computed: str = N_("Status index: not computed")
    compass_alt: str = N_("Compass of {area}: medians per theme from {low} to {high}.")
    compass_caption: str = N_("Ratings from {low} (much room for improvement) to {high}.")
    indicators_title: str = N_("Indicators")
    indicator_columns: Mapping[str, str] = _words(
        indicator=N_("Indicator"), unit=N_("Unit"), year=N_("Year"), value=N_("Value"),
        kommune=N_("Kommune (median)"), rank=N_("Rank"), trend=N_("Trend"),
    )  # fmt: skip
    rank_of: str = N_("{rank} of {n}")
    trend_alt: str = N_("Trend {first} to {last}: from {start} to {end}")
    comments: str = N_("Comments")
    no_comments: str = N_("No comments available or shown.")
    times: str = N_("({n} times)")
    comment_kinds: Mapping[str, str] = _words(
        good=N_("What is good"), improve=N_("What could be better")
    )
    round_table_title: str = N_("Round table")
    method_title: str = N_("Method and sources")
    method: str = N_(
        "Status index by the method “{method}” from {indicators} ({year}). Results of a group "
        "are shown only if at least k = {k} people gave a rating; comments only from groups with "
        "at least {k} respondents. Comparison with the perception on site: {validation}"
    )
    method_no_index: str = N_(
        "This report has no status index: {note} Results of a group are shown only if at least "
        "k = {k} people gave a rating; comments only from groups with at least {k} respondents."
    )
    sources: str = N_("Sources: {sources}")
