"""The report build_outputs writes: residents and comments of large groups only, the k rule
and the validation in plain words, the round-table records in their areas' profiles."""

from analysis.outputs.build import build_outputs
from analysis.stats.aggregate import filter_comments
from tests.support.output import page_texts, pages_text, pdf_text
from tests.support.synthetic import campaign_with_small_groups, synthetic_campaign


def profile(outdir, title: str) -> str:
    """The text of one Quartier's profile (its pages, up to the next profile)."""
    text = pages_text((outdir / "report.pdf").read_bytes())
    start = text.index(title, text.rindex("Die Quartiere im Einzelnen"))  # the chapter
    following = text.find("(0002)", start + len(title))
    return " ".join(text[start : following if following > 0 else None].split())


def test_report_shows_residents_and_comments_of_large_groups(outputs):
    outdir, _ = outputs
    page = profile(outdir, "Quartier 0001 (0001)")
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
        assert all(" ".join(text.split()) in page for text in said["text"])


def test_report_states_the_k_rule_and_the_validation_in_plain_words(outputs):
    outdir, _ = outputs
    pages = page_texts((outdir / "report.pdf").read_bytes())
    assert "Gruppen mit weniger als 5 Personen werden nicht gezeigt." in " ".join(pages[0].split())
    text = " ".join(pages_text((outdir / "report.pdf").read_bytes()).split())
    assert "mindestens k = 5 Personen eine Bewertung abgegeben haben" in text
    assert "Abgleich mit der Wahrnehmung vor Ort: Mit 5 Quartieren lässt sich nur ein sehr" in text


def test_report_carries_the_round_table_record_in_its_area(outputs):
    outdir, _ = outputs
    page = profile(outdir, "Quartier 0001 (0001)")
    assert "Ein offener Jugendtreff am Abend" in page
    assert "Bedarf bestätigt" in page
    assert "Runder Tisch" in page


def test_only_report_renders_the_report_but_no_chart_files(tmp_path):
    paths = build_outputs(synthetic_campaign(3, 90, seed=4), tmp_path, only=["report.pdf"])
    assert [p.name for p in paths] == ["report.pdf"]
    assert not list((tmp_path / "charts").iterdir())
    assert "Quartier 0001 (0001)" in pdf_text((tmp_path / "report.pdf").read_bytes())
