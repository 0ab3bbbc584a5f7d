"""Benchmark the analysis pipeline on a synthetic city (default: 542 areas, 100,000 responses).

Runs :func:`analysis.outputs.build.build_outputs` itself and times its stages through its
``timer`` hook: (a) aggregation, suppression and validation with the saved index ("results"),
(b) every table and geo export ("tables"), (c) one compass PNG per area, the two maps and the
quadrant ("figures"; with ``--report`` also the compass SVGs and the PDF report). Prints
wall-clock and CPU seconds and the process's peak memory (ru_maxrss). Targets on a 2-core
machine: (a)+(b) < 5 s, (c) < 60 s, peak < 1.5 GB.

    python bench/analysis.py [--areas 542] [--responses 100000] [--out DIR] [--no-charts]
                             [--replicates 1000] [--report]

Figures measured on the project's machines: bench/README.md.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

# This script is itself named analysis.py: put the repository, not bench/, first on the path so
# that "analysis" is the package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from analysis.outputs.build import TABLE_OUTPUTS, build_outputs, output_names  # noqa: E402
from tests.support.synthetic import synthetic_campaign  # noqa: E402

STAGE_NAMES = {
    "results": "(a) aggregation + validation (saved index)",
    "tables": "(b) table and geo exports",
    "figures": "(c) compass PNGs + 2 maps + quadrant",
}


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage_timer(results: dict[str, float]):
    """A ``timer`` for build_outputs that prints and records each stage's seconds."""

    @contextmanager
    def timed(stage: str):
        # CPU seconds beside wall-clock seconds: on a shared machine the wall clock also counts
        # other processes' work.
        start, cpu = time.perf_counter(), time.process_time()
        yield
        seconds = time.perf_counter() - start
        results[stage] = seconds
        print(
            f"{STAGE_NAMES[stage]:<44} {seconds:7.2f} s  "
            f"(CPU {time.process_time() - cpu:6.2f} s)  peak memory {peak_mb():6.0f} MB",
            flush=True,
        )

    return timed


def wanted(data, charts: bool, report: bool) -> set[str]:
    """The files of the run: every table and layer, and the figures asked for."""
    names = set(output_names(data))
    tables = set(TABLE_OUTPUTS) | {n for n in names if n.startswith("kommonitor_")}
    if not charts:
        return tables
    figures = {n for n in names if n.endswith(".png")}
    if report:
        figures |= {n for n in names if n.endswith(".svg")} | {"report.pdf"}
    return tables | figures


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=542)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: temp)")
    parser.add_argument("--no-charts", action="store_true", help="skip (c), the charts and maps")
    parser.add_argument("--report", action="store_true", help="(c) also the SVGs and the report")
    parser.add_argument(
        "--replicates", type=int, default=1000, help="bootstrap replicates of the validation"
    )
    args = parser.parse_args(argv)
    outdir = args.out or Path(tempfile.mkdtemp(prefix="qk-bench-"))
    start = time.perf_counter()
    data = synthetic_campaign(args.areas, args.responses, seed=0)
    data.validation_options = {"replicates": args.replicates}
    print(
        f"synthetic data (not timed against targets): {time.perf_counter() - start:.2f} s; "
        f"{len(data.areas)} areas, {data.ratings['response_id'].nunique()} responses, "
        f"{len(data.ratings):,} ratings, {len(data.comments):,} comments -> {outdir}"
    )
    results: dict[str, float] = {}
    only = wanted(data, charts=not args.no_charts, report=args.report)
    build_outputs(data, outdir, only=only, timer=stage_timer(results))
    ab = results["results"] + results["tables"]
    summary = f"(a)+(b) {ab:.2f} s (target < 5 s)"
    if not args.no_charts:
        summary += f"; (c) {results['figures']:.2f} s (target < 60 s)"
    print(f"{summary}; peak memory {peak_mb():.0f} MB (target < 1536 MB)")
    return results


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
