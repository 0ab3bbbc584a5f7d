"""A non-editable install works: the wheel carries the migrations and compiled catalogues.

The wheel is built from the tracked files alone (a copy, so nothing is written into the
checkout) with this venv's setuptools, and installed into a fresh venv without network: the
wheel itself with pip (``--no-index --no-deps``), its dependencies seen through a ``.pth`` line
naming this venv's site-packages (the fresh venv's own site-packages comes first, so ``app`` is
the installed one – checked).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.support.tree import REPO, tracked_files

pytestmark = pytest.mark.slow

PAGE = """
import app
from app import create_app
web = create_app()
page = web.test_client().get("/login", headers={"Accept-Language": "{lang}"})
print(app.__file__)
print(page.status_code)
print(page.get_data(as_text=True))
"""


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for path in tracked_files():
        if (REPO / path).is_file():
            (source / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / path, source / path)
    dist = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--no-index",
         "-w", str(dist), str(source), cwd=source)  # fmt: skip
    return next(dist.glob("quartierskompass-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The python of a fresh venv with the wheel installed."""
    venv = tmp_path_factory.mktemp("venv")
    _run(sys.executable, "-m", "venv", str(venv), cwd=venv)
    python = venv / "bin" / "python"
    _run(str(python), "-m", "pip", "install", "--no-index", "--no-deps", str(wheel), cwd=venv)
    site = Path(_run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                     cwd=venv).strip())  # fmt: skip
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def test_the_wheel_ships_migrations_and_compiled_catalogues(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "app/migrations/env.py" in names
    assert "app/migrations/alembic.ini" in names
    migrations = {n for n in tracked_files() if n.startswith("migrations/versions/")}
    assert {f"app/{n}" for n in migrations if n.endswith(".py")} <= names
    for lang in ("de", "en", "tr", "ar", "uk"):
        assert f"app/translations/{lang}/LC_MESSAGES/messages.mo" in names
    assert not any(n.startswith(("tests/", "bench/")) for n in names)


def test_installed_app_migrates_and_speaks_german(installed, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "QK_DATABASE_URL": f"sqlite:///{tmp_path / 'installed.sqlite3'}"}  # fmt: skip
    output = _run(str(installed), "-m", "flask", "--app", "app", "db", "upgrade",
                  cwd=tmp_path, env=env)  # fmt: skip
    tables = _run(str(installed), "-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1])"
                  ".execute('select version_num from alembic_version').fetchone()[0])",
                  str(tmp_path / "installed.sqlite3"), cwd=tmp_path, env=env)  # fmt: skip
    assert tables.strip() == _head_revision(), output
    german = _run(str(installed), "-c", PAGE.replace("{lang}", "de"), cwd=tmp_path, env=env)
    location, status, page = german.split("\n", 2)
    assert Path(location).is_relative_to(installed.parent.parent), location
    assert status == "200"
    assert "<h1>Anmelden</h1>" in page
    english = _run(str(installed), "-c", PAGE.replace("{lang}", "en"), cwd=tmp_path, env=env)
    assert "<h1>Log in</h1>" in english


def _head_revision() -> str:
    """The newest revision of the checkout's migrations (the one the wheel must reach)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(REPO / "migrations")).get_current_head()
