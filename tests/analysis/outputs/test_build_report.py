"""The report build_outputs writes: residents and comments of large groups only, the k rule
and the validation in plain words, the round-table records after their areas."""

from analysis.outputs.build import build_outputs
from analysis.stats.aggregate import filter_comments
from tests.support.output import page_texts, pdf_text
from tests.support.synthetic import campaign_with_small_groups, synthetic_campaign


def test_report_shows_residents_and_comments_of_large_groups(outputs):
    outdir, _ = outputs
    pages = page_texts((outdir / "report.pdf").read_bytes())
    # the area's own page, not the validation page that lists every area too
    page = next(t for t in pages if "Quartier 0001 (0001)" in t and "Wahrnehmung" not in t)
    assert "Bewohner:innen (n = " in page  # the compass's legend
    data = campaign_with_small_groups()
    shown = filter_comments(
        data.comments[data.comments["round"] == "2024"], data.ratings, k=5,
        by=("round", "area_code", "role"),
    )  # fmt: skip
    shown = shown[shown["area_code"] == "0001"]
    assert not shown.empty
    headings = {"good": "Was ist gut:", "improve": "Was könnte besser sein:"}
    for kind, said in shown.groupby("kind"):
        assert headings[kind] in page
        assert all(" ".join(text.split()[:3]) in page for text in said["text"])


def test_report_cover_states_the_k_rule_and_the_validation_in_plain_words(outputs):
    outdir, _ = outputs
    cover = page_texts((outdir / "report.pdf").read_bytes())[0]
    text = " ".join(cover.split())
    assert "mindestens k = 5 Personen eine Bewertung abgegeben haben" in text
    assert "Abgleich mit der Wahrnehmung vor Ort: Mit 5 Quartieren lässt sich nur ein sehr" in text


def test_report_carries_the_round_table_record_after_its_area(outputs):
    outdir, _ = outputs
    pages = page_texts((outdir / "report.pdf").read_bytes())
    hits = [i for i, text in enumerate(pages) if "Ein offener Jugendtreff am Abend" in text]
    assert len(hits) == 1
    assert "Bedarf bestätigt" in pages[hits[0]]
    area_pages = [i for i, t in enumerate(pages) if "Quartier 0001 (0001)" in t]
    assert min(area_pages) < hits[0]  # the record follows its area's page


def test_only_report_renders_the_report_but_no_chart_files(tmp_path):
    paths = build_outputs(synthetic_campaign(3, 90, seed=4), tmp_path, only=["report.pdf"])
    assert [p.name for p in paths] == ["report.pdf"]
    assert not list((tmp_path / "charts").iterdir())
    assert "Quartier 0001 (0001)" in pdf_text((tmp_path / "report.pdf").read_bytes())
