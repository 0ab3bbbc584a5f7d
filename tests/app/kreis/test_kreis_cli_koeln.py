"""``flask kreis`` on Köln's Stadtbezirke as Kommunen: the Kreis's sums are the city's published
Bezirk and city totals (a check computed by the city, not by us)."""

from __future__ import annotations

import pytest

from app.core.extensions import db
from app.models import Kreis
from app.services import kreis as kreis_data
from app.services.kreis_setup import find_kreis
from tests.support.data import koeln_population
from tests.support.kreise import store_koeln_kreis
from tests.support.workspace import make_user


def _ok(runner, *args) -> str:
    reply = runner.invoke(args=list(args), env={"LANGUAGE": "en"})
    assert reply.exit_code == 0, reply.output
    return reply.output


def _refused(runner, *args) -> str:
    reply = runner.invoke(args=list(args), env={"LANGUAGE": "en"})
    assert reply.exit_code == 1, reply.output
    return reply.output


@pytest.mark.slow
def test_a_kreis_of_koelns_bezirke_sums_to_the_published_totals(app, runner, tmp_path):
    with app.app_context():
        names = store_koeln_kreis(tmp_path)
        make_user("plan@koeln.example", "planner", ["Köln 1"])
        make_user("mod@koeln.example", "moderator", ["Köln 1"])
    assert "created" in _ok(runner, "kreis", "create", "Stadt Köln")
    assert "Köln 9" in _ok(runner, "kreis", "attach", "--kreis", "Stadt Köln", *names)
    assert "now plans for Stadt Köln" in _ok(
        runner, "kreis", "grant", "--kreis", "Stadt Köln", "plan@koeln.example"
    )
    assert "already a Kreis" in _refused(runner, "kreis", "create", "Stadt Köln")
    assert "no Kommune called 'Köln 10'" in _refused(
        runner, "kreis", "attach", "--kreis", "Stadt Köln", "Köln 10"
    )
    assert "no Kreis called 'Köln'" in _refused(runner, "kreis", "attach", "--kreis", "Köln", "X")
    assert "Only planners" in _refused(
        runner, "kreis", "grant", "--kreis", "Stadt Köln", "mod@koeln.example"
    )
    with app.test_request_context():
        kreis = find_kreis("Stadt Köln")
        table = kreis_data.aggregates(kreis_data.kreis_table(kreis, 2012))
        assert db.session.get(Kreis, kreis.id).kommunen[0].name == "Köln 1"
    published = koeln_population()
    published = published[(published["year"] == 2012) & (published["level"] != "stadtteil")]
    wide = published.pivot(index="area_code", columns="indicator", values="value")
    expected = {"Kreis": wide.loc["000"]} | {f"Köln {c[-1]}": wide.loc[c] for c in wide.index
                                             if c != "000"}  # fmt: skip
    assert table["kommune"].tolist() == list(expected)  # the Kreis in the first row
    for row in table.itertuples():
        city = expected[row.kommune]
        assert (row.EW, row.unter_6) == (city["EW"], city["unter 6"]), row.kommune
        assert row.Anteil_unter_6 == pytest.approx(city["Anteil unter 6"]), row.kommune
    assert table["n_areas"].iloc[0] == 86
