"""No user text is ever parsed as markup: charts, the report, posters and the paper questionnaire.

Comments, area names, survey titles, round labels and round-table notes carry mathtext
(``$\\frac{$``), HTML and reportlab tags, entities, ``%`` formatting, Arabic and emoji. Every
file is built (no 500) and the text comes out as the text it was (read back with pypdf).
"""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from pypdf import PdfReader
from shapely.geometry import box

from analysis.figures.compass import compass
from analysis.figures.compass_png import draw_compass, render_compass_pngs
from analysis.figures.compass_svg import compass_svg
from analysis.figures.maps import choropleth
from analysis.figures.quadrant import quadrant_chart
from analysis.figures.style import save_figure
from analysis.report.pdf import AreaPage, build_report_pdf
from app.core.extensions import db
from app.models import Campaign
from tests.support.app import ROOT
from tests.support.factories import answer_payload
from tests.support.hostile_text import HOSTILE, rename_area, retitle
from tests.support.workspace import csrf_of, login, make_user

# No emoji font ships with matplotlib: an emoji is drawn as an empty box (and warned about),
# while the PDF's text layer keeps it. Only that warning is expected here.
pytestmark = pytest.mark.filterwarnings("ignore:Glyph \\d+ .* missing from font")

TEXTS = list(HOSTILE.values())
#: matplotlib's own default: the tests must not depend on the app having switched it off.
MATH_ON = {"text.parse_math": True}


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _assert_all_shown(text: str, texts=TEXTS) -> None:
    """Every hostile text is in the PDF; Arabic words may come out in visual (reversed) order."""
    for item in texts:
        if item == HOSTILE["rtl"]:
            assert all(word in text for word in item.split()), item
        else:
            assert item in text, item


def _themes() -> pd.DataFrame:
    return pd.DataFrame({"slug": list(HOSTILE), "position": range(1, 8), "title": TEXTS})


def _all_plain(fig: Figure) -> None:
    texts = [t for t in fig.findobj(Text) if t.get_text()]
    assert texts and all(not t.get_parse_math() for t in texts)


# --- analysis: every drawing function, with matplotlib's default (math on) around it --------


def _hostile_compass(lines=(HOSTILE["math"], HOSTILE["bold"])):
    kinds = ("residents", "experts")
    values = dict(zip(HOSTILE, np.linspace(2, 6, 7), strict=True))
    series = [(name, kind, values) for name, kind in zip(lines, kinds, strict=False)]
    return compass(list(HOSTILE.items()), (1, 7), series)


def test_compass_draws_hostile_titles_labels_and_legend_as_text(tmp_path):
    with matplotlib.rc_context(MATH_ON):
        ax = draw_compass(_hostile_compass(), title=HOSTILE["math"] + " " + HOSTILE["rtl"])
        for fmt in ("png", "svg", "pdf"):
            save_figure(ax.figure, tmp_path / f"compass.{fmt}", dpi=40)
        assert matplotlib.rcParams["text.parse_math"] is True  # the caller's settings stay
    _all_plain(ax.figure)
    svg = (tmp_path / "compass.svg").read_text(encoding="utf-8")
    assert r"Preis $\frac{$" in svg and "&lt;b&gt;fett&lt;/b&gt;" in svg  # drawn, as text
    _assert_all_shown(_pdf_text((tmp_path / "compass.pdf").read_bytes()))


def test_the_compass_svg_of_pages_and_files_writes_hostile_text_as_text():
    for standalone in (False, True):
        svg = compass_svg(_hostile_compass(), title=HOSTILE["bold"], standalone=standalone)
        assert "<b>" not in svg and "<para>" not in svg and "&lt;b&gt;fett&lt;/b&gt;" in svg
        assert "Tom &amp; Jerry" in svg and r"Preis $\frac{$" in svg


def test_batch_compass_pngs_take_hostile_titles(tmp_path):
    chart = _hostile_compass(lines=(HOSTILE["para"],))
    charts = [(tmp_path / f"c{i}.png", chart, text) for i, text in enumerate(TEXTS)]
    with matplotlib.rc_context(MATH_ON):
        paths = render_compass_pngs(charts, classes=["residents"], dpi=30)
    assert [p.read_bytes()[:4] for p in paths] == [b"\x89PNG"] * len(TEXTS)


def test_the_quadrant_chart_takes_hostile_labels(tmp_path):
    areas = pd.DataFrame(
        {
            "area_code": TEXTS,
            "index": np.linspace(-1.5, 1.8, 7),
            "class": pd.array([1, 2, 2, 3, 3, 4, 4], dtype="Int64"),
            "resident_median": np.linspace(2, 6, 7),
        }
    )
    with matplotlib.rc_context(MATH_ON):
        quadrant = quadrant_chart(areas, title=HOSTILE["format"])
        buffer = io.BytesIO()
        save_figure(quadrant.figure, buffer, format="pdf")
        _assert_all_shown(_pdf_text(buffer.getvalue()))
    _all_plain(quadrant.figure)


