"""Fixtures of the tests in this folder."""

from __future__ import annotations

import pytest

from tests.support.app import make_app


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The CLI speaks the shell's language; these tests read its English messages."""
    monkeypatch.setenv("LANGUAGE", "en")


@pytest.fixture
def file_runner(tmp_path):
    """A CLI runner on an app whose database cannot even be opened."""
    app = make_app(f"sqlite:///{tmp_path / 'missing' / 'dir' / 'x.sqlite3'}", tmp_path)
    return app.test_cli_runner()
