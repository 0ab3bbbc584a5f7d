"""A Kommune's own catalogue entries: added by its planner (service and page), used by the
import like the standard entries, for this Kommune only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.models import Indicator, Kommune
from app.services import kommune_catalogue
from app.services.kommune_catalogue import CatalogueEntryError
from tests.app.data.test_data_and_index import _planner
from tests.support.factories import make_survey
from tests.support.indicator_files import import_indicators
from tests.support.workspace import csrf_of

TABLE = "Sozialraum;spielflaeche;S1;offen\n1 a;2,5;7,1;3\n15 b;0,8;9,4;4\n"
OWN = {"key": "spielflaeche", "name": "Spielfläche je Kind", "unit": "m²", "direction": "lower",
       "domain": "wohnen", "definition": "Spielplatzfläche in m² je Kind unter 14 Jahren",
       "source": "Grünflächenamt 2024"}  # fmt: skip


def _kommune(name: str) -> Kommune:
    return db.session.scalar(select(Kommune).where(Kommune.name == name))


def _indicator(kommune: Kommune, key: str) -> Indicator:
    return db.session.scalar(
        select(Indicator).where(Indicator.kommune_id == kommune.id, Indicator.key == key)
    )


def test_the_import_describes_columns_from_the_kommunes_own_entries(app, survey, tmp_path):
    path = tmp_path / "tabelle.csv"
    path.write_text(TABLE, encoding="utf-8")
    with app.test_request_context():
        make_survey(kommune="Anderstadt")
        town, other = _kommune("Teststadt"), _kommune("Anderstadt")
        kommune_catalogue.add_entry(town, OWN)
        kommune_catalogue.add_entry(town, {"key": "offen", "name": "Offene Frage", "unit": "Anzahl",
                                           "direction": "", "domain": "bildung"})  # fmt: skip
        override = {"key": "S1", "name": "Arbeitslose (Teststadt)", "unit": "%",
                    "direction": "higher", "domain": "erwerb"}  # fmt: skip
        kommune_catalogue.add_entry(town, override)
        import_indicators(path, "Teststadt", "Sozialraum", year=2024)
        import_indicators(path, "Anderstadt", "Sozialraum", year=2024, skip_unknown=True)
        own = _indicator(town, "spielflaeche")
        assert own.name == {"de": "Spielfläche je Kind", "en": "Spielfläche je Kind"}
        assert own.unit == "m²" and own.domain == "wohnen"
        assert own.direction == "lower_is_more_need" and own.direction_confirmed is True
        assert own.definition["de"] == OWN["definition"]
        assert _indicator(town, "offen").direction_confirmed is False  # left open: confirm
        assert _indicator(town, "S1").name["de"] == "Arbeitslose (Teststadt)"
        # Anderstadt has none of Teststadt's entries: the standard catalogue, or the header.
        assert _indicator(other, "S1").name["de"] == "MSS S1 Arbeitslosigkeit"
        theirs = _indicator(other, "spielflaeche")
        assert theirs.name["de"] == "spielflaeche" and theirs.direction_confirmed is False


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        ({"unit": " "}, "Bitte geben Sie die Einheit des Indikators an."),
        ({"domain": "sport"}, "Bitte wählen Sie einen der Bereiche."),
        ({"direction": "up"}, "Höhere Werte bedeuten mehr Bedarf, weniger Bedarf"),
        ({"key": "k" * 81}, "Der Schlüssel ist länger als 80 Zeichen."),
    ],
)
def test_a_wrong_entry_is_refused_with_a_sentence(app, survey, change, sentence):
    with app.test_request_context(headers={"Accept-Language": "de"}):
        with pytest.raises(CatalogueEntryError, match=sentence):
            kommune_catalogue.add_entry(_kommune("Teststadt"), {**OWN, **change})
        assert kommune_catalogue.entries(_kommune("Teststadt")) == []


def test_a_key_is_added_once(app, survey):
    with app.test_request_context(headers={"Accept-Language": "de"}):
        town = _kommune("Teststadt")
        kommune_catalogue.add_entry(town, OWN)
        with pytest.raises(CatalogueEntryError, match="hat schon einen Indikator spielflaeche"):
            kommune_catalogue.add_entry(town, {**OWN, "name": "Noch einmal"})
        assert [e.name for e in kommune_catalogue.entries(town)] == ["Spielfläche je Kind"]


def test_the_planner_adds_an_entry_on_the_catalogue_page(app, client, survey):
    kommune_id = _planner(app, client)
    url = f"/planner/kommune/{kommune_id}/catalogue"
    page = client.get(url, headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Indikatorenkatalog" in page and "MSS K 09 Einwohner:innen in einfacher Wohnlage" in page
    bad = client.post(url, data={**OWN, "domain": "sport", "csrf_token": csrf_of(client, url)},
                      headers={"Accept-Language": "de"})  # fmt: skip
    assert bad.status_code == 400
    assert "Bitte wählen Sie einen der Bereiche." in bad.get_data(as_text=True)
    assert 'value="Spielfläche je Kind"' in bad.get_data(as_text=True)  # nothing typed is lost
    done = client.post(url, data={**OWN, "csrf_token": csrf_of(client, url)})
    assert done.status_code == 302
    listed = client.get(url, headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert (
        "spielflaeche" in listed and "Grünflächenamt 2024" in listed and "weniger Bedarf" in listed
    )
