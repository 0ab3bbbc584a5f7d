"""Benchmark the analysis pipeline on a synthetic city (default: 542 areas, 100,000 responses).

Prints wall-clock and CPU seconds and the process's peak memory (ru_maxrss) for
(a) aggregation + index + validation, (b) all table and geo exports, (c) one compass chart (PNG)
per area and three maps. Targets on a 2-core machine: (a)+(b) < 5 s, (c) < 60 s, peak < 1.5 GB.

    python bench/analysis.py [--areas 542] [--responses 100000] [--out DIR] [--no-charts]

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

import pandas as pd

# This script is itself named analysis.py: put the repository, not bench/, first on the path so
# that "analysis" is the package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from analysis.exports.gis import write_geopackage, write_kommonitor_geojson  # noqa: E402
from analysis.exports.tables import write_csv, write_xlsx  # noqa: E402
from analysis.figures.compass_png import render_compass_pngs  # noqa: E402
from analysis.figures.maps import choropleth, median_bins  # noqa: E402
from analysis.figures.quadrant import quadrant_chart  # noqa: E402
from analysis.figures.style import save_figure  # noqa: E402
from analysis.outputs.data import RATING_KEYS, round_date  # noqa: E402
from analysis.stats.aggregate import aggregate_ratings, filter_comments, overall_scores  # noqa: E402
from analysis.stats.index import social_index  # noqa: E402
from analysis.stats.validate import validate_needs  # noqa: E402
from tests.support.synthetic import synthetic_campaign  # noqa: E402


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def stage(name: str, results: dict):
    # CPU seconds beside wall-clock seconds: on a shared machine the wall clock also counts
    # other processes' work.
    start, cpu = time.perf_counter(), time.process_time()
    yield
    seconds = time.perf_counter() - start
    results[name] = seconds
    print(
        f"{name:<42} {seconds:7.2f} s  (CPU {time.process_time() - cpu:6.2f} s)  "
        f"peak memory {peak_mb():6.0f} MB",
        flush=True,
    )


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=542)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: temp)")
    parser.add_argument("--no-charts", action="store_true", help="skip (c), the charts and maps")
    parser.add_argument(
        "--replicates", type=int, default=1000, help="bootstrap replicates of the validation"
    )
    args = parser.parse_args(argv)
    outdir = args.out or Path(tempfile.mkdtemp(prefix="qk-bench-"))
    (outdir / "charts").mkdir(parents=True, exist_ok=True)
    results: dict[str, float] = {}

    with stage("synthetic data (not timed against targets)", results):
        data = synthetic_campaign(args.areas, args.responses, seed=0)
    k = data.k
    print(
        f"{len(data.areas)} areas, {data.ratings['response_id'].nunique()} responses, "
        f"{len(data.ratings):,} ratings, {len(data.comments):,} comments -> {outdir}"
    )

    with stage("(a) aggregation + index + validation", results):
        # as in build_outputs: categorical keys make the group-bys several times faster
        ratings = data.ratings.astype({c: "category" for c in RATING_KEYS})
        by = ("round", "area_code", "role")
        aggregated = aggregate_ratings(ratings, k=k, by=(*by, "theme"))
        overall = overall_scores(ratings, k=k, by=by)
        comments = filter_comments(data.comments, ratings, k=k, by=by)
        ind = data.indicators
        latest = ind[ind["year"] == ind.groupby("indicator")["year"].transform("max")]
        wide = latest.pivot_table(index="area_code", columns="indicator", values="value")
        wide = wide.reset_index().merge(
            data.areas[["code", "population"]], left_on="area_code", right_on="code"
        )
        inputs = {
            "table": wide, "id_column": "area_code", "indicators": ["S1", "S3", "S4"],
            "population_column": "population", "min_population": 300,
        }  # fmt: skip
        index = social_index(**inputs).table
        start = time.process_time()
        validation = validate_needs(
            index,
            ratings[ratings["round"] == data.round],
            id_column="area_code",
            k=k,
            indicators=ind,
            index_inputs=inputs,
            aggregates=aggregated[aggregated["round"] == data.round],
            overall=overall[overall["round"] == data.round],
            replicates=args.replicates,
        )
        print(f"  of which validation ({args.replicates} replicates): "
              f"CPU {time.process_time() - start:.2f} s")  # fmt: skip

    areas = data.areas
    with stage("(b) table and geo exports", results):
        write_csv(aggregated, outdir / "aggregated_ratings.csv")
        write_csv(aggregated, outdir / "aggregated_ratings_excel.csv", excel_de=True)
        write_csv(index, outdir / "index.csv")
        write_csv(validation.areas, outdir / "validation.csv")
        write_csv(validation.theme_scores, outdir / "validation_themes.csv")
        write_csv(validation.tests, outdir / "validation_tests.csv")
        write_csv(validation.sensitivity, outdir / "validation_sensitivity.csv")
        write_xlsx(
            {
                "Gebiete": pd.DataFrame(areas.drop(columns="geometry")),
                "Indikatoren": ind,
                "Index": index,
                "Bewertungen": aggregated,
                "Validierung": validation.areas,
                "Validierung Themen": validation.theme_scores,
                "Validierung Tests": validation.tests,
                "Validierung Sensitivität": validation.sensitivity,
                "Kommentare": comments,
            },
            outdir / "results.xlsx",
        )
        layer = areas.merge(index, left_on="code", right_on="area_code").drop(columns="area_code")
        layer = layer.merge(
            validation.areas[["area_code", "resident_median", "category"]],
            left_on="code",
            right_on="area_code",
        ).drop(columns="area_code")
        write_geopackage({"areas": layer}, outdir / "results.gpkg")
        km = {"value_id_column": "area_code"}
        write_kommonitor_geojson(
            areas,
            index.assign(date="2023-12-31", value=index["index"]),
            outdir / "kommonitor_index.geojson",
            **km,
        )
        resident = aggregated[aggregated["role"] == "resident"]
        resident = resident.assign(date=resident["round"].map(round_date), value=resident["median"])
        res_all = overall[overall["role"] == "resident"]
        res_all = res_all.assign(date=res_all["round"].map(round_date), value=res_all["median"])
        write_kommonitor_geojson(
            areas, res_all, outdir / "kommonitor_resident_median.geojson", **km
        )
        for slug, group in resident.groupby("theme"):
            write_kommonitor_geojson(areas, group, outdir / f"kommonitor_{slug}.geojson", **km)

    ab = results["(a) aggregation + index + validation"] + results["(b) table and geo exports"]
    if args.no_charts:
        print(f"(a)+(b) {ab:.2f} s (target < 5 s); peak memory {peak_mb():.0f} MB")
        return results
    with stage(f"(c) {len(areas)} compass PNGs + 3 maps + quadrant", results):
        now = aggregated[aggregated["round"] == data.round]
        medians = {
            (code, role): group.set_index("theme")["median"]
            for (code, role), group in now.groupby(["area_code", "role"])
        }
        counts = overall[overall["round"] == data.round].set_index(["area_code", "role"])
        labels = {"resident": "Bewohner:innen", "expert": "Fachleute"}
        charts = []
        for code, name in zip(areas["code"], areas["name"], strict=True):
            series, n = {}, {}
            for role, label in labels.items():
                if (code, role) in medians and medians[code, role].notna().any():
                    series[label] = medians[code, role]
                    n[label] = int(counts.loc[(code, role), "n_respondents"])
            charts.append((outdir / "charts" / f"compass_{code}.png", series, n, f"{name}"))
        render_compass_pngs(charts, data.themes, labels=list(labels.values()), dpi=150)
        ax = choropleth(
            layer,
            "class",
            scheme="index_classes",
            k=4,
            title="Status-Index",
            source_note=data.source_note,
            legend_title="Klasse",
        )
        save_figure(ax.figure, outdir / "map_index.png", dpi=150)
        ax = choropleth(
            layer,
            "resident_median",
            scheme="manual",
            bins=median_bins((1, 7)),
            cmap="RdYlBu",
            title="Median der Bewohner:innen",
            source_note=data.source_note,
        )
        save_figure(ax.figure, outdir / "map_resident_median.png", dpi=150)
        s3 = layer.merge(wide[["area_code", "S3"]], left_on="code", right_on="area_code")
        ax = choropleth(
            s3,
            "S3",
            scheme="natural_breaks",
            k=5,
            title="Transferbezug (S3)",
            source_note=data.source_note,
            legend_title="Anteil in %",
        )
        save_figure(ax.figure, outdir / "map_s3.png", dpi=150)
        ax = quadrant_chart(validation.areas, low_median=validation.params["thresholds"][0])
        save_figure(ax.figure, outdir / "quadrant.png", dpi=150)

    c = results[f"(c) {len(areas)} compass PNGs + 3 maps + quadrant"]
    print(
        f"(a)+(b) {ab:.2f} s (target < 5 s); (c) {c:.2f} s (target < 60 s); "
        f"peak memory {peak_mb():.0f} MB (target < 1536 MB)"
    )
    return results


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
