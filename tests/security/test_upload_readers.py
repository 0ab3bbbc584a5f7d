"""Issue 8 §1 for the analysis readers: a hostile file given to :func:`read_areas` or
:func:`read_indicator_file` is refused quickly with a sentence naming the file, leaks nothing
and opens no socket (``test_uploads.py``: the same files through the planner's upload)."""

from __future__ import annotations

import sqlite3
import time

import pytest

from analysis.readers.areas import read_areas
from analysis.readers.errors import InputFileError
from analysis.readers.indicator_file import read_indicator_file
from tests.support import hostile_files as hostile
from tests.support.security import ANSWER_SECONDS, OTHER, SECRET

READER_CASES = {
    "vrt-as-geojson": ("areas.geojson", lambda t, i, p: hostile.vrt_accounts(t), "not valid JSON"),
    "vrt-as-gpkg": ("areas.gpkg", lambda t, i, p: hostile.vrt_accounts(t), "not an SQLite"),
    "vrt-in-zip": (
        "areas.zip", lambda t, i, p: hostile.zipped({"a.vrt": hostile.vrt_accounts(t)}),
        "'a.vrt', which is not part of a Shapefile",
    ),
    "csv-driver": (
        "areas.geojson", lambda t, i, p: hostile.vrt_file(str(i / "secret_key")), "not valid JSON"
    ),
    "vsicurl": (
        "areas.geojson", lambda t, i, p: hostile.vrt(f"/vsicurl/http://127.0.0.1:{p}/a.json"),
        "not valid JSON",
    ),
    "degenerate-points": (
        "points.zip", lambda t, i, p: hostile.zipped(hostile.degenerate_points(2_000_000), 9),
        "possible ZIP bombs",
    ),
    "many-features": (
        "points.zip", lambda t, i, p: hostile.zipped(hostile.degenerate_points(25_000)),
        "more than 20000 features",
    ),
    "huge-ring": (
        "ring.zip", lambda t, i, p: hostile.zipped(hostile.huge_ring(2_100_000)),
        "more than 2000000 coordinate points",
    ),
    "zip-bomb": ("bomb.zip", lambda t, i, p: hostile.zip_bomb(), "possible ZIP bombs"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(READER_CASES))
def test_area_readers_refuse_hostile_files(tmp_path, listener, name):
    database = tmp_path / "app.sqlite3"
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE user_account (email TEXT, password_hash TEXT)")
    connection.execute("INSERT INTO user_account VALUES (?, ?)", (OTHER, "scrypt:hash"))
    connection.commit()
    (tmp_path / "secret_key").write_text(SECRET, encoding="utf-8")
    filename, build, expected = READER_CASES[name]
    path = hostile.write(tmp_path, filename, build(database, tmp_path, listener.port))
    started = time.perf_counter()
    with pytest.raises(InputFileError) as refused:
        read_areas(path, id_field="code", name_field="name")
    assert time.perf_counter() - started < ANSWER_SECONDS
    assert expected in str(refused.value)
    assert OTHER not in str(refused.value) and SECRET not in str(refused.value)
    assert listener.connections == 0
    connection.close()


@pytest.mark.parametrize(
    ("name", "build", "expected"),
    [
        ("wide.csv", hostile.wide_csv, "the table has more than 1000 columns."),
        ("long.csv", hostile.long_cell_csv, "row 3: a cell is longer than 10000 characters."),
        ("bomb.xlsx", hostile.shared_strings_bomb, "'xl/sharedStrings.xml' unpacks to more"),
    ],
)
def test_table_readers_refuse_bombs(tmp_path, name, build, expected):
    path = hostile.write(tmp_path, name, build())
    started = time.perf_counter()
    with pytest.raises(InputFileError, match=expected):
        read_indicator_file(path, key_column="Gebiet")
    assert time.perf_counter() - started < ANSWER_SECONDS
