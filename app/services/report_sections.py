"""The chapters each part of the app adds to a survey's report, in one list.

A provider is a function ``(campaign, lang) -> ReportSection | None`` in the service of its
topic (methods, Sozialatlas, offers, measures, funds); ``None`` means "nothing to say for this
survey" and the chapter is left out. ``flask report build``, the report download and the
report's HTML page all call :func:`report_sections`, so every reader gets the same chapters.
To add a chapter, write its provider and add it to :data:`PROVIDERS` – never edit the core report.
"""

from __future__ import annotations

from collections.abc import Callable

from analysis.report.sections import ReportSection, ordered
from app.models import Campaign
from app.services.atlas_report import atlas_chapter
from app.services.fund_files import funds_section
from app.services.measure_report import measures_section
from app.services.methods_report import methods_chapter
from app.services.offer_report import offers_section

SectionProvider = Callable[[Campaign, str], "ReportSection | None"]

#: Every chapter provider, in no particular order (each section carries its own ``order``).
PROVIDERS: list[SectionProvider] = [
    atlas_chapter,
    offers_section,
    measures_section,
    funds_section,
    methods_chapter,
]


def report_sections(
    campaign: Campaign, lang: str, providers: list[SectionProvider] | None = None
) -> list[ReportSection]:
    """The added chapters of ``campaign``'s report in ``lang``, in report order.

    With a database session (see the tests)::

        report_sections(campaign, "de")  # -> [ReportSection(key="atlas", ...), ...]
    """
    found = (
        provider(campaign, lang) for provider in (PROVIDERS if providers is None else providers)
    )
    return ordered(section for section in found if section is not None)
