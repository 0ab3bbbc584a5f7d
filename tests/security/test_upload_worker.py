"""The worker that reads uploads: limits, a confined GDAL, no network, plain JSON back."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas.testing as pdt
import pytest

from analysis.readers import isolated, preview
from analysis.readers.errors import InputFileError
from analysis.readers.sandbox import run
from tests.support import hostile_files as hostile
from tests.support import worker_jobs as jobs
from tests.support.data import SHARED

BERLIN_TABLE = SHARED / "berlin" / "mss_2021_index_indikatoren.csv"


def test_a_worker_that_runs_too_long_is_killed_and_leaves_no_files(tmp_path):
    marker = tmp_path / "folder.txt"
    started = time.perf_counter()
    with pytest.raises(InputFileError, match="took longer than 2 seconds"):
        run(jobs.sleep, "areas.geojson", str(marker), seconds=2)
    assert time.perf_counter() - started < 10
    assert marker.exists() and not Path(marker.read_text(encoding="utf-8")).exists()


def test_cpu_memory_crashes_and_writing_are_limited():
    with pytest.raises(InputFileError, match="took longer than 1 seconds"):
        run(jobs.spin, "x.csv", seconds=1)
    with pytest.raises(InputFileError, match="needed more than 256 MB of memory"):
        run(jobs.hoard, "x.csv", memory=256 * 1024 * 1024)
    with pytest.raises(InputFileError, match="stopped unexpectedly"):
        run(jobs.crash, "x.csv")
    with pytest.raises(InputFileError, match="file 'x.csv': the file cannot be read.$"):
        run(jobs.write_far, "x.csv")


def test_the_worker_has_no_network(listener):
    assert run(jobs.connect, "x.geojson", listener.port) != "connected"
    assert listener.connections == 0


def test_gdal_in_the_worker_has_one_driver_and_no_virtual_file_systems(tmp_path, listener):
    state = run(jobs.where, "x.zip")
    assert state["drivers"] == ["ESRI Shapefile"]
    assert state["file_systems"] == [] and state["proj_network"] is False
    database = tmp_path / "app.sqlite3"
    _accounts(database)
    shp = tmp_path / "layer.shp"
    shp.write_bytes(hostile.vrt_accounts(database))  # a VRT body named .shp
    before = database.stat()
    assert run(jobs.open_with_gdal, str(shp)) == "DataSourceError"
    url = f"/vsicurl/http://127.0.0.1:{listener.port}/areas.shp"
    assert run(jobs.open_with_gdal, url) == "DataSourceError"
    assert run(jobs.open_with_gdal, f"/vsizip/{tmp_path}/a.zip/a.shp") == "DataSourceError"
    assert listener.connections == 0
    assert database.stat().st_mtime_ns == before.st_mtime_ns


def _accounts(database: Path) -> None:
    import sqlite3

    connection = sqlite3.connect(database)
    with connection:
        connection.execute("CREATE TABLE user_account (email TEXT, password_hash TEXT)")
        connection.execute("INSERT INTO user_account VALUES ('a@b.example', 'hash')")
    connection.close()


CONFINED = """
    import json, sys
    import pyogrio
    if sys.argv[1] == "confined":
        from analysis.readers.gdal import confine_gdal
        confine_gdal()
    results = {}
    for source in sys.argv[2:]:
        try:
            results[source] = sorted(pyogrio.read_info(source)["fields"].tolist())
        except Exception as exc:
            results[source] = type(exc).__name__
    print(json.dumps(results))
"""


def _gdal_in_a_process(mode: str, *sources: str) -> dict:
    """What GDAL makes of ``sources`` in a fresh Python, confined or not (no namespace)."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CONFINED), mode, *sources],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.splitlines()[-1])


def test_confine_gdal_alone_stops_vrt_csv_and_vsicurl(tmp_path, listener):
    """Without the worker's network namespace, the GDAL settings alone are enough."""
    database = tmp_path / "app.sqlite3"
    _accounts(database)
    (tmp_path / "vrt.shp").write_bytes(hostile.vrt_accounts(database))
    (tmp_path / "secret_key").write_text("qk-secret\n", encoding="utf-8")
    sources = [
        str(tmp_path / "vrt.shp"),
        f"CSV:{tmp_path / 'secret_key'}",
        f"/vsicurl/http://127.0.0.1:{listener.port}/areas.geojson",
    ]
    # As a control, GDAL left alone reads the accounts and the secret, and calls out.
    plain = _gdal_in_a_process("plain", *sources)
    assert plain[sources[0]] == ["code", "name", "x", "y"]
    assert plain[sources[1]] == ["qk-secret"]
    assert listener.connections > 0
    calls = listener.connections
    confined = _gdal_in_a_process("confined", *sources)
    assert all(result == "DataSourceError" for result in confined.values()), confined
    assert listener.connections == calls


def test_previews_in_the_worker_equal_previews_in_this_process():
    """Berlin's GeoJSON, Köln's zipped Shapefile and Berlin's indicator table, read both ways."""
    for path in (hostile.BERLIN_LOR, hostile.KOELN_STADTTEILE):
        here, there = preview.preview_areas(path), isolated.preview_areas(path)
        assert (there.fields, there.choice, there.source_crs, there.error) == (
            here.fields, here.choice, here.source_crs, None
        )  # fmt: skip
        assert [str(p) for p in there.problems] == [str(p) for p in here.problems]
        pdt.assert_frame_equal(
            there.frame.drop(columns="geometry"), here.frame.drop(columns="geometry")
        )
        assert there.frame.geometry.geom_equals_exact(here.frame.geometry, 0).all()
    assert isolated.preview_areas(hostile.BERLIN_LOR).choice["id_field"] == "PGR_ID"
    options = {"key_column": "PLR_ID", "columns": ["S1", "S3", "S4"]}
    here, there = (
        preview.preview_table(BERLIN_TABLE, **options),
        isolated.preview_table(BERLIN_TABLE, **options),
    )
    assert (there.header, there.id_column, there.error) == (here.header, "PLR_ID", None)
    pdt.assert_frame_equal(there.found.values, here.found.values)
    assert there.found.columns == here.found.columns and there.found.names == here.found.names
    assert (there.found.skipped, there.found.problems) == (here.found.skipped, here.found.problems)
    assert set(there.found.values["indicator"]) == {"S1", "S3", "S4"}


def test_a_choice_that_does_not_fit_comes_back_as_an_error_beside_the_fields():
    result = isolated.preview_areas(hostile.BERLIN_LOR, id_field="NR", crs="+proj=longlat")
    assert result.fields == ["PGR_ID", "PGR_NAME", "BEZ", "STAND", "GROESSE_M2"]
    assert result.frame is None and "is not a known coordinate reference system" in str(
        result.error
    )
    result = isolated.preview_areas(hostile.BERLIN_LOR, id_field="NR")
    assert "there is no field 'NR'" in str(result.error)


def test_worker_refusals_keep_their_template_for_translation(tmp_path):
    path = tmp_path / "werte.csv"
    path.write_bytes(hostile.long_cell_csv())
    with pytest.raises(InputFileError) as refused:
        isolated.preview_table(path)
    error = refused.value
    assert (error.row, error.message.template) == (3, "a cell is longer than %(limit)s characters.")
    german = {"a cell is longer than %(limit)s characters.": "Zelle länger als %(limit)s"}
    assert german["a cell is longer than %(limit)s characters."] % {"limit": "10.000"} in (
        error.describe(lambda t: german.get(t, t), lambda n: f"{n:,}".replace(",", "."))
    )
