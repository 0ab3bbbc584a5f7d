"""The analysis.stats modules and the trend chart: doctests pass, no Flask, no plotting in stats."""

import doctest
import importlib
import subprocess
import sys

import pytest

STATS = [
    "analysis.stats.allocation",
    "analysis.stats.change",
    "analysis.stats.crosswalk",
    "analysis.stats.dynamics",
    "analysis.stats.jumps",
    "analysis.stats.kreis",
    "analysis.stats.rounds",
    "analysis.stats.similarity",
    "analysis.stats.trends",
    "analysis.stats.variance",
]


@pytest.mark.parametrize("name", [*STATS, "analysis.figures.trend"])
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def _imported_after(modules: list[str]) -> set[str]:
    code = f"import sys\nfor m in {modules!r}: __import__(m)\nprint(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_stats_import_neither_flask_nor_matplotlib():
    loaded = _imported_after(STATS)
    assert not {m for m in loaded if m.split(".")[0] in {"flask", "app", "matplotlib"}}


def test_the_trend_chart_never_loads_pyplot():
    loaded = _imported_after(["analysis.figures.trend"])
    assert "matplotlib" in loaded and "matplotlib.pyplot" not in loaded
    assert not {m for m in loaded if m.split(".")[0] in {"flask", "app"}}
