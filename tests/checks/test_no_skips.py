"""Zero skips in CI: with ``CI`` or ``QK_NO_SKIPS`` set, a skipped test fails the run."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.tree import REPO

SKIPPING = """
import pytest

def test_needs_a_tool():
    pytest.skip("the tool is missing")

@pytest.mark.xfail(reason="known", strict=True)
def test_known_failure():
    assert False
"""


SKIPPED_MODULE = """
import pytest

pytest.importorskip("a_module_nobody_installed")


def test_never_collected():
    pass
"""


def _run(tmp_path, source: str, **env: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_skipping.py").write_text(source, encoding="utf-8")
    (tmp_path / "test_fine.py").write_text("def test_fine():\n    pass\n", encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if k not in {"CI", "QK_NO_SKIPS"}}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.support.session", "-p", "no:cacheprovider",
         "-q", "--rootdir", str(tmp_path), "-c", os.devnull, str(tmp_path)],
        cwd=REPO, env={**clean, "PYTHONPATH": str(REPO), **env}, capture_output=True, text=True,
    )  # fmt: skip


@pytest.mark.parametrize("source", [SKIPPING, SKIPPED_MODULE])
def test_a_skip_passes_on_a_developers_machine(tmp_path, source):
    result = _run(tmp_path, source)
    assert result.returncode == 0, result.stdout
    assert (
        "1 passed, 1 skipped, 1 xfailed" if source == SKIPPING else "1 passed, 1 skipped"
    ) in result.stdout


@pytest.mark.parametrize("variable", ["CI", "QK_NO_SKIPS"])
def test_a_skipped_test_fails_the_run_in_ci(tmp_path, variable):
    result = _run(tmp_path, SKIPPING, **{variable: "1"})
    assert result.returncode == 1, result.stdout
    assert (
        "skips are not allowed (CI or QK_NO_SKIPS set): Skipped: the tool is missing"
        in result.stdout
    )
    assert "1 failed, 1 passed, 1 xfailed" in result.stdout


def test_a_module_that_skips_itself_fails_the_run_in_ci(tmp_path):
    result = _run(tmp_path, SKIPPED_MODULE, QK_NO_SKIPS="1")
    assert result.returncode == 2, result.stdout
    assert "skips are not allowed" in result.stdout
    assert "a_module_nobody_installed" in result.stdout


def test_the_ci_entry_point_forbids_skips():
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "export QK_NO_SKIPS=1" in lines
    assert lines.index("export QK_NO_SKIPS=1") < lines.index("make test")
