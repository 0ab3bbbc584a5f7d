"""The test run compiles the catalogues into a folder of its own, never into the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.core.config import DefaultConfig
from tests.support.tree import REPO

CHECK_FOLDER = """
from app.core.config import DefaultConfig

def test_folder():
    print("FOLDER=" + DefaultConfig.BABEL_TRANSLATION_DIRECTORIES)
"""


def _snapshot() -> dict[str, int]:
    folder = REPO / "translations"
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*")}


def test_this_run_reads_catalogues_compiled_outside_the_checkout(app):
    folder = Path(DefaultConfig.BABEL_TRANSLATION_DIRECTORIES)
    assert app.config["BABEL_TRANSLATION_DIRECTORIES"] == str(folder)
    assert not folder.resolve().is_relative_to(REPO.resolve())
    sources = {p.parent.parent.name for p in (REPO / "translations").glob("*/LC_MESSAGES/*.po")}
    compiled = {p.parent.parent.name for p in folder.glob("*/LC_MESSAGES/messages.mo")}
    assert compiled == sources == {"de", "en", "tr", "ar", "uk"}


def test_a_test_run_writes_nothing_into_the_source_tree(tmp_path):
    (tmp_path / "test_folder.py").write_text(CHECK_FOLDER, encoding="utf-8")
    before = _snapshot()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.support.session", "-p", "no:cacheprovider",
         "-q", "-s", "--rootdir", str(tmp_path), "-c", os.devnull, str(tmp_path)],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    assert _snapshot() == before
    folder = result.stdout.split("FOLDER=", 1)[1].split()[0]
    assert not Path(folder).exists()  # removed when the run ends
