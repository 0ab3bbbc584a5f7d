"""One call from a campaign's data to every result file: tables, GIS layers, charts and report.

:func:`build_outputs` is what ``flask report build`` and the planners' downloads call; with
``only`` it writes just the named files (a table download renders no chart). It runs three
stages, each a public function: :func:`~analysis.outputs.results.compute_results` (aggregation,
suppression, validation), :func:`~analysis.outputs.tables.write_tables` and
:func:`~analysis.outputs.tables.write_gis` (files without drawing) and
:func:`~analysis.outputs.figures.write_figures` (charts, maps, report); ``timer`` lets a caller
such as ``bench/analysis.py`` time each.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from analysis.figures.map_paths import has_geometry
from analysis.outputs.data import CampaignData
from analysis.outputs.figures import write_figures
from analysis.outputs.results import Results, compute_results
from analysis.outputs.tables import MACHINE_CSV, OFFICE_CSV, write_gis, write_tables
from analysis.report.sections import ReportSection
from analysis.texts import Texts

__all__ = ["STAGES", "TABLE_OUTPUTS", "build_outputs", "output_names"]

#: Files of :func:`build_outputs` that need no drawing (tables and GIS layers).
TABLE_OUTPUTS = (
    *MACHINE_CSV,
    *OFFICE_CSV,
    "results.xlsx",
    "results.gpkg",
    "kommonitor_index.geojson",
    "kommonitor_resident_median.geojson",
)
#: The stages :func:`build_outputs` runs, by the names its ``timer`` gets.
STAGES = ("results", "tables", "figures")


def output_names(data: CampaignData) -> list[str]:
    """Every file name (relative to the output folder) :func:`build_outputs` can write for
    ``data``; which are written also depends on the data (no index: no index map or layer)."""
    slugs = data.themes.sort_values("position")["slug"].astype(str)
    codes = data.areas["code"].astype(str)
    return [
        *TABLE_OUTPUTS,
        *(f"kommonitor_{slug}.geojson" for slug in slugs),
        "report.pdf",
        *(f"charts/compass_{code}.{ext}" for code in codes for ext in ("png", "svg")),
        "map_index.png",
        "map_resident_median.png",
        "quadrant.png",
    ]


def _untimed(_stage: str) -> AbstractContextManager[None]:
    return contextlib.nullcontext()


def build_outputs(
    data: CampaignData,
    outdir: Path,
    *,
    only: Collection[str] | None = None,
    texts: Texts | None = None,
    timer: Callable[[str], AbstractContextManager[None]] | None = None,
    results: Results | None = None,
    sections: Sequence[ReportSection] = (),
    profiles: Collection[str] | None = None,
) -> list[Path]:
    """Compute aggregates and validation, take the saved index, and write the result files.

    Files: ``aggregated_ratings.csv``, ``index.csv`` (the saved index's rows of the
    campaign's areas), ``validation.csv`` (per area), ``validation_themes.csv`` (per area,
    role and theme), ``validation_tests.csv`` (theme × indicator hypotheses),
    ``validation_sensitivity.csv`` (see :func:`analysis.stats.validate.validate_needs`) – for
    scripts, with machine keys and every digit; ``results.xlsx`` (the same tables as sheets in
    the reader's words, with a key sheet) and one ``*_excel.csv`` per sheet
    (:data:`~analysis.outputs.tables.OFFICE_CSV`) – for office users; ``results.gpkg`` (layer
    ``areas``), ``kommonitor_index.geojson``, ``kommonitor_resident_median.geojson``,
    ``kommonitor_<theme>.geojson``, ``report.pdf``, ``charts/compass_<code>.png`` and
    ``.svg``, ``map_index.png``, ``map_resident_median.png``, ``quadrant.png``. Maps are left
    out when no area has an
    outline (the workbook's metadata sheet says so).

    Parameters
    ----------
    data : CampaignData
    outdir : Path
    only : collection of str, optional
        Names from :func:`output_names`: write just these files (e.g. ``{"index.csv"}`` draws
        nothing). Default: every file.
    texts : Texts, optional
        The reader's words, numbers and dates for every file (default English).
    timer : callable, optional
        Called with each name of :data:`STAGES`; the context manager it returns wraps the
        stage (e.g. to measure it).
    results : Results, optional
        ``compute_results(data, texts)`` computed before (a server keeps it while nothing
        changed); computed here when not given.
    sections : sequence of ReportSection
        Chapters the caller adds to the report (:mod:`analysis.report.sections`).
    profiles : collection of str, optional
        Area codes that get a profile in the report (default all; overview, map and quadrant
        always show every area).

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> from tests.support.synthetic import synthetic_campaign
    >>> paths = build_outputs(synthetic_campaign(6, 200, seed=1), Path(tempfile.mkdtemp()),
    ...                       only={"index.csv", "quadrant.png"})
    >>> sorted(p.name for p in paths)
    ['index.csv', 'quadrant.png']
    """
    if not isinstance(data, CampaignData):
        raise TypeError("data must be a CampaignData")
    names = output_names(data)
    wanted = set(names) if only is None else set(only)
    unknown = sorted(wanted - set(names))
    if unknown:
        raise ValueError(f"unknown output(s) {', '.join(unknown)}; see output_names()")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    timer = timer or _untimed
    with timer("results"):
        results = results if results is not None else compute_results(data, texts)
    with timer("tables"):
        written = write_tables(results, outdir, wanted) + write_gis(results, outdir, wanted)
    with timer("figures"):
        maps = bool(has_geometry(results.areas).any())
        written += write_figures(
            results, outdir, wanted, maps=maps, sections=sections, profiles=profiles
        )
    return written
