"""The layers hold: import contracts on the source, and analysis imports without Flask."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.imports import features, violations
from tests.support.tree import REPO

ANALYSIS_PACKAGES = sorted(
    ["analysis"] + [f"analysis.{p.parent.name}" for p in (REPO / "analysis").glob("*/__init__.py")]
)


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_no_import_breaks_a_contract():
    assert violations(REPO) == []


def test_features_are_found():
    assert {"survey", "api", "moderator", "results"} <= features(REPO)
    assert not {"core", "models", "services", "cli"} & features(REPO)


def test_the_check_finds_each_kind_of_forbidden_import(tmp_path):
    _write(
        tmp_path,
        {
            "app/__init__.py": "from app import survey\n",
            "app/core/__init__.py": "from app.services import texts\n",
            "app/models/__init__.py": "",
            "app/services/__init__.py": "from app.survey.views import thanks\n",
            "app/cli/__init__.py": "",
            "app/survey/__init__.py": "from . import views\n",
            "app/survey/views.py": "def thanks():\n    from ..moderator import live\n",
            "app/moderator/__init__.py": "from app.moderator import live\n",
            "app/moderator/live.py": "from app.core import db\n",
            "analysis/__init__.py": "import flask_babel\n",
            "analysis/stats/index.py": "from app.models import Campaign\n",
        },
    )
    assert violations(tmp_path) == [
        "app/core/__init__.py:1: imports app.services.texts (app/core may not import services)",
        "app/services/__init__.py:1: imports app.survey.views.thanks "
        "(app/services may not import features)",
        "app/survey/views.py:2: imports app.moderator.live "
        "(a feature never imports another feature)",
        "analysis/__init__.py:1: imports flask_babel (analysis is pure Python: no app, no Flask)",
        "analysis/stats/index.py:1: imports app.models.Campaign "
        "(analysis is pure Python: no app, no Flask)",
    ]


@pytest.mark.parametrize("package", ANALYSIS_PACKAGES)
def test_analysis_imports_without_flask(package):
    code = (
        f"import sys, {package}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'app', 'werkzeug'}"
        " or m.split('.')[0].startswith('flask')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


def test_every_analysis_package_is_imported_by_the_check():
    assert len(ANALYSIS_PACKAGES) >= 8
    assert {"analysis.readers", "analysis.stats", "analysis.figures"} <= set(ANALYSIS_PACKAGES)
