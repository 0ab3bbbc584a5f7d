"""Area sets over time: no doubled areas, --replace keeps what is referred to as retired,
rename/retire/delete, and retired areas are not offered in new surveys."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from app.core.extensions import db
from app.models import Area, Kommune
from tests.app.cli.test_areas_indicators import _count, _fails, _ok
from tests.app.cli.test_indicator_import import IMPORT_KOELN
from tests.support.workspace import login, make_user

QUARTIERE = Path(__file__).resolve().parents[2] / "data" / "quartiere.geojson"
IMPORT = ["areas", "import", "--kommune", "Musterstadt", "--id-field", "Nr", "--name-field", "Name"]


def _areas(app) -> dict[str, tuple[str, bool]]:
    with app.app_context():
        rows = db.session.execute(select(Area.code, Area.name, Area.retired)).all()
    return {code: (name, retired) for code, name, retired in rows}


def _new_set(tmp_path: Path) -> Path:
    """Quartiere 1 b and 2 are gone, 3 is new, 1 a is renamed."""
    data = json.loads(QUARTIERE.read_text(encoding="utf-8"))
    first, _second, third = data["features"]
    first["properties"]["Name"] = "Altstadt-Mitte"
    third["properties"].update(Nr="3", Name="Neubaugebiet")
    data["features"] = [first, third]
    path = tmp_path / "neu.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_importing_again_with_another_id_field_does_not_double_the_areas(app, runner):
    _ok(runner.invoke(args=IMPORT_KOELN))
    again = [*IMPORT_KOELN[:5], "--id-field", "STT_NAME", "--name-field", "STT_NR"]
    _fails(runner.invoke(args=again), "'/'")  # Köln's names hold "/": no codes for links
    _ok(runner.invoke(args=[*IMPORT[:2], str(QUARTIERE), *IMPORT[2:]]))
    again = [*IMPORT[:2], str(QUARTIERE), *IMPORT[2:5], "Name", "--name-field", "Name"]
    _fails(runner.invoke(args=again), "3 areas this Kommune does not have (Altstadt, Am Markt, "
           "Bahnhofsviertel)", "lacks 3", "another id field", "--replace")  # fmt: skip
    assert _count(app, Area) == 86 + 3


def test_replace_keeps_referred_areas_as_retired_and_deletes_the_others(app, runner, tmp_path):
    _ok(runner.invoke(args=[*IMPORT[:2], str(QUARTIERE), *IMPORT[2:]]))
    values = tmp_path / "werte.csv"
    values.write_text("Nr;EW_2020\n2;5400\n", encoding="utf-8")
    _ok(runner.invoke(args=["indicators", "import", str(values), "--kommune", "Musterstadt"]))
    new = [*IMPORT[:2], str(_new_set(tmp_path)), *IMPORT[2:]]
    _fails(runner.invoke(args=new), "1 area this Kommune does not have (3)", "(1 b, 2)")
    out = _ok(runner.invoke(args=[*new, "--replace"]))
    assert "1 area added, 1 updated" in out and "1 area retired" in out and "1 deleted" in out
    assert _areas(app) == {
        "1 a": ("Altstadt-Mitte", False), "2": ("Bahnhofsviertel", True),
        "3": ("Neubaugebiet", False),
    }  # fmt: skip
    listing = _ok(runner.invoke(args=["areas", "list", "--kommune", "Musterstadt", "--format",
                                      "csv"]))  # fmt: skip
    assert listing.splitlines()[0] == "code,name,area_km2,population,retired"
    assert any(line.startswith("2,Bahnhofsviertel,") and line.endswith(",True")
               for line in listing.splitlines())  # fmt: skip
    # the same set again is an update, the retired area does not block it
    assert "0 areas added, 2 updated" in _ok(runner.invoke(args=new))


def test_rename_retire_delete_and_no_retired_area_in_new_surveys(app, runner, client, tmp_path):
    _ok(runner.invoke(args=[*IMPORT[:2], str(QUARTIERE), *IMPORT[2:]]))
    base = ["--kommune", "Musterstadt"]
    _ok(runner.invoke(args=["areas", "rename", "1 b", "Am Marktplatz", *base]))
    _fails(runner.invoke(args=["areas", "rename", "9", "X", *base]), "has no area '9'")
    values = tmp_path / "werte.csv"
    values.write_text("Nr;EW_2020\n2;5400\n", encoding="utf-8")
    _ok(runner.invoke(args=["indicators", "import", str(values), *base]))
    _fails(runner.invoke(args=["areas", "delete", "2", *base]), "cannot be deleted", "Retire")
    _ok(runner.invoke(args=["areas", "retire", "2", *base]))
    assert "is deleted" in _ok(runner.invoke(args=["areas", "delete", "1 a", *base]))
    assert _areas(app) == {"1 b": ("Am Marktplatz", False), "2": ("Bahnhofsviertel", True)}
    with app.app_context():
        make_user("plan@example.org", "planner", ["Musterstadt"])
        kommune_id = db.session.scalar(select(Kommune.id).where(Kommune.name == "Musterstadt"))
    login(client, "plan@example.org")
    form = client.get(f"/planner/kommune/{kommune_id}/surveys/new").get_data(as_text=True)
    assert "Am Marktplatz" in form and "Bahnhofsviertel" not in form
    _ok(runner.invoke(args=["areas", "retire", "2", "--undo", *base]))
    form = client.get(f"/planner/kommune/{kommune_id}/surveys/new").get_data(as_text=True)
    assert "Bahnhofsviertel" in form


def _ortsteile(tmp_path: Path) -> Path:
    """Four Ortsteile (1 km² each, EPSG:25832) in Stadtteile 1 (two) and 2 (two), Bezirk B1."""
    features = []
    for i, (ot, stt, name, ew) in enumerate(
        [("11", "1", "Nord", 300), ("12", "1", "Nord", 200), ("21", "2", "Süd", 150),
         ("22", "2", "Süd", 50)]
    ):  # fmt: skip
        x = 295000 + 1000 * i
        ring = [[x, 5630000], [x + 1000, 5630000], [x + 1000, 5631000], [x, 5631000],
                [x, 5630000]]  # fmt: skip
        features.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                         "properties": {"OT": ot, "STT": stt, "STT_NAME": name, "BEZ": "B1",
                                        "EW": ew}})  # fmt: skip
    path = tmp_path / "ortsteile.geojson"
    path.write_text(json.dumps({
        "type": "FeatureCollection", "features": features,
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}},
    }), encoding="utf-8")  # fmt: skip
    return path


def test_areas_built_by_merging_finer_units_with_their_parent(app, runner, tmp_path):
    path = str(_ortsteile(tmp_path))
    base = ["areas", "import", path, "--kommune", "Musterstadt"]
    assert "1 area added" in _ok(runner.invoke(args=[*base, "--dissolve-by", "BEZ"]))
    stadtteile = ["--dissolve-by", "STT", "--name-field", "STT_NAME", "--population-field", "EW",
                  "--parent-field", "BEZ"]  # fmt: skip
    out = _ok(runner.invoke(args=[*base, *stadtteile]))
    assert "2 areas added" in out
    with app.app_context():
        areas = {a.code: a for a in db.session.scalars(select(Area))}
        assert {c: (a.name, a.population, a.parent.code if a.parent else None)
                for c, a in areas.items()} == {
            "B1": ("B1", None, None), "1": ("Nord", 500, "B1"), "2": ("Süd", 200, "B1"),
        }  # fmt: skip
        assert round(areas["1"].area_km2, 2) == 2.0 and round(areas["B1"].area_km2, 2) == 4.0
    _fails(runner.invoke(args=["areas", "import", path, "--kommune", "Andere", "--dissolve-by",
                               "STT", "--parent-field", "BEZ"]), "B1", "not areas")  # fmt: skip


def test_counts_speak_german_in_singular_and_plural(app, runner, tmp_path, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "de")
    path = str(_ortsteile(tmp_path))
    base = ["areas", "import", path, "--kommune", "Musterstadt"]
    one = _ok(runner.invoke(args=[*base, "--dissolve-by", "BEZ"]))
    assert one.strip() == "Musterstadt: 1 Gebiet neu, 0 aktualisiert."
    two = _ok(runner.invoke(args=[*base, "--dissolve-by", "STT", "--parent-field", "BEZ"]))
    assert two.strip() == "Musterstadt: 2 Gebiete neu, 0 aktualisiert."
