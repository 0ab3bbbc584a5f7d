"""The PDF report: cover, map and one page per area with compass, indicators and comments."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analysis.figures.compass import compass
from analysis.report.area import AreaPage
from analysis.report.pdf import build_report_pdf
from tests.support.output import grid_areas, page_texts, pdf_text, themes_frame
from tests.support.texts import german_texts


def comments(n: int) -> pd.DataFrame:
    themes = themes_frame()["slug"].tolist()
    return pd.DataFrame(
        {
            "theme": [themes[i % 3] for i in range(n)],
            "kind": ["good" if i % 2 else "improve" for i in range(n)],
            "text": [f"Kommentar Nummer K{i:03d} zum Platz am Wasser" for i in range(n)],
        }
    )


def build(tmp_path, pages, **options):
    areas = grid_areas(3)
    areas["class"] = pd.array([1, 4, pd.NA], dtype="Int64")
    path = build_report_pdf(
        tmp_path / "report.pdf",
        title="Quartierskompass Musterstadt",
        subtitle="Musterstadt – Runde 2024",
        areas=areas,
        map_column="class",
        pages=pages,
        themes=themes_frame(),
        source_note="Daten: Befragung 2024; Amt für Statistik",
        generated_on=dt.date(2025, 1, 31),
        method_note="Gruppen mit weniger als k = 5 Antwortenden werden nicht ausgewiesen.",
        texts=german_texts(),
        **options,
    )
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    return data, pdf_text(data)


def area_page(n_comments: int) -> AreaPage:
    themes = themes_frame()
    medians = dict(zip(themes["slug"], np.linspace(2, 6, len(themes)), strict=True))
    medians["play"] = np.nan
    lines = [("Bewohner:innen (n = 23)", "residents", medians),
             ("Fachleute", "experts", {k: v - 0.5 for k, v in medians.items()})]  # fmt: skip
    return AreaPage(
        code="02",
        name="Kiez Nord",
        compass=compass(list(zip(themes["slug"], themes["title"], strict=True)), (1, 7), lines),
        indicators=pd.DataFrame(
            {
                "Indikator": ["SGB II-Quote", "Kinderarmut"],
                "Jahr": [2023, 2023],
                "Wert": [14.25, np.nan],
            }
        ),
        comments=comments(n_comments),
        index_value=1.62,
        index_class_label="sehr niedrig",
    )


def test_report_has_cover_map_and_one_page_per_area(tmp_path):
    data, text = build(tmp_path, [area_page(4), {"code": "01", "name": "Kiez Süd"}])
    assert len(page_texts(data)) == 4  # cover, map, two areas
    assert "Quartierskompass Musterstadt" in text
    assert "Stand: 31.01.2025" in text
    assert "Kiez Nord (02)" in text and "Kiez Süd (01)" in text
    # characters beyond Latin-1 (– „ “ …) are drawn as glyph objects, so search around them
    assert "Status-Index: 1,62" in text and "Klasse" in text
    assert "Bewohner:innen (n = 23)" in text
    assert "14,2" in text or "14,3" in text  # German decimal comma
    assert "sehr niedrig" in text and "keine Angabe" in text


def test_comments_grouped_by_theme_and_question(tmp_path):
    _, text = build(tmp_path, [area_page(4)])
    assert "Was ist gut:" in text and "Was könnte besser sein:" in text
    assert "Fuß- und Radwege" in text
    for i in range(4):
        assert f"K{i:03d}" in text
    assert "weitere" not in text


def test_too_many_comments_are_cut_with_a_note(tmp_path):
    _, text = build(tmp_path, [area_page(200)])
    shown = sum(f"K{i:03d}" in text for i in range(200))
    assert 10 < shown < 200
    assert f"weitere {200 - shown} Kommentare" in text


def test_report_checks_its_input(tmp_path):
    with pytest.raises(TypeError, match="generated_on"):
        build_report_pdf(
            tmp_path / "r.pdf",
            title="t",
            subtitle="s",
            areas=grid_areas(1),
            map_column="population",
            pages=[],
            themes=themes_frame(),
            source_note="",
            generated_on="2025-01-31",
        )


def round_table_record(missing: str = "Ein Treffpunkt für Jugendliche am Abend.") -> dict:
    return {
        "area_code": "02",
        "matches_statistics": "Ja, die Armut ist hier sichtbar; Miete kostet 12$ pro m².",
        "target_groups": "Alleinerziehende und ältere Menschen",
        "existing_offers": "",
        "missing": missing,
        "contributors": "Stadtteilbüro, Sportverein",
        "overall_need": "confirmed",
        "overall_note": "Einstimmig",
        "need_safety": "not_confirmed",
        "note_safety": "Die Straßen sind abends hell.",
        "need_play": "unclear",
        "note_play": "",
        "updated_at": "2025-03-01 18:30",
    }


def test_round_table_record_follows_its_area_page(tmp_path):
    page = area_page(2)
    page.round_table = round_table_record()
    data, _ = build(tmp_path, [{"code": "01", "name": "Kiez Süd"}, page])
    pages = page_texts(data)
    assert len(pages) == 5  # cover, map, Kiez Süd, Kiez Nord, its round table
    record = pages[4]
    assert "Runder Tisch: Kiez Nord (02)" in record and "gespeichert 2025-03-01 18:30" in record
    assert "Was fehlt konkret?" in record and "Ein Treffpunkt für Jugendliche am Abend." in record
    assert "Wer kann was beitragen?" in record and "Stadtteilbüro, Sportverein" in record
    assert "12$ pro m²" in record  # no mathtext
    # the moderator form's words: one wording of the five questions everywhere
    assert "Was gibt es für diese Menschen hier schon?" in record and "keine Angabe" in record
    assert "Bedarf insgesamt" in record and "Bedarf bestätigt" in record
    assert "Sicherheit: Bedarf nicht bestätigt" in record
    assert "Die Straßen sind abends hell." in record
    assert "Spiel, Sport und Freizeit: Unklar" in record
    assert "gekürzt" not in record
    assert "Ein Treffpunkt" not in "".join(pages[:4])


def test_long_round_table_texts_are_cut_with_a_note(tmp_path):
    page = area_page(0)
    words = " ".join(f"Wort{i:04d}" for i in range(3000))
    page.round_table = round_table_record(missing=words) | {
        f"note_{slug}": words for slug in themes_frame()["slug"]
    }
    data, _ = build(tmp_path, [page])
    pages = page_texts(data)
    assert len(pages) == 5  # the record takes at most two pages
    text = "".join(pages[3:])
    assert "Wort0000" in text and "Wort2999" not in text
    assert "[…]" in text and "Blatt „Runder Tisch“" in text


def test_empty_or_missing_record_adds_no_page(tmp_path):
    page = area_page(1)
    page.round_table = {"area_code": "02", "overall_need": "", "note_safety": "nan"}
    data, _ = build(tmp_path, [page])
    assert len(page_texts(data)) == 3
