"""Measured outcome of issue 9: small modules, simple functions, ruff clean.

No allow-lists: a module that grows past the limit is split where its ideas part.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

from tests.support.tree import REPO, python_files, relative

MAX_LINES = 300


def line_counts() -> dict[str, int]:
    """Lines of every Python module of ours, by path relative to the repository."""
    return {
        relative(path): len(path.read_text(encoding="utf-8").splitlines())
        for path in python_files()
    }


def test_no_module_over_300_lines():
    too_long = {path: lines for path, lines in line_counts().items() if lines > MAX_LINES}
    assert too_long == {}


def test_the_line_count_sees_every_folder_of_code():
    folders = {path.split("/")[0] for path in line_counts()}
    assert folders == {"app", "analysis", "bench", "tests", "tools"}


def test_ruff_selects_complexity_at_most_10():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    lint = config["tool"]["ruff"]["lint"]
    assert {"E", "F", "W", "I", "B", "UP", "SIM", "C90"} <= set(lint["select"])
    assert lint["mccabe"]["max-complexity"] == 10


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=REPO, capture_output=True, text=True
    )


def ruff_findings() -> set[tuple[str, str]]:
    """``(path, code)`` of every finding of ``ruff check`` with the project's configuration."""
    result = _ruff("check", "--output-format", "json", "--no-cache", ".")
    findings = json.loads(result.stdout)
    return {
        ((REPO / f["filename"]).resolve().relative_to(REPO).as_posix(), f["code"]) for f in findings
    }


def test_ruff_check_is_clean():
    assert ruff_findings() == set()


def test_ruff_format_is_clean():
    result = _ruff("format", "--check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout
