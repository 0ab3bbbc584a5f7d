"""``flask areas`` and ``flask indicators``: Berlin's Prognoseräume and a messy indicator table."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from app.core.extensions import db
from app.models import Area, Indicator, IndicatorValue
from tests.support.data import SHARED

LOR = SHARED / "berlin" / "lor_prognoseraeume_2021_epsg25833.geojson"
IMPORT_LOR = [
    "areas", "import", str(LOR), "--kommune", "Berlin", "--id-field", "PGR_ID",
    "--name-field", "PGR_NAME",
]  # fmt: skip


def _ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def _fails(result, *parts: str) -> str:
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
    assert "Traceback" not in result.output
    for part in parts:
        assert part in result.output
    return result.output


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_areas_import_keeps_codes_and_is_idempotent(app, runner):
    assert _ok(runner.invoke(args=IMPORT_LOR)).strip() == "Berlin: 58 areas added, 0 updated."
    assert "0 areas added, 58 updated" in _ok(runner.invoke(args=IMPORT_LOR))
    assert _count(app, Area) == 58

    listing = _ok(runner.invoke(args=["areas", "list", "--kommune", "Berlin", "--format", "csv"]))
    lines = listing.splitlines()
    assert lines[0] == "code,name,area_km2,population,retired"
    table = pd.read_csv(pd.io.common.StringIO(listing), dtype={"code": str}).set_index("code")
    assert len(table) == 58 and "0930" in table.index and table["population"].isna().all()
    source = json.loads(LOR.read_text(encoding="utf-8"))["features"]
    official = {f["properties"]["PGR_ID"]: f["properties"]["GROESSE_M2"] / 1e6 for f in source}
    for code, km2 in official.items():
        assert table.loc[code, "area_km2"] == pytest.approx(km2, rel=0.002)
    assert table.loc["0930", "name"] == next(
        f["properties"]["PGR_NAME"] for f in source if f["properties"]["PGR_ID"] == "0930"
    )
    with app.app_context():
        area = db.session.scalar(select(Area).where(Area.code == "0930"))
        geometry = json.loads(area.geometry)
    assert geometry["type"] in ("Polygon", "MultiPolygon")
    lon, lat = (
        geometry["coordinates"][0][0][:2]
        if geometry["type"] == "Polygon"
        else (geometry["coordinates"][0][0][0][:2])
    )
    assert 13 < lon < 14 and 52 < lat < 53  # stored in WGS84

    table_view = _ok(runner.invoke(args=["areas", "list", "--kommune", "Berlin"]))
    assert "0930" in table_view and "<NA>" not in table_view


def test_areas_import_errors(app, runner, tmp_path):
    _fails(
        runner.invoke(args=[*IMPORT_LOR[:-1], "NAME"]),
        "there is no field 'NAME'",
        "PGR_NAME",
    )
    _fails(runner.invoke(args=[*IMPORT_LOR, "--crs", "EPSG:999999"]), "EPSG:999999")
    _fails(runner.invoke(args=["areas", "list", "--kommune", "Atlantis"]), "no Kommune", "Atlantis")
    slashed = tmp_path / "slashed.geojson"
    polygon = {"type": "Polygon", "coordinates": [[[7, 51], [7.1, 51], [7, 51.1], [7, 51]]]}
    features = [
        {"type": "Feature", "properties": {"id": code, "name": code}, "geometry": polygon}
        for code in ("1/2", "3")
    ]
    slashed.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    _fails(
        runner.invoke(
            args=["areas", "import", str(slashed), "--kommune", "X", "--id-field", "id",
                  "--name-field", "name"]
        ),
        "must not contain '/'",
        "1/2",
    )  # fmt: skip
    nocrs = tmp_path / "utm.geojson"
    utm = {"type": "Polygon", "coordinates": [[[390000, 5820000], [391000, 5820000],
                                               [390000, 5821000], [390000, 5820000]]]}  # fmt: skip
    features = [{"type": "Feature", "properties": {"id": 1, "name": "A"}, "geometry": utm}]
    nocrs.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    args = ["areas", "import", str(nocrs), "--kommune", "X", "--id-field", "id", "--name-field"]
    _fails(runner.invoke(args=[*args, "name"]), "no usable coordinate reference system")
    assert _count(app, Area) == 0
    _ok(runner.invoke(args=[*args, "name", "--crs", "EPSG:25833"]))
    assert _count(app, Area) == 1


def _indicator_file(tmp_path: Path, codes: list[str], name: str = "ind.csv") -> Path:
    """A German-Excel table: ';', decimal comma, keys that lost their leading zero, -9999."""
    lines = ["PGR;SGB2_2023;NEF_2023;Spielflaeche_2023"]
    for i, code in enumerate(codes):
        nef = "-9999" if i == 0 else f"{10 + (i * 7) % 30},5"
        lines.append(f"{int(code)};{3 + (i * 5) % 20},25;{nef};{1 + i % 6},0")
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    return path


def test_indicators_import_and_index(app, runner, tmp_path):
    _ok(runner.invoke(args=IMPORT_LOR))
    with app.app_context():
        codes = sorted(db.session.scalars(select(Area.code)))
    path = _indicator_file(tmp_path, codes)
    args = ["indicators", "import", str(path), "--kommune", "Berlin", "--id", "PGR"]
    _fails(runner.invoke(args=args), "not written like the area codes", "58 of 58 codes",
           "leading zeros", "Nothing was imported", "--match code")  # fmt: skip
    assert _count(app, IndicatorValue) == 0 and _count(app, Indicator) == 0

    out = _ok(runner.invoke(args=[*args, "--match", "code"]))
    assert "173 values added" in out and "new indicators: SGB2, NEF, Spielflaeche" in out
    assert "Say what NEF, SGB2, Spielflaeche mean before they enter an index" in out
    out = _ok(runner.invoke(args=[*args, "--match", "code"]))
    assert "0 values added, 173 updated" in out
    assert _count(app, IndicatorValue) == 173
    with app.app_context():
        value = db.session.scalar(
            select(IndicatorValue.value)
            .join(Indicator)
            .join(Area)
            .where(Indicator.key == "SGB2", Area.code == codes[1], IndicatorValue.year == 2023)
        )
    assert value == 8.25
    listing = _ok(runner.invoke(args=["indicators", "list", "--kommune", "Berlin"]))
    assert "NEF  2023     57" in listing and "SGB2  2023     58" in listing

    csv = tmp_path / "index.csv"
    index_args = [
        "indicators", "index", "--kommune", "Berlin", "--year", "2023", "-o", str(csv),
        "--indicators", "SGB2,NEF,Spielflaeche", "--reverse", "Spielflaeche",
    ]  # fmt: skip
    _fails(runner.invoke(args=index_args), "direction of NEF, SGB2 is not confirmed", "describe")
    for key in ("SGB2", "NEF"):
        out = _ok(runner.invoke(args=["indicators", "describe", key, "--kommune", "Berlin",
                                      "--direction", "higher", "--unit", "%"]))  # fmt: skip
        assert out.strip() == f"{key}: unit %, direction higher_is_more_need (confirmed)."
    summary = _ok(runner.invoke(args=index_args))
    assert "57 areas in the index, 1 excluded" in summary
    table = pd.read_csv(csv, dtype={"area_code": str}, encoding="utf-8-sig", keep_default_na=False)
    assert len(table) == 58 and table["area_code"].tolist() == codes
    assert list(table.columns) == [
        "area_code", "z_SGB2", "z_NEF", "z_Spielflaeche", "sum", "index", "class",
        "class_label", "excluded_reason",
    ]  # fmt: skip
    assert table.set_index("area_code").loc[codes[0], "excluded_reason"] == "missing NEF"
    params = json.loads(csv.with_name("index.params.json").read_text(encoding="utf-8"))
    assert params["directions"] == {"SGB2": 1, "NEF": 1, "Spielflaeche": -1}

    _fails(runner.invoke(args=[*index_args[:5], "2030", *index_args[6:]]), "no values for 2030")
    _fails(runner.invoke(args=[*index_args[:-3], "SGB2,XYZ"]), "Berlin has no indicator XYZ", "NEF")


def test_indicator_file_with_unknown_codes_stores_nothing(app, runner, tmp_path):
    _ok(runner.invoke(args=IMPORT_LOR))
    path = _indicator_file(tmp_path, ["0110", "0120", "9999", "0130", "8888"])
    args = ["indicators", "import", str(path), "--kommune", "Berlin", "--id", "PGR"]
    output = _fails(runner.invoke(args=[*args, "--match", "code"]), "3 of 5 codes",
                    "'9999', '8888'", "--skip-unknown")  # fmt: skip
    assert "'110'" not in output
    assert _count(app, IndicatorValue) == 0 and _count(app, Indicator) == 0
    out = _ok(runner.invoke(args=[*args, "--match", "code", "--skip-unknown"]))
    assert "8 values added" in out  # 3 areas × 3 indicators, less one -9999


def test_indicator_import_errors(app, runner, tmp_path):
    _ok(runner.invoke(args=IMPORT_LOR))
    path = tmp_path / "bad.csv"
    path.write_text("PGR;SGB2\n0110;3,5\n0120;viel\n", encoding="utf-8")
    base = ["indicators", "import", str(path), "--kommune", "Berlin", "--id", "PGR"]
    _fails(runner.invoke(args=base), "which year", "--year")
    report = _ok(runner.invoke(args=[*base, "--dry-run"]))
    assert "SGB2 → SGB2" in report and "1 value read, 1 unreadable" in report
    assert "row 3: 'viel' – 'viel' is not a number." in report
    assert "1 value added" in _ok(runner.invoke(args=[*base, "--year", "2022"]))
    path.write_text("PGR;Name\n0110;Mitte\n0120;Nord\n", encoding="utf-8")
    _fails(runner.invoke(args=base), "no columns with numbers", "--dry-run")
    _fails(runner.invoke(args=[*base[:4], "Atlantis", *base[5:]]), "no Kommune called 'Atlantis'")
    _fails(runner.invoke(args=[*base[:2], str(tmp_path / "nix.csv"), *base[3:]]), "nix.csv")


def test_messages_follow_the_shell_language(app, runner, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "de")
    _fails(
        runner.invoke(args=["areas", "list", "--kommune", "Atlantis"]),
        "Es gibt keine Kommune „Atlantis“",
    )
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("LANG", "C.UTF-8")
    _fails(runner.invoke(args=["areas", "list", "--kommune", "Atlantis"]), "no Kommune called")
