"""The office files as Excel opens them: results.xlsx (typed cells, key sheet) and one
``*_excel.csv`` per sheet (German: ``;``, decimal comma, BOM; English: ``,`` and ``.``), in the
reader's language, with codes kept as text and formula-like text neutralised."""

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.outputs.build import build_outputs
from analysis.outputs.tables import MACHINE_CSV, OFFICE_CSV
from analysis.texts import Texts
from tests.support.synthetic import campaign_with_small_groups
from tests.support.texts import german_texts
from tests.support.workbook import sheet_by_keys

HOSTILE = '=HYPERLINK("http://evil.example","klick")'
OFFICE = {"results.xlsx", *OFFICE_CSV, *MACHINE_CSV}
#: The data sheets' keys in workbook order, after the metadata sheet.
SHEETS = ["areas", "indicators", "index", "ratings", "validation", "validation_themes",
          "validation_tests", "validation_sensitivity", "comments", "round_table"]  # fmt: skip


def hostile_campaign():
    data = campaign_with_small_groups()
    data.areas.loc[0, "name"] = HOSTILE
    data.areas.loc[1, "code"] = "01100101"  # leading zero
    for frame in (data.ratings, data.comments):
        frame.loc[frame["area_code"] == "0002", "area_code"] = "01100101"
    data.indicators.loc[data.indicators["area_code"] == "0002", "area_code"] = "01100101"
    data.comments.loc[data.comments["area_code"] == "0003", "text"] = HOSTILE
    data.index.result.table.loc[1, "area_code"] = "01100101"
    return data


@pytest.fixture(scope="module", params=["de", "en"])
def files(request, tmp_path_factory):
    texts = german_texts() if request.param == "de" else Texts()
    outdir = tmp_path_factory.mktemp(request.param)
    build_outputs(hostile_campaign(), outdir, only=OFFICE, texts=texts)
    return request.param, outdir


def test_every_sheet_is_also_an_excel_csv_in_the_readers_convention(files):
    lang, outdir = files
    sep, decimal = (";", ",") if lang == "de" else (",", ".")
    book = load_workbook(outdir / "results.xlsx")
    for name, key in OFFICE_CSV.items():
        data = (outdir / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data, name
        table = pd.read_csv(outdir / name, sep=sep, decimal=decimal, encoding="utf-8-sig")
        sheet = book.worksheets[SHEETS.index(key) + 1]
        header = [c.value for c in sheet[1]]
        assert list(table.columns) == header, name
        assert len(table) == sheet.max_row - 1, name
    ratings = (outdir / "aggregated_ratings_excel.csv").read_bytes().decode("utf-8-sig")
    first = ratings.splitlines()[0]
    assert first.startswith("Runde;Gebietskennung;Gruppe;Thema" if lang == "de" else "Round,")
    median = "3,5" if lang == "de" else "3.5"
    assert any(median in line.split(sep) for line in ratings.splitlines())


def test_codes_stay_text_in_csv_bytes_and_xlsx_cells(files):
    lang, outdir = files
    data = (outdir / "index_excel.csv").read_bytes()
    assert b'"=""01100101"""' in data and b'"=""0001"""' in data  # Excel reads ="…" as text
    book = load_workbook(outdir / "results.xlsx")
    areas = book.worksheets[1]
    codes = [row[0] for row in areas.iter_rows(min_row=2)]
    assert [c.value for c in codes][:2] == ["0001", "01100101"]
    assert {c.data_type for c in codes} == {"s"}
    ratings = book.worksheets[4]
    assert {c.data_type for c in next(ratings.iter_cols(min_col=1, max_col=2, min_row=2))} == {"s"}
    medians = [r[7] for r in ratings.iter_rows(min_row=2) if r[7].value is not None]
    assert medians and {c.data_type for c in medians} == {"n"}  # numbers stay numbers


def test_formulas_in_names_and_comments_are_neutralised(files):
    _, outdir = files
    book = load_workbook(outdir / "results.xlsx")
    texts = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert "'" + HOSTILE in texts
    assert not any(isinstance(v, str) and v.startswith("=") for v in texts)
    for name in ("areas_excel.csv", "comments_excel.csv"):
        text = (outdir / name).read_bytes().decode("utf-8-sig")
        assert "'=HYPERLINK" in text, name
        assert '\n"=HYPERLINK' not in text and ";=HYPERLINK" not in text, name


def test_the_key_sheet_maps_every_header_back_to_the_machine_csv(files):
    lang, outdir = files
    book = load_workbook(outdir / "results.xlsx")
    assert book.sheetnames[-1] == ("Schlüssel" if lang == "de" else "Keys")
    for name, sheet in zip(MACHINE_CSV, [4, 3, 5, 6, 7, 8], strict=True):
        machine = pd.read_csv(outdir / name, dtype={"area_code": str, "round": str})
        office = sheet_by_keys(book, book.sheetnames[sheet])
        wanted = [c for c in machine.columns if c != "theme_title"]
        assert list(office.columns) == wanted, name
        if "area_code" in wanted:
            assert office["area_code"].tolist() == machine["area_code"].tolist(), name
    rules = {row[2]: row[3] for row in list(book.worksheets[-1].values)[1:]}
    assert rules["share_low"].startswith("Prozent" if lang == "de" else "percent")
    ratings = sheet_by_keys(book, book.sheetnames[4])
    machine = pd.read_csv(outdir / "aggregated_ratings.csv", dtype={"area_code": str})
    shown = ratings["share_low"].dropna()  # a share, shown as whole percent by its format
    assert (shown * 100).round(6).tolist() == (
        (machine.loc[shown.index, "share_low"] * 100).round().tolist()
    )
    assert machine["share_low"].dropna().between(0, 1).all()  # the machine CSV is unchanged


def _formats(book, sheet: int) -> dict[str, set[str]]:
    """Each column's key and the number formats of its filled cells."""
    keys = {(s, h): k for s, h, k, _ in list(book.worksheets[-1].values)[1:]}
    rows = list(book.worksheets[sheet].iter_rows())
    title = book.sheetnames[sheet]
    return {
        keys[(title, head.value)]: {r[j].number_format for r in rows[1:] if r[j].value is not None}
        for j, head in enumerate(rows[0])
    }


def test_cells_carry_number_formats_that_show_their_rounding(files):
    _, outdir = files
    book = load_workbook(outdir / "results.xlsx")
    ratings = _formats(book, SHEETS.index("ratings") + 1)
    assert ratings["median"] == {"0.0"} and ratings["q1"] == {"0.0"}
    assert ratings["share_low"] == ratings["share_high"] == {"0 %"}
    assert ratings["area_code"] == ratings["round"] == {"@"}  # codes as text
    assert ratings["n"] == {"General"}  # counts: as they are
    index = _formats(book, SHEETS.index("index") + 1)
    z_values = [k for k in index if k.startswith("z_")]
    assert z_values and all(index[k] == {"0.00"} for k in z_values)
    assert index["index"] == {"0.00"} and index["area_code"] == {"@"}
    tests = _formats(book, SHEETS.index("validation_tests") + 1)
    assert tests["p_value"] == tests["q_value"] == {"0.000"} and tests["rho"] == {"0.00"}
    meta = book.worksheets[0]
    assert {c.number_format for row in meta.iter_rows() for c in row} == {"General"}
