"""A survey's result files for planners: every table, map layer and the report, built on demand.

:func:`build_exports` hands the campaign's data to :func:`analysis.outputs.build.build_outputs`;
:func:`download` builds one file and says, in the planner's language, why it cannot when it
cannot.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from flask_babel import force_locale
from flask_babel import gettext as _

from analysis.outputs.build import build_outputs
from analysis.outputs.data import RoundDateError
from analysis.outputs.report import report_page as analysis_report_page
from analysis.outputs.results import Results, compute_results
from analysis.outputs.tables import MACHINE_CSV, OFFICE_CSV
from app.core.i18n import current_locale
from app.models import Campaign, IndexVersion
from app.services import index_versions, result_cache, result_pieces, validation_settings
from app.services.campaign_data import campaign_data
from app.services.campaigns import answer_count
from app.services.queries import earlier_rounds
from app.services.report_scope import ReportScope, ReportScopeError
from app.services.report_sections import report_sections
from app.services.roundtable import records_frame
from app.services.survey_index import survey_index
from app.services.texts import analysis_texts

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The downloads by reader: office files in the planner's words, machine files with keys and
#: every digit (scripts, KomMonitor), maps and the report.
GROUPS = {
    "office": ("results.xlsx", *OFFICE_CSV),
    "machine": (*MACHINE_CSV, "kommonitor_index.geojson", "kommonitor_resident_median.geojson"),
    "maps": ("results.gpkg", "quadrant.png", "report.pdf"),
}
_TYPES = {
    ".xlsx": _XLSX,
    ".csv": "text/csv",
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".gpkg": "application/geopackage+sqlite3",
    ".geojson": "application/geo+json",
}
#: Every export of build_outputs a planner can download, with its type.
DOWNLOADS = {name: _TYPES[Path(name).suffix] for names in GROUPS.values() for name in names}
#: Downloads that are map layers: they need every Quartier's outline.
GIS_DOWNLOADS = ("results.gpkg", "kommonitor_index.geojson", "kommonitor_resident_median.geojson")


class ExportRefused(Exception):
    """A file that cannot be built; ``message`` says why in the planner's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Download:
    """A built file: its bytes, the name to send it as and its media type."""

    data: bytes
    name: str
    mimetype: str


def _campaign_data(campaign: Campaign, lang: str, version: IndexVersion | None, **options):
    """The campaign's data with the survey's index version (or ``version``), or without an
    index and a note that says why."""
    if version is None:
        chosen = survey_index(campaign)
        version, note = chosen.version, chosen.note
    else:
        note = ""
    index = None if version is None else index_versions.saved_index(version)
    data = campaign_data(campaign, lang, index=index, **options)
    data.index_note = note
    return data


def _results(campaign: Campaign) -> Results:
    """The campaign's computed results in the current language, kept while nothing they show
    changes (:mod:`app.services.result_cache`)."""
    lang, records = current_locale(), records_frame(campaign)
    options = validation_settings.options(campaign.kommune)
    version = survey_index(campaign).version
    key = result_cache.campaign_key(
        earlier_rounds(campaign), lang, version.id if version is not None else None,
        repr(options), hashlib.sha256(records.to_json().encode("utf-8")).hexdigest(),
    )  # fmt: skip

    def compute() -> Results:
        # Only the Quartiere whose answers changed are read and counted again.
        ratings, pieces = result_pieces.campaign_pieces(campaign, earlier_rounds(campaign), options)
        data = _campaign_data(campaign, lang, None, ratings=ratings)
        data.validation_records, data.validation_options = records, options
        return compute_results(data, analysis_texts(), pieces=pieces)

    return result_cache.cached("exports", key, compute)


def keep_results(campaign: Campaign) -> None:
    """Compute the campaign's results in the current language and keep them, so that its next
    file is only written (:mod:`app.services.warm_up`, when a server process starts)."""
    _results(campaign)


def build_exports(
    campaign: Campaign,
    outdir: Path,
    only: Collection[str] | None = None,
    profiles: Collection[str] | None = None,
) -> list[Path]:
    """The campaign's result files (with the round-table records) into ``outdir``.

    The index is the survey's saved version (:func:`app.services.survey_index.survey_index`);
    without a usable one the files have no index and their metadata say why. ``only`` names
    the files wanted (see ``analysis.outputs.build.output_names``); default all. The computed
    results are kept while nothing they show changes (:mod:`app.services.result_cache`), so
    the next file of the same survey is only written. ``profiles``: the area codes with a
    profile in the report (default all).
    """
    lang, results = current_locale(), _results(campaign)
    # The chapters are not cached: offers, measures and funds change without a new answer.
    sections = report_sections(campaign, lang) if only is None or "report.pdf" in only else ()
    return build_outputs(
        results.data, outdir, only=only, texts=results.texts, results=results,
        sections=sections, profiles=profiles,
    )  # fmt: skip