def _areas() -> gpd.GeoDataFrame:
    cells = [box(13.3 + 0.02 * i, 52.5, 13.32 + 0.02 * i, 52.52) for i in range(7)]
    return gpd.GeoDataFrame(
        {"code": TEXTS, "class": pd.array([1, 2, 3, 4, 1, 2, 3], dtype="Int64")},
        geometry=cells,
        crs="EPSG:4326",
    )


def test_map_takes_hostile_titles_notes_and_labels():
    with matplotlib.rc_context(MATH_ON):
        ax = choropleth(
            _areas(),
            "class",
            scheme="index_classes",
            k=4,
            title=HOSTILE["math"],
            source_note=" ".join([HOSTILE["para"], HOSTILE["math"], HOSTILE["amp"]] * 5),
            legend_title=HOSTILE["format"],
            annotate=True,
        )
        buffer = io.BytesIO()
        save_figure(ax.figure, buffer, format="pdf")
    _all_plain(ax.figure)
    _assert_all_shown(_pdf_text(buffer.getvalue()))


def test_report_takes_hostile_text_everywhere(tmp_path):
    comments = pd.DataFrame(
        {"theme": list(HOSTILE), "kind": ["good", "improve"] * 3 + ["good"], "text": TEXTS}
    )
    record = {"missing": HOSTILE["math"], "overall_need": "confirmed", "overall_note": "<b>&"}
    record |= {f"note_{slug}": text for slug, text in HOSTILE.items()}
    page = AreaPage(
        code=HOSTILE["format"],
        name=HOSTILE["math"],
        compass=_hostile_compass(lines=(HOSTILE["bold"],)),
        indicators=pd.DataFrame({"Indikator": [HOSTILE["para"]], "Wert": [1.5]}),
        comments=comments,
        index_class_label=HOSTILE["amp"],
        round_table=record,
    )
    with matplotlib.rc_context(MATH_ON):
        path = build_report_pdf(
            tmp_path / "report.pdf",
            title=HOSTILE["math"] + " " + HOSTILE["emoji"],
            subtitle=HOSTILE["rtl"],
            areas=_areas(),
            map_column="class",
            pages=[page],
            themes=_themes(),
            source_note=HOSTILE["format"],
            generated_on=pd.Timestamp("2026-03-01").date(),
            method_note=HOSTILE["para"],
        )
    text = _pdf_text(path.read_bytes())
    _assert_all_shown(text)
    assert "Round table: " + HOSTILE["math"] in text  # the default words are English


def test_nothing_uses_matplotlibs_own_wrapping():
    """matplotlib measures wrap=True text as mathtext even with parse_math off (3.11)."""
    fig = Figure()
    fig.text(0.1, 0.5, HOSTILE["math"] + " long " * 40, wrap=True, parse_math=False)
    with pytest.raises(ValueError):  # the reason: still true, or this rule can go
        fig.savefig(io.BytesIO(), format="pdf")
    sources = [*(ROOT / "analysis").rglob("*.py"), *(ROOT / "app").rglob("*.py")]
    calls = re.compile(r"\bwrap\s*=\s*True\s*[,)]")
    assert [p.name for p in sources if calls.search(p.read_text(encoding="utf-8"))] == []


# --- the app: report.pdf, posters.pdf, the paper questionnaire and their file names ---------


def _hostile_survey(app, client, survey) -> None:
    """Hostile area name, survey title and round label; five answers with hostile comments."""
    with app.app_context():
        rename_area("1 a", HOSTILE["math"] + " " + HOSTILE["bold"])
        retitle(survey.campaign_id, title=" ".join(TEXTS), round_label="2026 – Ü")
        make_user("plan@example.org", "planner", ["Teststadt"])
    for text in TEXTS[:5]:
        comments = {"nature": {"good": text, "improve": TEXTS[5]}, "play": {"good": TEXTS[6]}}
        payload = answer_payload(survey, comments=comments)
        assert client.post("/api/v1/responses", json=payload).status_code == 201
    login(client, "plan@example.org")


