"""``flask indicators import`` on real tables (Köln, Berlin MSS) and on the small German tables:
what is read, what is reported, and that the stored values equal the source cells."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from openpyxl import Workbook
from sqlalchemy import select

from app.core.extensions import db
from app.models import Area, Indicator, IndicatorValue, Kommune
from tests.app.cli.test_areas_indicators import IMPORT_LOR, _count, _fails, _ok
from tests.support.data import shared_data
from tests.support.german_tables import DATA, rows_of

KOELN = shared_data("koeln", "bevoelkerung_2005_2012.csv")
MSS = shared_data("berlin", "mss_2021_index_indikatoren.csv")
IMPORT_KOELN = [
    "areas", "import", str(shared_data("koeln", "stadtteile.zip")), "--kommune", "Köln",
    "--id-field", "STT_NR", "--name-field", "STT_NAME",
]  # fmt: skip
KOELN_KEYS = {
    "Einwohner_in_Koeln_Einwohner": ("Einwohner in Köln", "Einwohner"),
    "Einwohner_nach_Alter_00_03": ("Einwohner nach Alter", "00 - < 03"),
}


def _stored(app, kommune: str) -> dict[tuple[str, str, int], float]:
    with app.app_context():
        rows = db.session.execute(
            select(Indicator.key, Area.code, IndicatorValue.year, IndicatorValue.value)
            .join(Indicator).join(Area).join(Kommune).where(Kommune.name == kommune)
        ).all()  # fmt: skip
    return {(key, code, year): value for key, code, year, value in rows}


def _kommune(app, name: str, codes: list[str]) -> None:
    with app.app_context():
        town = Kommune(name=name)
        db.session.add(town)
        db.session.add_all(Area(kommune=town, code=c, name=f"Gebiet {c}") for c in codes)
        db.session.commit()


def test_koeln_long_table_with_city_and_bezirk_rows(app, runner):
    _ok(runner.invoke(args=IMPORT_KOELN))
    args = ["indicators", "import", str(KOELN), "--kommune", "Köln", "--columns",
            ",".join(KOELN_KEYS)]  # fmt: skip
    report = _ok(runner.invoke(args=[*args, "--dry-run"]))
    assert "86 of 96 codes match areas of this Kommune as they are." in report
    assert "000 (Stadt Köln): the total of the whole town" in report
    assert "007 (Porz): a higher level: the codes of 16 matched rows begin with it" in report
    assert "Einwohner nach Alter 03 - < 06: not imported – not chosen for import" in report
    assert "(unit unknown, years 2005–2012): 768 values read, 0 unreadable" in report
    _fails(runner.invoke(args=args), "'000', '001'", "--skip-unknown", "Nothing was imported")
    assert _count(app, IndicatorValue) == 0
    assert "1376 values added" in _ok(runner.invoke(args=[*args, "--skip-unknown"]))
    with KOELN.open(encoding="utf-8", newline="") as handle:
        source = {
            (key, row["raum_id"], int(row["jahr"])): float(row["zahl"])
            for row in csv.DictReader(handle)
            for key, (table, line) in KOELN_KEYS.items()
            if (row["tabelle"], row["zeile"]) == (table, line) and len(row["raum_id"]) == 3
            and not row["raum_id"].startswith("0")
        }  # fmt: skip
    assert _stored(app, "Köln") == source and len(source) == 86 * 8 * 2


def _berlin_expected() -> pd.DataFrame:
    """Prognoseraum values computed here from the PLR cells, independently of the importer."""
    plr = pd.read_csv(MSS, dtype={"PLR_ID": str}, na_values=["-9999"])
    plr["PGR"] = plr["PLR_ID"].str[:4]
    ew = plr.groupby("PGR")["EW"].agg(lambda s: s.sum() if s.notna().all() else float("nan"))
    shares = {}
    for share in ("S1", "S3", "S4"):
        usable = plr[plr[share].notna() & plr["EW"].gt(0)]
        weighted = (usable[share] * usable["EW"]).groupby(usable["PGR"]).sum()
        shares[share] = weighted / usable.groupby("PGR")["EW"].sum()
    return pd.DataFrame({"EW": ew, **shares})


def test_berlin_planungsraeume_aggregated_to_prognoseraeume(app, runner):
    _ok(runner.invoke(args=IMPORT_LOR))
    args = ["indicators", "import", str(MSS), "--kommune", "Berlin", "--columns", "EW,S1,S3,S4",
            "--aggregate-prefix", "4", "--shares", "S1,S3,S4"]  # fmt: skip
    _fails(runner.invoke(args=args), "averaged weighted by residents", "name the column")
    report = _ok(runner.invoke(args=[*args, "--weight-column", "EW", "--dry-run"]))
    assert "542 of 542 codes fall into areas of this Kommune by their first 4 characters." in report
    assert "EW of area '0340' in 2020 is left empty: no value for 03400831." in report
    assert "KOM: not imported – text: 542 of 542 cells are not numbers" in report
    assert "231 values added" in _ok(runner.invoke(args=[*args, "--weight-column", "EW"]))
    stored = _stored(app, "Berlin")
    expected = _berlin_expected()
    for pgr, row in expected.iterrows():
        for key in ("EW", "S1", "S3", "S4"):
            if pd.isna(row[key]):
                assert (key, pgr, 2020) not in stored
            else:
                assert stored[(key, pgr, 2020)] == pytest.approx(row[key], rel=1e-12)
    assert len(stored) == expected.notna().sum().sum() == 231


def test_bare_year_headers_become_one_indicator_named_by_the_planner(app, runner):
    _kommune(app, "Musterstadt", ["1", "2"])
    args = ["indicators", "import", str(DATA / "jahre_nackt.csv"), "--kommune", "Musterstadt"]
    report = _ok(runner.invoke(args=[*args, "--dry-run"]))
    assert "2011: not imported – a year without a name: name the indicator" in report
    _fails(runner.invoke(args=args), "no columns with numbers")
    assert "5 values added" in _ok(runner.invoke(args=[*args, "--indicator", "ALQ"]))
    assert _stored(app, "Musterstadt") == {
        ("ALQ", "1", 2011): 4.1, ("ALQ", "1", 2012): 4.3, ("ALQ", "1", 2013): 4.0,
        ("ALQ", "2", 2011): 6.2, ("ALQ", "2", 2012): 5.9,
    }  # fmt: skip


def test_a_sheet_of_a_workbook_with_titles_two_row_headers_and_notes(app, runner, tmp_path):
    _kommune(app, "Musterstadt", ["1 a", "1 b", "2", "4", "15 b"])
    workbook = Workbook()
    workbook.active.title = "Inhalt"
    sheet = workbook.create_sheet("Tabelle 3")
    for row in rows_of(DATA / "profil_titel_fussnoten.csv"):
        sheet.append(row)
    path = tmp_path / "profil.xlsx"
    workbook.save(path)
    args = ["indicators", "import", str(path), "--kommune", "Musterstadt", "--sheet", "2",
            "--year", "2021", "--columns", "Einwohnerzahl,SGB-II-Quote in %"]  # fmt: skip
    report = _ok(runner.invoke(args=[*args, "--dry-run"]))
    assert "row 1: Sozialraumprofil Musterstadt (title above the table)" in report
    assert "SGB-II-Quote in % → SGB_II_Quote_in_pct (unit %, years –)" in report
    assert "9 values added" in _ok(runner.invoke(args=args))  # 10 cells, "x" is missing
    stored = _stored(app, "Musterstadt")
    assert (
        stored[("Einwohnerzahl", "4", 2021)] == 1499
        and stored[("Einwohnerzahl", "15 b", 2021)] == 10020
    )
    assert stored[("SGB_II_Quote_in_pct", "2", 2021)] == 14.6
    with app.app_context():
        quote = db.session.scalar(select(Indicator).where(Indicator.key == "SGB_II_Quote_in_pct"))
        assert (quote.unit, quote.name["de"]) == ("%", "SGB-II-Quote in %")
        assert (
            db.session.scalar(select(Indicator.unit).where(Indicator.key == "Einwohnerzahl"))
            is None
        )


def test_ortsteile_into_stadtteile_through_a_crosswalk(app, runner):
    _kommune(app, "Musterstadt", ["1", "2", "3"])
    args = ["indicators", "import", str(DATA / "ortsteile.csv"), "--kommune", "Musterstadt",
            "--year", "2022", "--crosswalk", str(DATA / "ortsteile_crosswalk.csv")]  # fmt: skip
    _fails(runner.invoke(args=[*args, "--shares", "SGB-II-Quote"]), "name the column")
    out = _ok(runner.invoke(args=[*args, "--shares", "SGB-II-Quote", "--weight-column",
                                  "Einwohner"]))  # fmt: skip
    assert "9 values added" in out
    stored = _stored(app, "Musterstadt")
    assert stored[("Einwohner", "1", 2022)] == 500  # 300 + 200
    assert stored[("Kinder_unter_6", "1", 2022)] == 30
    assert stored[("SGB_II_Quote", "1", 2022)] == pytest.approx((300 * 10 + 200 * 20) / 500)
    assert stored[("Einwohner", "2", 2022)] == 150 and stored[("Einwohner", "3", 2022)] == 50
    assert stored[("SGB_II_Quote", "3", 2022)] == 5


def test_the_saved_crosswalk_from_the_cli_places_ortsteile_as_a_file_does(app, runner, tmp_path):
    _kommune(app, "Musterstadt", ["1", "2", "3"])
    args = ["indicators", "import", str(DATA / "ortsteile.csv"), "--kommune", "Musterstadt",
            "--year", "2022", "--crosswalk", "saved", "--shares", "SGB-II-Quote",
            "--weight-column", "Einwohner"]  # fmt: skip
    _fails(runner.invoke(args=args), "Musterstadt has no saved crosswalk yet", "crosswalk FILE")
    bad = tmp_path / "leer.csv"
    bad.write_text("Ortsteil;Stadtteil\n", encoding="utf-8")
    save = ["indicators", "crosswalk", "--kommune", "Musterstadt"]
    _fails(runner.invoke(args=[*save, str(bad)]), "'leer.csv' links no codes.")
    saved = _ok(runner.invoke(args=[*save, str(DATA / "ortsteile_crosswalk.csv")]))
    assert "The crosswalk has been saved: 3 codes of tables link to Quartiere." in saved
    assert "9 values added" in _ok(runner.invoke(args=args))
    stored = _stored(app, "Musterstadt")
    assert stored[("Einwohner", "1", 2022)] == 500  # 300 + 200, as with the file
    assert stored[("SGB_II_Quote", "1", 2022)] == pytest.approx((300 * 10 + 200 * 20) / 500)
    assert stored[("Einwohner", "3", 2022)] == 50


def test_codes_matched_by_number_and_by_name(app, runner, tmp_path):
    _kommune(app, "Stuttgart", ["STGT03", "STGT04"])
    path = tmp_path / "werte.csv"
    path.write_text("Nr;Name;SGB2_2023\n3;Gebiet_STGT03;4,5\n4;Gebiet STGT04;5,5\n", "utf-8")
    args = ["indicators", "import", str(path), "--kommune", "Stuttgart"]
    _fails(runner.invoke(args=args), "not written like the area codes", "--match")
    assert "2 values added" in _ok(runner.invoke(args=[*args, "--match", "number"]))
    by_name = ["indicators", "import", str(path), "--kommune", "Stuttgart", "--id", "Name",
               "--match", "name", "--prefix", "N_", "--columns", "SGB2_2023"]  # fmt: skip
    assert "2 values added" in _ok(runner.invoke(args=by_name))
    assert _stored(app, "Stuttgart")[("N_SGB2", "STGT04", 2023)] == 5.5


def test_a_second_file_with_the_same_key_is_refused_until_prefixed_or_confirmed(
    app, runner, tmp_path
):
    _kommune(app, "Musterstadt", ["1", "2"])
    first, second = tmp_path / "sgb2.csv", tmp_path / "beschaeftigte.csv"
    first.write_text("Raum;Anzahl_2019\n1;554\n2;311\n", "utf-8")
    second.write_text("Raum;Anzahl_2019\n1;1.360\n2;845\n", "utf-8")
    base = ["--kommune", "Musterstadt"]
    _ok(runner.invoke(args=["indicators", "import", str(first), *base]))
    args = ["indicators", "import", str(second), *base]
    report = _ok(runner.invoke(args=[*args, "--dry-run"]))
    assert "Would change 2 values of Anzahl (from source sgb2.csv)." in report
    _fails(runner.invoke(args=args), "--prefix", "--overwrite")
    assert _stored(app, "Musterstadt")[("Anzahl", "1", 2019)] == 554
    _ok(runner.invoke(args=[*args, "--overwrite"]))
    assert _stored(app, "Musterstadt")[("Anzahl", "1", 2019)] == 1360


def test_the_long_export_shows_every_stored_value_with_its_source(app, runner, tmp_path):
    _kommune(app, "Musterstadt", ["1", "2"])
    path = tmp_path / "werte.csv"
    path.write_text(
        "Raum;SGB-II-Quote in %_2019;Einwohner_2019\n1;=12,5;1.748\n2;7,5;912\n", "utf-8"
    )
    _ok(runner.invoke(args=["indicators", "import", str(path), "--kommune", "Musterstadt"]))
    base = ["indicators", "values", "--kommune", "Musterstadt"]
    out = _ok(runner.invoke(args=[*base, "--format", "csv"]))
    table = pd.read_csv(pd.io.common.StringIO(out), dtype={"area_code": str})
    assert list(table.columns) == [
        "area_code", "area_name", "indicator", "indicator_name", "year", "value", "unit",
        "source", "imported_at",
    ]  # fmt: skip
    rows = table.drop(columns="imported_at").fillna("").values.tolist()
    assert rows == [
        ["1", "Gebiet 1", "Einwohner", "Einwohner", 2019, 1748.0, "", "werte.csv"],
        ["2", "Gebiet 2", "Einwohner", "Einwohner", 2019, 912.0, "", "werte.csv"],
        ["2", "Gebiet 2", "SGB_II_Quote_in_pct", "SGB-II-Quote in %", 2019, 7.5, "%", "werte.csv"],
    ]  # "=12,5" is no number: reported, not stored
    only = _ok(runner.invoke(args=[*base, "--indicator", "Einwohner"]))
    assert "SGB_II" not in only and "1748.0" in only
    _fails(runner.invoke(args=[*base, "--indicator", "XYZ"]), "Musterstadt has no indicator XYZ")