def download_groups() -> list[tuple[str, str, tuple[str, ...]]]:
    """The downloads by reader: (title, who it is for, file names), in the current language."""
    return [
        (_("For Excel"), _("Tables in your language: headers and categories in words, numbers "
         "rounded, codes kept as text. The sheet “Keys” names each column's key."),
         GROUPS["office"]),
        (_("For scripts and KomMonitor"), _("Machine-readable: column keys, category keys, every "
         "digit, comma-separated with a decimal point; the layers KomMonitor imports."),
         GROUPS["machine"]),
        (_("Maps and report"), _("The map layers for GIS, the quadrant and the report."),
         GROUPS["maps"]),
    ]  # fmt: skip


def download(campaign: Campaign, name: str) -> Download:
    """Build one of :data:`DOWNLOADS`; LookupError for other names, ExportRefused with the
    reason when the survey's data cannot give this file."""
    if name not in DOWNLOADS:
        raise LookupError(name)
    if answer_count(campaign) == 0:
        raise ExportRefused(
            _(
                "There are no raw answers to build this file from. "
                "After deletion, only the aggregated results on this page are kept."
            )
        )
    missing = [a.code for a in campaign.areas if not a.geometry]
    if name == "report.pdf":
        try:
            return report_pdf(campaign, ReportScope(None, len(campaign.areas)))
        except ReportScopeError as exc:
            raise ExportRefused(exc.message) from None
    if missing and name in GIS_DOWNLOADS:
        raise ExportRefused(
            _(
                "These Quartiere have no map outline yet: %(codes)s. "
                "Please upload the areas first.",
                codes=", ".join(missing),
            )
        )
    with tempfile.TemporaryDirectory(prefix="qk-export-") as tmp:
        try:
            written = build_exports(campaign, Path(tmp), only={name})
        except RoundDateError:
            raise ExportRefused(
                _(
                    "The survey round “%(round)s” names no year, but this map layer needs a date. "
                    "Please write the year into the round (e.g. “Spring 2026”).",
                    round=campaign.round_label,
                )
            ) from None
        if Path(tmp) / name not in written:
            note = survey_index(campaign).note
            raise ExportRefused(_("This file needs an index. %(why)s", why=note))
        data = (Path(tmp) / name).read_bytes()
    return Download(data, f"{campaign.id}-{name}", DOWNLOADS[name])


def report_pdf(campaign: Campaign, scope: ReportScope) -> Download:
    """The report as a PDF with the profiles of ``scope``; ReportScopeError when it has more
    profiles than the web can build in time (:func:`app.services.report_scope.profile_budget`).
    """
    scope.check_budget()
    with tempfile.TemporaryDirectory(prefix="qk-report-") as tmp:
        build_exports(campaign, Path(tmp), only={"report.pdf"}, profiles=scope.codes)
        data = (Path(tmp) / "report.pdf").read_bytes()
    name = "report.pdf" if scope.codes is None else f"report-{len(scope.codes)}-quartiere.pdf"
    return Download(data, f"{campaign.id}-{name}", DOWNLOADS["report.pdf"])


def write_report_files(
    campaign: Campaign,
    outdir: Path,
    *,
    lang: str,
    version: IndexVersion | None = None,
    include_comments: bool = True,
    profiles: Collection[str] | None = None,
    only: Collection[str] | None = None,
    timer: Callable[[str], AbstractContextManager[None]] | None = None,
) -> list[Path]:
    """Every result file of the campaign into ``outdir`` (``flask report build``; no page
    budget: the terminal waits), or the files named in ``only`` (a report job).

    The index is ``version`` if given, else the survey's own (see :func:`build_exports`);
    ``profiles``: the area codes with a profile in the report (default all); ``timer`` gets
    the name of each stage (:func:`analysis.outputs.build.build_outputs`).
    Raises ExportRefused when the survey has no answers.
    """
    with force_locale(lang):  # the CLI has no request: every word in the report's language
        data = _campaign_data(campaign, lang, version, include_comments=include_comments)
        data.validation_options = validation_settings.options(campaign.kommune)
        data.validation_records = records_frame(campaign)
        texts = analysis_texts()
        sections = report_sections(campaign, lang)
    if data.ratings.empty:  # said in the terminal's language, like every other CLI message
        raise ExportRefused(_("The survey has no answers yet; there is nothing to report."))
    return build_outputs(
        data, outdir, texts=texts, sections=sections, profiles=profiles, only=only, timer=timer
    )


def report_page(campaign: Campaign, stylesheet: str, scope: ReportScope | None = None) -> str:
    """The report as an HTML page in the current language, with the same chapters as the
    PDF download (``stylesheet``: the URL of the report's CSS) and the profiles of ``scope``
    (default all). ExportRefused without answers, ReportScopeError beyond the page budget.
    """
    if answer_count(campaign) == 0:
        raise ExportRefused(_("The survey has no answers yet; there is nothing to report."))
    (scope or ReportScope(None, len(campaign.areas))).check_budget()
    results = _results(campaign)
    sections = report_sections(campaign, current_locale())
    return analysis_report_page(
        results.data, texts=results.texts, sections=sections, stylesheet=stylesheet,
        profiles=None if scope is None else scope.codes, results=results,
    )  # fmt: skip