def test_report_pdf_download_shows_hostile_comments_names_and_titles(app, client, survey):
    _hostile_survey(app, client, survey)
    table = f"/moderator/surveys/{survey.campaign_id}/areas/1%20a"
    record = {"csrf_token": csrf_of(client, table), "missing": HOSTILE["math"]}
    record |= {"overall_note": HOSTILE["para"], "note-nature": HOSTILE["format"]}
    assert client.post(table + "/record", data=record).status_code == 302
    reply = client.get(f"/planner/surveys/{survey.campaign_id}/download/report.pdf")
    assert reply.status_code == 200
    text = _pdf_text(reply.data)
    _assert_all_shown(text)
    assert "Runder Tisch: " + HOSTILE["math"] in text  # the planner's language


def test_posters_show_hostile_names_and_titles(app, client, survey):
    _hostile_survey(app, client, survey)
    reply = client.get(f"/planner/surveys/{survey.campaign_id}/posters.pdf")
    assert reply.status_code == 200
    text = _pdf_text(reply.data)
    assert HOSTILE["math"] + " " + HOSTILE["bold"] in text
    _assert_all_shown(text.replace("\n", " "), [t for t in TEXTS if t != HOSTILE["rtl"]])


def _filename(reply) -> str:
    """The file name as RFC 6266 tells a browser to read Content-Disposition.

    ``filename*=UTF-8''…`` (RFC 5987, percent-encoded) wins; without it, the quoted or plain
    ``filename=``, which must then be ASCII.
    """
    header = reply.headers["Content-Disposition"]
    extended = re.search(r"filename\*=UTF-8''([^;\s]+)", header)
    if extended:
        fallback = re.search(r'filename="((?:[^"\\]|\\.)*)"|filename=([^;\s]+)', header)
        assert fallback and fallback.group(0).isascii()  # old clients get an ASCII name
        return unquote(extended.group(1), errors="strict")
    quoted = re.search(r'filename="((?:[^"\\]|\\.)*)"', header)
    if quoted:
        return re.sub(r"\\(.)", r"\1", quoted.group(1))
    return re.search(r"filename=([^;\s]+)", header).group(1)


def test_paper_questionnaire_with_hostile_title_and_non_latin_round(app, client, survey):
    _hostile_survey(app, client, survey)
    for path, name in (
        (f"/paper/{survey.resident}.pdf", "fragebogen-2026 – Ü.pdf"),
        (f"/paper/{survey.resident}/1%20a.pdf", "fragebogen-2026_–_Ü-1_a.pdf"),
    ):
        reply = client.get(path)
        assert reply.status_code == 200
        assert reply.headers["Content-Disposition"].startswith("inline; ")
        assert _filename(reply) == name
        text = _pdf_text(reply.data)
        for item in (HOSTILE["math"], HOSTILE["bold"], HOSTILE["para"], HOSTILE["format"]):
            assert item in text


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ('2026 "Frühjahr"', 'fragebogen-2026 "Frühjahr".pdf'),
        ("2026; filename=evil.exe", "fragebogen-2026; filename=evil.exe.pdf"),
        ("2026\nSet-Cookie: x=1", "fragebogen-2026 Set-Cookie: x=1.pdf"),
        ("2026\r\n–\tÜ", "fragebogen-2026 – Ü.pdf"),
        ("../../2026", "fragebogen-.._.._2026.pdf"),
    ],
)
def test_file_names_with_quotes_semicolons_and_line_breaks(app, client, survey, label, expected):
    with app.app_context():
        retitle(survey.campaign_id, round_label=label)
    reply = client.get(f"/paper/{survey.resident}.pdf")
    assert reply.status_code == 200
    header = reply.headers["Content-Disposition"]
    header.encode("latin-1")  # a valid HTTP header: Latin-1, one line
    assert "\n" not in header and "\r" not in header
    assert _filename(reply) == expected
    assert "Set-Cookie" not in [key for key, _ in reply.headers]
    with app.app_context():
        assert db.session.get(Campaign, survey.campaign_id).round_label == label


def test_a_round_label_without_a_year_is_a_clear_409_for_dated_layers(app, client, survey):
    from tests.support.workspace import add_outlines

    _hostile_survey(app, client, survey)  # round "2026 – Ü": dated 31 Dec 2026
    with app.app_context():
        add_outlines()
    base = f"/planner/surveys/{survey.campaign_id}/download/"
    layer = client.get(base + "kommonitor_resident_median.geojson")
    assert layer.status_code == 200
    assert "2026-12-31" in layer.get_data(as_text=True)
    with app.app_context():
        retitle(survey.campaign_id, round_label="Frühjahr")
    refused = client.get(base + "kommonitor_resident_median.geojson?lang=de")
    assert refused.status_code == 409
    assert "Die Runde „Frühjahr“ nennt kein Jahr" in refused.get_data(as_text=True)
    assert client.get(base + "report.pdf").status_code == 200  # needs no date
