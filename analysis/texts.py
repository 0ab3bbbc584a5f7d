"""Every word ``analysis`` writes or draws, handed in by the caller in the reader's language.

A :class:`Texts` carries sheet names, headers, chart titles and legends, role and category names,
the report's and the round table's wording and the validation's sentences; its defaults are
English. The web app builds one from its translation catalogues (``app.services.texts``), so a
German planner gets German files. Numbers and dates are written for the Texts' ``locale`` with
Babel. Names that are data – Berlin's index classes ("hoch", "mittel" …), an instrument's theme
titles, a Kommune's indicator names – come with the data, not from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from analysis.exports.headers import ColumnTexts
from analysis.readers.errors import N_
from analysis.report.words import ReportTexts

__all__ = [
    "N_",
    "MapTexts",
    "QuadrantTexts",
    "RoundTableTexts",
    "Texts",
    "ValidationTexts",
    "WorkbookTexts",
]


def _words(**words: str):
    return field(default_factory=lambda: dict(words))


@dataclass(frozen=True)
class ValidationTexts:
    """The sentences about the association (:func:`analysis.stats.texts.association_sentence`)."""

    locale: str = "en"
    strength: Mapping[str, str] = _words(
        very_strong=N_("a very strong"), strong=N_("a strong"), moderate=N_("a moderate"),
        weak=N_("a weak"),
    )  # fmt: skip
    only: str = N_(
        "With {n_areas} areas only {strength} association can be detected reliably "
        "(from about ρ = {mde})."
    )
    already: str = N_(
        "With {n_areas} areas even {strength} association can be detected reliably "
        "(from about ρ = {mde})."
    )
    too_few: str = N_(
        "Too few areas with an index and enough answers ({n_areas}) to test an association."
    )
    agree: str = N_(
        "Statistics and perception agree: the higher the index, the worse residents rate their "
        "area (ρ = {rho}, {level}-percent interval {low} to {high}; {n_respondents} respondents)."
    )
    disagree: str = N_(
        "Statistics and perception contradict each other: the higher the index, the better "
        "residents rate their area (ρ = {rho}, {level}-percent interval {low} to {high}; "
        "{n_respondents} respondents)."
    )
    open: str = N_(
        "An association is not established (ρ = {rho}, {level}-percent interval {low} to {high}; "
        "{n_respondents} respondents). This does not mean there is none."
    )
    no_interval: str = N_(
        "An association is not established (ρ = {rho}; too few areas for an interval)."
    )


@dataclass(frozen=True)
class MapTexts:
    """The words of the maps."""

    no_data: str = N_("no data")
    no_outlines: str = N_("No map: none of the areas has an outline.")
    missing_outlines: str = N_("Without an outline, not shown: {codes}.")
    missing_count: str = N_("{n} areas without an outline, not shown.")
    and_more: str = N_("{codes} and {n} more")
    index_title: str = N_("Status index")
    index_legend: str = N_("Class")
    median_title: str = N_("Residents' overall rating {round} (median)")
    median_legend: str = N_("Median ({low}–{high})")
    #: A class of the ``steps`` scheme (a value on its lower limit belongs to it).
    step: str = N_("{low} to under {high}")
    #: The top class of the ``steps`` scheme (its upper limit included).
    step_last: str = N_("{low} to {high}")
    own_survey: str = N_("Data: own survey")


@dataclass(frozen=True)
class QuadrantTexts:
    """The words of the validation quadrant (index against the residents' median)."""

    categories: Mapping[str, str] = _words(
        confirmed=N_("confirmed"),
        hidden=N_("hidden"),
        resource=N_("resource"),
        inconspicuous=N_("inconspicuous"),
        unclear=N_("unclear"),
    )
    #: Why an area is *unclear* (:data:`analysis.stats.verdicts.REASONS`).
    reasons: Mapping[str, str] = _words(
        no_index=N_("no index value"),
        too_few_answers=N_("too few answers"),
        interval_spans_threshold=N_("interval reaches over the threshold"),
    )
    x_axis: str = N_("Status index (higher = more need)")
    y_axis: str = N_("Residents' median ({low} = much room for improvement)")
    need: str = N_("Index: need")
    no_need: str = N_("Index: no increased need")
    interval: str = N_("Residents' interval")


@dataclass(frozen=True)
class RoundTableTexts:
    """The words of the round table's pages in the report (as in the moderator's form)."""

    questions: Mapping[str, str] = _words(
        matches_statistics=N_("Do the statistics match what people here see?"),
        target_groups=N_("Which groups of people are we talking about?"),
        existing_offers=N_("What already exists for them here?"),
        missing=N_("What, concretely, is missing?"),
        contributors=N_("Who can contribute what?"),
    )
    verdicts: Mapping[str, str] = _words(
        confirmed=N_("Need confirmed"),
        not_confirmed=N_("Need not confirmed"),
        unclear=N_("Unclear"),
    )
    questions_heading: str = N_("Questions of the round table")
    overall: str = N_("Overall need")
    by_theme: str = N_("Need by theme")
    no_answer: str = N_("no answer")
    no_verdict: str = N_("no assessment")
    result: str = N_("Result of the round table")
    saved: str = N_("{result}, saved {when}")


@dataclass(frozen=True)
class WorkbookTexts:
    """Sheet names and the metadata sheet of ``results.xlsx``."""

    sheets: Mapping[str, str] = _words(
        meta=N_("Metadata"),
        areas=N_("Areas"),
        indicators=N_("Indicators"),
        index=N_("Index"),
        ratings=N_("Ratings"),
        validation=N_("Validation"),
        validation_themes=N_("Validation themes"),
        validation_tests=N_("Validation tests"),
        validation_sensitivity=N_("Validation sensitivity"),
        comments=N_("Comments"),
        round_table=N_("Round table"),
    )
    meta: Mapping[str, str] = _words(
        title=N_("Title"),
        kommune=N_("Kommune"),
        round=N_("Round"),
        previous_round=N_("Previous round"),
        k=N_("k (smallest group shown)"),
        index_indicators=N_("Index indicators"),
        index_year=N_("Index year"),
        index_method=N_("Index method"),
        index_params=N_("Index parameters"),
        index_note=N_("Index note"),
        validation=N_("Validation"),
        validation_association=N_("Validation (association)"),
        validation_params=N_("Validation (parameters)"),
        source=N_("Source"),
        created=N_("Created on"),
        maps=N_("Maps"),
    )
    item: str = N_("Item")
    value: str = N_("Value")
    no_maps: str = N_("not drawn: none of the areas has an outline")


@dataclass(frozen=True)
class Texts:
    """The reader's words for everything ``analysis`` writes; English unless told otherwise.

    Examples
    --------
    >>> texts = Texts(locale="de")
    >>> texts.number(1234.5), texts.number(-0.25, 2), texts.number(float("nan"))
    ('1.234,5', '-0,25', '')
    >>> Texts().date(dt.date(2025, 1, 31)), texts.date(dt.date(2025, 1, 31))
    ('Jan 31, 2025', '31.01.2025')
    """

    locale: str = "en"
    roles: Mapping[str, str] = _words(
        resident=N_("Residents"), expert=N_("Professionals"), group=N_("Groups")
    )
    earlier_round: str = N_("Residents {round}")
    respondents: str = N_("{label} (n = {n})")
    maps: MapTexts = field(default_factory=MapTexts)
    quadrant: QuadrantTexts = field(default_factory=QuadrantTexts)
    report: ReportTexts = field(default_factory=ReportTexts)
    round_table: RoundTableTexts = field(default_factory=RoundTableTexts)
    workbook: WorkbookTexts = field(default_factory=WorkbookTexts)
    validation: ValidationTexts = field(default_factory=ValidationTexts)
    columns: ColumnTexts = field(default_factory=ColumnTexts)

    def number(self, value: float | None, decimals: int = 1) -> str:
        """``value`` with ``decimals`` decimals and grouped thousands; "" when missing."""
        if value is None or value != value:
            return ""
        pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
        return format_decimal(value, format=pattern, locale=self.locale)

    def date(self, day: dt.date) -> str:
        """A day as the reader writes it (31.01.2025 in German)."""
        return format_date(day, format="medium", locale=self.locale)

    @property
    def direction(self) -> str:
        """``rtl`` for a language written right to left (Arabic), else ``ltr``.

        >>> Texts(locale="ar").direction, Texts(locale="de").direction
        ('rtl', 'ltr')
        """
        rtl = Locale.parse(self.locale).character_order == "right-to-left"
        return "rtl" if rtl else "ltr"
