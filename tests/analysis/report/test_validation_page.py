"""The report's validation page: sentence, quadrant and every area's interval and category, in
the reader's words, continued on further pages for many areas."""

import datetime as dt

import pandas as pd

from analysis.report.area import AreaPage
from analysis.report.pdf import build_report_pdf
from analysis.report.validation import ROWS_PER_PAGE, validation_cells
from analysis.stats.validate import validate_needs
from tests.support.output import grid_areas, page_texts, themes_frame
from tests.support.texts import german_texts


def _validation(n_areas: int):
    """Areas with a planted answer: area 0 rates 2 with index class 4 (confirmed), area 1
    has 4 answers (too few), the others rate 3 or 4 (the interval spans 3.5)."""
    codes = [f"{i:02d}" for i in range(n_areas)]
    index = pd.DataFrame({"area_code": codes, "index": [1.8] + [0.0] * (n_areas - 1),
                          "class": [4] + [2] * (n_areas - 1)})  # fmt: skip
    rows = []
    for i, code in enumerate(codes):
        scores = [2.0] * 20 if i == 0 else [3.0] * 4 if i == 1 else [3.0, 4.0] * 10
        rows += [{"response_id": f"{code}-{j}", "area_code": code, "role": "resident",
                  "theme": "play", "score": s} for j, s in enumerate(scores)]  # fmt: skip
    return validate_needs(
        index, pd.DataFrame(rows), replicates=200, texts=german_texts().validation
    )


def test_cells_name_the_category_and_why_an_area_is_unclear():
    result = _validation(3)
    names = {"00": "Mitte", "01": "Nord", "02": "Süd"}
    cells = validation_cells(result.areas, names, german_texts())
    assert cells[0] == ["Mitte (00)", "4", "20", "2,0 [2,0–2,0]", "bestätigt"]
    assert cells[1] == ["Nord (01)", "2", "–", "–", "unklar (zu wenige Antworten)"]
    assert cells[2][4] == "unklar (Intervall reicht über die Schwelle)"
    assert cells[2][3].startswith("3,") and "[3,0–4,0]" in cells[2][3]


def test_the_report_carries_the_page_and_continues_it_for_many_areas(tmp_path):
    n = ROWS_PER_PAGE + 5
    result = _validation(n)
    areas = grid_areas(n)
    areas["code"] = [f"{i:02d}" for i in range(n)]
    areas["name"] = [f"Viertel {i}" for i in range(n)]
    areas["class"] = pd.array([4] + [2] * (n - 1), dtype="Int64")
    path = build_report_pdf(
        tmp_path / "report.pdf", title="Bericht", subtitle="Musterstadt", areas=areas,
        map_column="class", pages=[AreaPage("00", "Viertel 0")], themes=themes_frame(),
        source_note="Daten", generated_on=dt.date(2026, 1, 31), texts=german_texts(),
        validation=result,
    )  # fmt: skip
    pages = page_texts(path.read_bytes())
    validation_pages = [p for p in pages if "Statistik und Wahrnehmung" in p]
    assert len(validation_pages) == 2  # 27 areas: 22 rows, then 5 on a second page
    assert result.summary in " ".join(validation_pages[0].split("\n"))
    assert "Viertel 0 (00) 4 20 2,0 [2,0–2,0] bestätigt" in validation_pages[0]
    assert "Viertel 26 (26)" in validation_pages[1]
    assert "Skala 1–7" in validation_pages[0].replace("\n", " ")
