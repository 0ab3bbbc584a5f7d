"""Fixtures of the tests in this folder: Berlin's 12 Bezirke as the Kommunen of a Kreis."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.services import kreis_setup
from tests.support.kreise import store_berlin_kreis
from tests.support.workspace import make_user


@dataclass(frozen=True)
class BerlinKreis:
    kreis_id: int
    kommunen: dict[str, int]


@pytest.fixture
def berlin_kreis(app, tmp_path) -> BerlinKreis:
    """The Kreis "Berlin" of 12 Bezirke; kreis@ plans for it, bezirk01@ only for Bezirk 01."""
    with app.test_request_context():
        kreis = store_berlin_kreis(tmp_path)
        make_user("kreis@berlin.example", "planner", ["Bezirk 01"])
        kreis_setup.grant(kreis, "kreis@berlin.example")
        make_user("bezirk01@berlin.example", "planner", ["Bezirk 01"])
        return BerlinKreis(kreis.id, {k.name: k.id for k in kreis.kommunen})
