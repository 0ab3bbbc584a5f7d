"""Fixtures of the tests in this folder."""

from __future__ import annotations

import pytest

from tests.support.workspace import login, make_user

URL = "/planner/surveys/{id}/answer-files"


@pytest.fixture
def planner(app, client, survey):
    """A planner of Teststadt, logged in; returns the upload page's URL."""
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
    assert login(client, "plan@example.org").status_code == 302
    return URL.format(id=survey.campaign_id)
