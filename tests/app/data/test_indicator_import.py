"""The indicator preview on the web: column report, code matching, refresh-then-import, no
silent overwrite, provenance of every stored value."""

from __future__ import annotations

import io
from urllib.parse import urlencode

from sqlalchemy import select

from app.core.extensions import db
from app.models import Area, Indicator, IndicatorValue
from tests.app.data.test_data_and_index import _planner, _upload
from tests.support.workspace import csrf_of

TABLE = (
    "Tabelle 3: Sozialräume 2023\n"
    "Sozialraum;Name;SGB2_2023;Einwohner 2023;Anmerkung\n"
    "1 a;Altstadt;12,5;1.748;gut\n"
    "15 b;Nordstadt;viel;2.305;neu\n"
    "01100101;Stülerstraße;8,0;3.419;–\n"
    "Quelle: Jobcenter\n"
)


def _stored(app):
    with app.app_context():
        return set(db.session.execute(
            select(Indicator.key, Area.code, IndicatorValue.year, IndicatorValue.value,
                   IndicatorValue.source).join(Indicator).join(Area)
        ).all())  # fmt: skip


def _preview(client, base, table: str, name: str):
    location = _upload(client, base, table.encode("utf-8"), name).headers["Location"]
    return location, location.split("upload=")[1]


def test_the_preview_reports_every_column_and_row_left_out(app, client, survey):
    base = f"/planner/kommune/{_planner(app, client)}/indicators"
    url, _token = _preview(client, base, TABLE, "sozialraeume.csv")
    html = client.get(url).get_data(as_text=True)
    assert "SGB2</code>" in html and "Einwohner</code>" in html
    assert "Zeile 4: „viel“ – „viel“ ist keine Zahl." in html  # the bad cell, never fatal
    assert "Tabelle 3: Sozialräume 2023" in html and "Quelle: Jobcenter" in html
    assert "3 von 3 Schlüsseln passen unverändert zu Gebieten dieser Kommune" in html
    assert "5 Werte importieren" in html  # 2 × 3 values, less the unreadable one


