"""What a test run sets up before collecting tests: the catalogues, and no skips in CI.

Registered as a pytest plugin by ``tests/conftest.py``.

- The ``.po`` catalogues are compiled into a folder of this run (never into the source tree) and
  the app is pointed there, so every test sees the catalogues as they are in the checkout.
- With ``CI`` or ``QK_NO_SKIPS`` set (``.ci/run`` sets it), a skipped test fails the run: a
  machine without Chromium, axe-core or the public data must not pass silently.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from app.core.config import ROOT, DefaultConfig


def compile_catalogues(target: Path) -> Path:
    """Compile every ``translations/<lang>/LC_MESSAGES/messages.po`` into ``target``.

    The compiling is setup.py's (what a wheel ships), loaded from the file.
    """
    spec = importlib.util.spec_from_file_location("quartierskompass_setup", ROOT / "setup.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    build.compile_catalogues(ROOT / "translations", target)
    return target


def skips_forbidden() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("QK_NO_SKIPS"))


def pytest_configure(config: pytest.Config) -> None:
    folder = compile_catalogues(Path(tempfile.mkdtemp(prefix="qk-translations-")))
    config.qk_translations = folder  # type: ignore[attr-defined]
    DefaultConfig.BABEL_TRANSLATION_DIRECTORIES = str(folder)


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = getattr(config, "qk_translations", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _fail_if_skipped(report: pytest.TestReport | pytest.CollectReport) -> None:
    if report.skipped and skips_forbidden() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, but skips are not allowed (CI or QK_NO_SKIPS set): {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    _fail_if_skipped(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    # A module that skips itself (pytest.skip(allow_module_level=True), importorskip) is a
    # skip of every test in it.
    outcome = yield
    _fail_if_skipped(outcome.get_result())
