"""Time the report (issue 14 §1): results, HTML document, tagged PDF, for a synthetic city.

    .venv/bin/python bench/report.py                 # [--areas 542] [--responses 100000]

Prints wall-clock seconds of each step, the PDF's pages and size; the figures are in
bench/README.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pypdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.outputs.figures import area_compass  # noqa: E402
from analysis.outputs.results import compute_results  # noqa: E402
from analysis.report.context import report_context  # noqa: E402
from analysis.report.document import report_html, write_report_pdf  # noqa: E402
from tests.support.synthetic import synthetic_campaign  # noqa: E402


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=542)
    parser.add_argument("--responses", type=int, default=100_000)
    args = parser.parse_args(argv)
    data = synthetic_campaign(args.areas, args.responses, seed=0)
    data.validation_options = {"replicates": 200}
    times: dict[str, float] = {}
    start = time.perf_counter()
    res = compute_results(data)
    times["results"] = time.perf_counter() - start
    start = time.perf_counter()
    compasses = {code: area_compass(res, code) for code in res.areas["code"]}
    html = report_html(report_context(res, compasses))
    times["html"] = time.perf_counter() - start
    start = time.perf_counter()
    path = write_report_pdf(html, Path(tempfile.mkdtemp(prefix="qk-report-")) / "report.pdf")
    times["pdf"] = time.perf_counter() - start
    pages = len(pypdf.PdfReader(path).pages)
    print(
        f"{args.areas} areas: results {times['results']:.1f} s, HTML {times['html']:.1f} s "
        f"({len(html) / 1e6:.1f} MB), PDF {times['pdf']:.1f} s "
        f"({path.stat().st_size / 1e6:.1f} MB, {pages} pages)"
    )
    return times


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
