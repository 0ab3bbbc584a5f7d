"""The docstring examples of analysis/ (and app/) run with every ``make test``."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from tests.support.tree import REPO


def test_pytest_collects_the_docstring_examples():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    options = config["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in options["addopts"].split()
    assert {"tests", "analysis", "app"} <= set(options["testpaths"])
    assert "python -m pytest\n" in (REPO / "Makefile").read_text(encoding="utf-8")


def test_every_analysis_package_has_examples_that_are_collected():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         "analysis"],
        cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    examples = [line for line in result.stdout.splitlines() if "::" in line]
    packages = {line.split("/")[1] for line in examples if line.count("/") > 1}
    assert {"readers", "stats", "figures", "exports", "outputs", "report", "coverage"} <= packages
    assert len(examples) >= 100
