"""The report as one document: accessible HTML and a tagged PDF/UA rendered from it."""

import io
import re

import pandas as pd
import pypdf
import pytest

from analysis.outputs.results import compute_results
from analysis.report.context import report_context
from analysis.report.document import report_html, write_report_pdf
from analysis.report.sections import ReportSection
from tests.support.output import page_texts
from tests.support.synthetic import campaign_with_small_groups, synthetic_campaign
from tests.support.texts import german_texts

ADDED = [
    ReportSection("methods", "Wie die Prüfung arbeitet", "<p>Methodenkapitel</p>", order=80),
    ReportSection("atlas", "Sozialatlas", "<h3>Karte</h3><p>Atlaskapitel</p>", order=20),
]


def with_repeated_comments():
    """The synthetic campaign, where three residents of 0002 said the same, differently typed."""
    data = campaign_with_small_groups()
    said = data.comments
    one = said[(said["round"] == "2024") & (said["area_code"] == "0002")
               & (said["role"] == "resident")].iloc[0]  # fmt: skip
    copies = pd.DataFrame([one, one, one]).assign(
        text=[REPEATED, REPEATED.upper(), REPEATED + "!!"], theme=one["theme"], kind=one["kind"]
    )
    data.comments = pd.concat([said, copies], ignore_index=True)
    return data


REPEATED = "Wir werden nie gefragt."


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    data = with_repeated_comments()
    data.validation_records = data.validation_records.assign(
        matches_statistics="Ja, die Zahlen passen.", updated_at="2024-11-05 17:30"
    )
    data.indicator_info = pd.DataFrame(
        {"indicator": ["S1"], "name": ["Arbeitslosenquote"], "unit": ["%"]}
    )
    res = compute_results(data, german_texts())
    html = report_html(report_context(res, {}, ADDED))
    path = write_report_pdf(html, tmp_path_factory.mktemp("report") / "report.pdf")
    return html, path.read_bytes()


def test_the_pdf_is_tagged_pdf_ua_with_language_and_title(report):
    _, data = report
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "de"
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfuaid:part[^0-9]*1", xmp)
    assert reader.metadata.title.startswith("Quartierskompass Musterstadt")
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_the_text_comes_out_in_reading_order_with_german_numbers(report):
    _, data = report
    text = " ".join(" ".join(page_texts(data)).split())
    order = ["Quartierskompass Musterstadt", "Das Wichtigste in Kürze",
             "Alle Quartiere im Überblick", "Die Quartiere im Einzelnen", "Sozialatlas",
             "Wie die Prüfung arbeitet", "Methode und Quellen"]  # fmt: skip
    positions = [text.index(heading, text.index("Das Wichtigste") if i > 1 else 0)
                 for i, heading in enumerate(order)]  # fmt: skip
    assert positions == sorted(positions)
    assert re.search(r"Stand:? \d\d\.\d\d\.\d{4}", text)
    assert not re.search(r"\b\d{4}-\d\d-\d\d\b", text)  # no ISO date anywhere
    assert re.search(r"-?\d,\d\d", text)  # index values with a decimal comma


def test_added_chapters_appear_in_their_order_in_html_and_pdf(report):
    html, data = report
    headings = re.findall(r"<h2>([^<]+)</h2>", html)
    assert headings.index("Sozialatlas") < headings.index("Wie die Prüfung arbeitet")
    assert headings[-1] == "Methode und Quellen"
    assert '<section id="atlas" class="chapter added">' in html
    text = " ".join(page_texts(data))
    assert text.index("Atlaskapitel") < text.index("Methodenkapitel")


def test_comments_are_grouped_once_with_their_count(report):
    html, _ = report
    profile = html[
        html.index("Quartier 0002 (0002)</h3>") : html.index("Quartier 0003 (0003)</h3>")
    ]
    for item in re.findall(r"<ul>(.*?)</ul>", profile, re.S):
        texts = re.findall(r"<li>(.*?)(?: <span|</li>)", item)
        assert len(texts) == len(set(texts))  # each wording once per theme and kind
    assert f'<li>{REPEATED} <span class="count">(3-mal)</span></li>' in profile


def test_small_groups_leave_no_comment_anywhere(report):
    from tests.support.synthetic import SECRET

    html, data = report
    assert SECRET not in html
    assert SECRET not in " ".join(page_texts(data))


def test_the_round_table_record_uses_the_moderator_form_and_a_german_date(report):
    html, _ = report
    profile = html[
        html.index("Quartier 0001 (0001)</h3>") : html.index("Quartier 0002 (0002)</h3>")
    ]
    questions = german_texts().round_table.questions
    for question in questions.values():
        assert f"<dt>{question}</dt>" in profile
    assert "Ja, die Zahlen passen." in profile and "Bedarf bestätigt" in profile
    assert "05.11.2024, 17:30" in profile and "2024-11-05" not in profile


def test_indicators_carry_name_unit_kommune_value_rank_and_trend(report):
    html, _ = report
    profile = html[
        html.index("Quartier 0001 (0001)</h3>") : html.index("Quartier 0002 (0002)</h3>")
    ]
    row = re.search(r"<tr><th scope=\"row\">Arbeitslosenquote</th>(.*?)</tr>", profile, re.S)
    assert row, "the indicator's name, not its key"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    assert cells[0] == "%"
    assert re.fullmatch(r"\d+ von 6", cells[4])
    assert "," in cells[2] and "," in cells[3]
    assert cells[5].startswith('<svg role="img" aria-label="Verlauf ')


def test_quadrant_numbers_never_overlap_and_the_key_names_every_area():
    res = compute_results(synthetic_campaign(60, 6000, seed=3), german_texts())
    context = report_context(res, {})
    svg = context["charts"]["quadrant"]
    found = re.findall(
        r'<g id="n(\d+)">\s*<text style="font-size: ([\d.]+)px[^"]*" x="([\d.]+)" y="([\d.]+)"',
        svg,
    )
    boxes = [
        (float(x), float(y) - float(size), float(x) + 0.62 * float(size) * len(n), float(y))
        for n, size, x, y in found
    ]
    assert len(boxes) >= 30  # most points carry their number
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    html = report_html(context)
    key = html[html.index('<table class="key">') :]
    assert len(re.findall(r'<tr><td class="num">\d+</td>', key)) == 60