def test_refresh_then_import_stores_what_the_preview_showed(app, client, survey):
    """The bug: "update preview" (GET) then "import" (POST to the refreshed address) named
    every column twice and failed with a false "more than one value" error."""
    base = f"/planner/kommune/{_planner(app, client)}/indicators"
    _url, token = _preview(client, base, TABLE, "sozialraeume.csv")
    query = {"upload": token, "id_column": "Sozialraum", "columns": "SGB2_2023"}
    refreshed = f"{base}/preview?{urlencode(query)}"
    html = client.get(refreshed).get_data(as_text=True)
    assert "nicht zum Import ausgewählt" in html and "2 Werte importieren" in html
    form = dict(query, csrf_token=csrf_of(client, refreshed), confirm="1")
    response = client.post(refreshed, data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _stored(app) == {
        ("SGB2", "1 a", 2023, 12.5, "sozialraeume.csv"),
        ("SGB2", "01100101", 2023, 8.0, "sozialraeume.csv"),
    }


def test_codes_of_no_area_are_shown_and_block_the_import_until_left_out(app, client, survey):
    base = f"/planner/kommune/{_planner(app, client)}/indicators"
    table = (
        "Code;Name;SGB2_2023\nSR1a;Altstadt;4,5\nSR15b;Nordstadt;5,5\nSR77;Ostfeld;6,0\n"
        "SR0;Stadt gesamt;5,0\n"
    )
    url, token = _preview(client, base, table, "fremd.csv")
    html = client.get(url).get_data(as_text=True)
    assert "2 von 4 Schlüsseln passen" in html and "„SR“ weggelassen" in html
    assert "SR77" in html and "SR0 (Stadt gesamt): die Summe der ganzen Kommune" in html
    assert "Werte importieren" not in html
    form = {"upload": token, "csrf_token": csrf_of(client, url), "confirm": "1"}
    refused = client.post(f"{base}/preview", data=form)
    assert refused.status_code == 200 and "Es wurde nichts importiert" in refused.get_data(
        as_text=True
    )
    assert _stored(app) == set()
    response = client.post(f"{base}/preview", data=dict(form, skip_unknown="1"))
    assert response.status_code == 302
    assert {(k, c, v) for k, c, _y, v, _s in _stored(app)} == {
        ("SGB2", "1 a", 4.5), ("SGB2", "15 b", 5.5),
    }  # fmt: skip


def test_another_file_never_overwrites_values_silently(app, client, survey):
    base = f"/planner/kommune/{_planner(app, client)}/indicators"
    first = "Sozialraum;Anzahl_2023\n1 a;554\n15 b;311\n"
    url, token = _preview(client, base, first, "sgb2.csv")
    form = {"upload": token, "csrf_token": csrf_of(client, url), "confirm": "1"}
    assert client.post(f"{base}/preview", data=form).status_code == 302
    second = "Sozialraum;Anzahl_2023\n1 a;1.360\n15 b;845\n"
    url, token = _preview(client, base, second, "beschaeftigte.csv")
    html = client.get(url).get_data(as_text=True)
    assert "Würde 2 Werte von Anzahl ändern (aus der Quelle sgb2.csv)." in html
    assert "Werte importieren" not in html
    assert {(c, v) for _k, c, _y, v, _s in _stored(app)} == {("1 a", 554), ("15 b", 311)}
    form = {"upload": token, "csrf_token": csrf_of(client, url), "confirm": "1"}
    prefixed = client.post(f"{base}/preview", data=dict(form, prefix="B_"))
    assert prefixed.status_code == 302
    assert ("B_Anzahl", "1 a", 2023, 1360, "beschaeftigte.csv") in _stored(app)
    assert ("Anzahl", "1 a", 2023, 554, "sgb2.csv") in _stored(app)


def test_a_guessed_direction_keeps_an_indicator_out_of_the_index_until_confirmed(
    app, client, survey
):
    kommune_id = _planner(app, client)
    base = f"/planner/kommune/{kommune_id}/indicators"
    table = "Sozialraum;Wohngeld_2024\n1 a;12\n15 b;30\n01100101;7\n"
    url, token = _preview(client, base, table, "wohngeld.csv")
    form = {"upload": token, "csrf_token": csrf_of(client, url), "confirm": "1"}
    assert client.post(f"{base}/preview", data=form).status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "Richtung nicht bestätigt" in page
    index_url = f"/planner/kommune/{kommune_id}/index"
    index_form = {"csrf_token": csrf_of(client, index_url), "indicators": ["Wohngeld"],
                  "year": "2024", "method": "z-sum-z", "classes": "sd"}  # fmt: skip
    refused = client.post(index_url, data=index_form).get_data(as_text=True)
    assert "Die Richtung von Wohngeld ist nicht bestätigt" in refused
    describe = {"csrf_token": csrf_of(client, base), "key": "Wohngeld", "direction": "higher",
                "unit": "je 1.000 EW", "definition": "Haushalte mit Wohngeld je 1.000 Haushalte",
                "source": "Wohngeldstelle, Stand 31.12.2024", "name": "Wohngeld"}  # fmt: skip
    assert client.post(f"{base}/describe", data=describe).status_code == 302
    with app.app_context():
        indicator = db.session.scalar(select(Indicator).where(Indicator.key == "Wohngeld"))
        assert indicator.direction_confirmed and indicator.unit == "je 1.000 EW"
        assert indicator.definition["de"] == "Haushalte mit Wohngeld je 1.000 Haushalte"
        assert indicator.source == "Wohngeldstelle, Stand 31.12.2024"
    html = client.post(index_url, data=index_form).get_data(as_text=True)
    assert 'id="index-table"' in html and "nicht bestätigt" not in html


def test_finer_units_aggregated_on_the_web(app, client, survey):
    base = f"/planner/kommune/{_planner(app, client)}/indicators"
    table = "PLR;EW_2021;Quote_2021\n0110010101;100;10,0\n0110010102;300;20,0\n"
    url, token = _preview(client, base, table, "teilraeume.csv")
    query = {"upload": token, "aggregate_prefix": "8", "shares": "Quote_2021"}
    refused = client.get(f"{base}/preview?{urlencode(query)}").get_data(as_text=True)
    assert "Anteile (Quote) werden nach Einwohnern gewichtet gemittelt" in refused
    query["weight_column"] = "EW_2021"
    html = client.get(f"{base}/preview?{urlencode(query)}").get_data(as_text=True)
    assert "2 von 2 Schlüsseln liegen mit ihren ersten 8 Zeichen in Gebieten" in html
    form = dict(query, csrf_token=csrf_of(client, url), confirm="1")
    assert client.post(f"{base}/preview", data=form).status_code == 302
    assert {(k, c, v) for k, c, _y, v, _s in _stored(app)} == {
        ("EW", "01100101", 400.0), ("Quote", "01100101", 17.5),
    }  # fmt: skip


def test_a_saved_crosswalk_of_the_kommune_places_ortsteile(app, client, survey):
    base = f"/planner/kommune/{_planner(app, client)}/indicators"
    bad = "Ortsteil;Quartier\n11;1 a\n;15 b\n"
    response = client.post(base.replace("/indicators", "/crosswalk"), data={
        "csrf_token": csrf_of(client, base), "crosswalk": (io.BytesIO(bad.encode()), "cw.csv"),
    }, content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 400 and "Zeile 3" in response.get_data(as_text=True)
    good = "Ortsteil;Quartier;EW\n11;1 a;300\n12;1 a;200\n20;15 b;150\n"
    response = client.post(base.replace("/indicators", "/crosswalk"), data={
        "csrf_token": csrf_of(client, base), "crosswalk": (io.BytesIO(good.encode()), "cw.csv"),
    }, content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302
    assert "3 Schlüssel von Tabellen" in client.get(base).get_data(as_text=True)
    table = "Ortsteil;Einwohner;SGB-II-Quote\n11;300;10,0\n12;200;20,0\n20;150;5,0\n"
    url, token = _preview(client, base, table, "ortsteile.csv")
    query = {"upload": token, "match": "crosswalk", "year": "2022", "shares": "SGB-II-Quote",
             "weight_column": "Einwohner"}  # fmt: skip
    html = client.get(f"{base}/preview?{urlencode(query)}").get_data(as_text=True)
    assert "3 von 3 Schlüsseln passen über die Zuordnungstabelle" in html
    form = dict(query, csrf_token=csrf_of(client, url), confirm="1")
    assert client.post(f"{base}/preview", data=form).status_code == 302
    assert {(k, c, v) for k, c, _y, v, _s in _stored(app)} == {
        ("Einwohner", "1 a", 500.0), ("SGB_II_Quote", "1 a", 14.0),
        ("Einwohner", "15 b", 150.0), ("SGB_II_Quote", "15 b", 5.0),
    }  # fmt: skip


def test_a_chosen_sheet_of_an_xlsx_upload(app, client, survey, tmp_path):
    from openpyxl import Workbook

    base = f"/planner/kommune/{_planner(app, client)}/indicators"
    workbook = Workbook()
    workbook.active.title = "Inhalt"
    workbook.active.append(["Tabellen zu den Sozialräumen"])
    sheet = workbook.create_sheet("Daten")
    for row in (["Sozialraum", "SGB2_2023"], ["1 a", 12.5], ["15 b", "–"]):
        sheet.append(row)
    path = tmp_path / "profil.xlsx"
    workbook.save(path)
    location = _upload(client, base, path.read_bytes(), "profil.xlsx").headers["Location"]
    first = client.get(location).get_data(as_text=True)
    assert "keine Spalten mit Zahlen" in first and "Werte importieren" not in first
    chosen = client.get(location + "&sheet=Daten").get_data(as_text=True)
    assert "SGB2</code>" in chosen and "2 Werte importieren" in chosen
    assert client.get(location + "&sheet=2").get_data(as_text=True).count("SGB2</code>") == 1
