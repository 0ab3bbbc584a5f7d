"""Issue 8 §1: an uploaded file is never interpreted as anything but GeoJSON, GeoPackage, a
zipped Shapefile, CSV or XLSX, and costs the server a bounded amount.

Each hostile file goes through the planner's upload and preview, and through the analysis
readers. It must be refused with a clear sentence naming the user's own file, leak nothing
(no e-mail address, password hash or secret key in the answer), open no socket, and leave the
app's SQLite file and its -wal/-shm files untouched, so later writes still persist.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import geopandas as gpd
import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Kommune
from tests.support import hostile_files as hostile
from tests.support.security import ANSWER_SECONDS
from tests.support.workspace import csrf_of

#: Any hostile file must be answered within this many seconds (on the 2-core machines).


def _state(database: Path) -> dict[str, tuple]:
    state = {}
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{database}{suffix}")
        info = path.stat() if path.exists() else None
        if info is None:
            state[suffix] = None
        elif suffix == "-shm":  # readers write their marks into the shared memory file
            state[suffix] = (info.st_ino,)
        else:
            state[suffix] = (info.st_ino, info.st_size, info.st_mtime_ns)
    return state


def _upload(client, kommune_id: int, page: str, content: bytes, filename: str):
    base = f"/planner/kommune/{kommune_id}/{page}"
    # Encoded here in memory: the test client spools large bodies to a file it never closes.
    boundary, body = encode_multipart(
        {"csrf_token": csrf_of(client, base), "file": FileStorage(io.BytesIO(content), filename)}
    )
    response = client.post(
        base, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client.get(response.headers["Location"])


def _attacks(target: Path, instance: Path, port: int) -> dict[str, tuple[str, str, bytes, str]]:
    """name -> (page, file name, content, what the German answer must say)."""
    accounts = hostile.vrt_accounts(target)
    not_json = "ist keine GeoJSON-Datei: sie ist kein gültiges JSON"
    shapefile_parts = {"areas.shx": b"", "areas.dbf": b""}
    return {
        "vrt-as-geojson": ("areas", "Gebiete.geojson", accounts, not_json),
        "vrt-as-json": ("areas", "Gebiete.json", accounts, not_json),
        "vrt-as-gpkg": ("areas", "Gebiete.gpkg", accounts, "es ist keine SQLite-Datenbank"),
        "vrt-in-zip": (
            "areas", "Gebiete.zip", hostile.zipped({"areas.vrt": accounts}),
            "„areas.vrt“, das nicht zu einem Shapefile gehört",
        ),
        "vrt-bodied-shp": (
            "areas", "Gebiete.zip", hostile.zipped({"areas.shp": accounts, **shapefile_parts}),
            "die .shp-Datei des Shapefiles ist keine gültige .shp-Datei",
        ),
        "csv-driver-secret-key": (
            "areas", "Gebiete.geojson", hostile.vrt_file(str(instance / "secret_key")), not_json
        ),
        "csv-driver-proc": (
            "areas", "Gebiete.geojson", hostile.vrt_file("/proc/self/cwd/instance/secret_key"),
            not_json,
        ),
        "vsicurl": (
            "areas", "Gebiete.geojson",
            hostile.vrt(f"/vsicurl/http://127.0.0.1:{port}/areas.geojson"), not_json,
        ),
    }  # fmt: skip


ATTACKS = [
    "vrt-as-geojson", "vrt-as-json", "vrt-as-gpkg", "vrt-in-zip", "vrt-bodied-shp",
    "csv-driver-secret-key", "csv-driver-proc", "vsicurl",
]  # fmt: skip


def _refused(response, started: float, expected: str, filename: str, secrets) -> str:
    html = response.get_data(as_text=True)
    for secret in secrets:
        assert secret not in html
    assert time.perf_counter() - started < ANSWER_SECONDS
    assert response.status_code == 400, html[:2000]
    assert expected in html
    assert f"Datei „{filename}“" in html  # the planner's own file name, never the stored one
    assert "upload." not in html and "Traceback" not in html
    return html


@pytest.mark.parametrize("name", ATTACKS)
def test_vrt_and_driver_prefixes_are_refused_through_the_web(
    app, client, planner, target_db, listener, name
):
    kommune_id, secrets = planner
    page, filename, content, expected = _attacks(target_db, Path(app.instance_path), listener.port)[
        name
    ]
    before = _state(target_db)
    assert before["-wal"] is not None and before["-shm"] is not None  # the app's WAL is live
    started = time.perf_counter()
    response = _upload(client, kommune_id, page, content, filename)
    assert listener.connections == 0
    assert _state(target_db) == before
    _refused(response, started, expected, filename, secrets)
    assert not list((Path(app.instance_path) / "uploads").iterdir())  # refused: not kept
    with app.app_context(), write_transaction():
        db.session.add(Kommune(name="Später"))
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
        assert db.session.scalar(select(Kommune.name).where(Kommune.name == "Später"))


GPKG_EXTRAS = {
    "table": (["CREATE TABLE secrets (email TEXT)"], "„secrets“"),
    "trigger": (["CREATE TRIGGER leak AFTER INSERT ON extra BEGIN SELECT 1; END"], "„leak“"),
    "view": (["CREATE VIEW accounts AS SELECT * FROM gpkg_contents"], "„accounts“"),
}


@pytest.mark.parametrize("extra", sorted(GPKG_EXTRAS))
def test_geopackage_with_foreign_tables_triggers_or_views_is_refused(
    app, client, planner, tmp_path, extra
):
    kommune_id, secrets = planner
    statements, named = GPKG_EXTRAS[extra]
    content = hostile.geopackage_with(statements, tmp_path)
    started = time.perf_counter()
    response = _upload(client, kommune_id, "areas", content, "Bezirke.gpkg")
    html = _refused(response, started, named, "Bezirke.gpkg", secrets)
    assert "nicht zu den Ebenen eines GeoPackages gehört" in html


BOMBS = {
    "degenerate-points": (  # the file: a few hundred KB, millions of points
        "areas", "Punkte.zip", lambda: hostile.zipped(hostile.degenerate_points(2_000_000), 9),
        "„points.shp“ im Archiv würde entpackt mehr als 100-mal so groß wie gepackt",
    ),
    "many-features": (
        "areas", "Punkte.zip", lambda: hostile.zipped(hostile.degenerate_points(25_000)),
        "die Datei hat mehr als 20.000 Objekte",
    ),
    "huge-ring": (
        "areas", "Ring.zip", lambda: hostile.zipped(hostile.huge_ring(2_100_000)),
        "die Datei hat mehr als 2.000.000 Koordinatenpunkte",
    ),
    "zip-bomb": ("areas", "Bombe.zip", hostile.zip_bomb, "als mögliche ZIP-Bomben abgelehnt"),
    "shared-strings": (
        "indicators", "Werte.xlsx", hostile.shared_strings_bomb,
        "der Teil „xl/sharedStrings.xml“ der Arbeitsmappe ist entpackt größer als 64 MB",
    ),
    "wide-csv": ("indicators", "Werte.csv", hostile.wide_csv, "mehr als 1.000 Spalten"),
    "csv-field-limit": (
        "indicators", "Werte.csv", hostile.long_cell_csv,
        "Zeile 3: eine Zelle ist länger als 10.000 Zeichen",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_bombs_are_refused_quickly_through_the_web(app, client, planner, name):
    kommune_id, secrets = planner
    page, filename, build, expected = BOMBS[name]
    content = build()
    assert len(content) < 4 * 1024 * 1024  # small uploads that would unpack to a lot
    started = time.perf_counter()
    response = _upload(client, kommune_id, page, content, filename)
    _refused(response, started, expected, filename, secrets)


def test_refusals_are_in_the_planners_language(app, client, planner):
    kommune_id, _secrets = planner
    client.get("/planner/?lang=en")
    response = _upload(client, kommune_id, "indicators", hostile.long_cell_csv(), "values.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "file &#39;values.csv&#39;, row 3: a cell is longer than 10,000 characters." in html


def test_real_files_still_import_through_the_web(app, client, planner, tmp_path):
    """Berlin's GeoJSON (also as a GeoPackage) and Köln's zipped Shapefile (odd projection)."""
    kommune_id, _secrets = planner
    gpkg = tmp_path / "Prognoseräume.gpkg"
    gpd.read_file(hostile.BERLIN_LOR).to_file(gpkg, driver="GPKG")
    for path, code, name, count in (
        (hostile.BERLIN_LOR, "PGR_ID", "PGR_NAME", 58),
        (gpkg, "PGR_ID", "PGR_NAME", 58),
        (hostile.KOELN_STADTTEILE, "STT_NR", "STT_NAME", 86),
    ):
        preview = _upload(client, kommune_id, "areas", path.read_bytes(), path.name)
        html = preview.get_data(as_text=True)
        assert preview.status_code == 200 and f"{count} Quartiere importieren" in html, html
        token = preview.request.args["upload"]
        url = f"/planner/kommune/{kommune_id}/areas/preview"
        data = {"csrf_token": csrf_of(client, f"{url}?upload={token}"), "upload": token}
        # Each file replaces the Kommune's areas (another set beside them would be refused).
        data.update(id_field=code, name_field=name, confirm="1", replace="1")
        assert client.post(url, data=data).status_code == 302
        with app.app_context():
            kommune = db.session.get(Kommune, kommune_id)
            in_use = {area.code for area in kommune.areas if not area.retired}
        assert len(in_use) == count and ("0930" in in_use or "909" in in_use)


def test_the_command_line_makes_the_same_checks_in_the_shells_language(
    app, runner, survey, target_db, tmp_path, monkeypatch
):
    monkeypatch.setenv("LANGUAGE", "de")
    areas = hostile.write(tmp_path, "Gebiete.geojson", hostile.vrt_accounts(target_db))
    before = _state(target_db)
    result = runner.invoke(
        args=["areas", "import", str(areas), "--kommune", "Teststadt", "--id-field", "code",
              "--name-field", "name"]
    )  # fmt: skip
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Datei „Gebiete.geojson“: dies ist keine GeoJSON-Datei" in result.output
    assert _state(target_db) == before
    table = hostile.write(tmp_path, "Werte.csv", hostile.long_cell_csv())
    for args in (
        ["indicators", "import", str(table), "--kommune", "Teststadt", "--id", "Gebiet"],
        ["analysis", "index", str(table), "-o", str(tmp_path / "i.csv"), "--id", "Gebiet",
         "--indicators", "SGB2"],
    ):  # fmt: skip
        result = runner.invoke(args=args)
        assert result.exit_code == 1, result.output
        assert result.output == (
            "Error: Datei „Werte.csv“, Zeile 3: eine Zelle ist länger als 10.000 Zeichen.\n"
        )
