"""bench/coverage.py runs end to end on a small city (the full size is timed by hand)."""

from __future__ import annotations

import importlib.util

from tests.support.app import ROOT

BENCH = ROOT / "bench" / "coverage.py"


def test_bench_runs_on_a_small_city(capsys):
    spec = importlib.util.spec_from_file_location("bench_coverage", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    results = bench.main(["--areas", "12", "--offers", "40", "--size", "3000"])
    assert set(results) == {
        "read + check offers (CSV-like text)",
        "straight line: all figures",
        "network: read .osm.pbf + build graph",
        "network: all figures",
        "web: worker reads the upload + blob",
        "web: blob -> graph (once per process)",
        "network total",
    }
    out = capsys.readouterr().out
    assert "12 areas, 40 offers, 900 population points" in out
    assert "street network: 784 nodes" in out
