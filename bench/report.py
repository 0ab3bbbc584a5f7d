"""Time the report (issue 14 §1): results, HTML document, tagged PDF, for a synthetic city.

    .venv/bin/python bench/report.py     # [--areas 542] [--responses 100000] [--profiles N]
                                         # [--no-pdf] [--cprofile DIR]

Prints wall-clock and CPU seconds of each step, the PDF's pages and size; ``--profiles N``
builds profiles for the first N Quartiere only (the report a planner chooses on the web),
``--cprofile DIR`` writes ``html.prof`` and ``pdf.prof`` for ``python -m pstats``. The figures
are in bench/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pypdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.outputs.figures import area_compasses  # noqa: E402
from analysis.outputs.results import compute_results  # noqa: E402
from analysis.report.context import report_context  # noqa: E402
from analysis.report.document import report_html, write_report_pdf  # noqa: E402
from tests.support.synthetic import synthetic_campaign  # noqa: E402
from tests.support.texts import german_texts  # noqa: E402


@contextmanager
def _timed(times: dict, name: str, profile_dir: Path | None):
    profiler = cProfile.Profile() if profile_dir else None
    wall, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    yield
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile_dir / f"{name}.prof")
    times[name] = (time.perf_counter() - wall, time.process_time() - cpu)


def main(argv: list[str] | None = None) -> dict[str, tuple[float, float]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=542)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--profiles", type=int, help="profiles for the first N Quartiere only")
    parser.add_argument("--no-pdf", action="store_true", help="stop after the HTML")
    parser.add_argument("--cprofile", type=Path, help="write html.prof and pdf.prof here")
    args = parser.parse_args(argv)
    data = synthetic_campaign(args.areas, args.responses, seed=0)
    data.validation_options = {"replicates": 200}
    times: dict[str, tuple[float, float]] = {}
    with _timed(times, "results", None):
        res = compute_results(data, german_texts())
    codes = list(res.areas["code"])[: args.profiles]
    with _timed(times, "html", args.cprofile):
        compasses = area_compasses(res, codes)
        html = report_html(report_context(res, compasses, profiles=codes))
    line = ", ".join(f"{k} {w:.1f} s ({c:.1f} s CPU)" for k, (w, c) in times.items())
    print(f"{args.areas} areas, {len(codes)} profiles: {line}; HTML {len(html) / 1e6:.1f} MB")
    if args.no_pdf:
        return times
    path = Path(tempfile.mkdtemp(prefix="qk-report-")) / "report.pdf"
    with _timed(times, "pdf", args.cprofile):
        write_report_pdf(html, path)
    pages = len(pypdf.PdfReader(path).pages)
    wall, cpu = times["pdf"]
    print(f"PDF {wall:.1f} s ({cpu:.1f} s CPU), {path.stat().st_size / 1e6:.1f} MB, {pages} pages")
    return times


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
