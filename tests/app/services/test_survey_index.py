"""Which index version a survey uses: coverage, choice, deletion, renaming, comparison and
versions that stay what they were when new values are imported."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Campaign, IndexVersion
from app.services import index_versions, survey_index
from app.services.demo import load_demo
from app.services.index_settings import IndexSettingsError
from tests.support.index import musterstadt, save, small_survey
from tests.support.indicator_files import import_indicators

NORTH = ["2", "3 a", "3 b", "4"]
OTHERS = ["1 a", "1 b", "5", "6 a", "6 b", "7", "8", "9"]


def _survey_2025() -> Campaign:
    return db.session.scalar(select(Campaign).where(Campaign.round_label == "2025"))


@pytest.fixture
def demo(app):
    with app.test_request_context():
        load_demo()
        yield musterstadt()


def test_a_survey_uses_the_newest_covering_version_unless_one_is_chosen(demo):
    old, new = save("Sozialindex 2023", 2023), save("Sozialindex 2024", 2024)
    campaign = _survey_2025()
    assert survey_index.survey_index(campaign).version.id == new.id
    survey_index.choose_version(campaign, old)
    chosen = survey_index.survey_index(campaign)
    assert chosen.version.id == old.id and chosen.note == ""
    assert chosen.coverage == survey_index.Coverage(12, 12)
    row = survey_index.area_row(chosen.version, "4")
    stored = next(r for r in old.result if r["area_code"] == "4")
    assert row["class_label"] == stored["class_label"] and row["version"] == "Sozialindex 2023"
    survey_index.choose_version(campaign, None)
    assert survey_index.survey_index(campaign).version.id == new.id


def test_a_version_covering_too_few_areas_is_never_used_and_says_why(demo):
    north = small_survey(NORTH, answers_per_area=1)
    campaign = db.session.get(Campaign, north.campaign_id)
    elsewhere = save("Nur der Süden", 2023, reference_areas=OTHERS)
    shown = survey_index.survey_index(campaign)
    assert shown.version is None and shown.coverage == survey_index.Coverage(0, 4)
    assert "Nur der Süden" in shown.note and "nur 0 der 4 Quartiere" in shown.note
    with pytest.raises(IndexSettingsError, match="nur 0 der"):
        survey_index.choose_version(campaign, elsewhere)
    # An older version that covers the survey is used instead of the newest that does not.
    older = save("Alle 2023", 2023)
    newest = save("Nur der Süden 2024", 2024, reference_areas=OTHERS)
    assert newest.created_at >= older.created_at
    assert survey_index.survey_index(campaign).version.id == older.id


def test_three_areas_and_half_of_the_survey_are_needed(demo):
    half = save("Halb", 2023, reference_areas=["2", "3 a", *OTHERS[:2]])
    north = db.session.get(Campaign, small_survey(NORTH, answers_per_area=1).campaign_id)
    covered = survey_index.coverage(half.result, [a.code for a in north.areas])
    assert covered == survey_index.Coverage(2, 4) and not covered.enough
    three = save("Drei", 2023, reference_areas=["2", "3 a", "3 b", *OTHERS[:1]])
    assert survey_index.survey_index(north).version.id == three.id


def test_a_version_in_use_cannot_be_deleted_until_the_survey_uses_another(demo):
    old, new = save("Sozialindex 2023", 2023), save("Sozialindex 2024", 2024)
    with pytest.raises(IndexSettingsError, match="Quartierscheck Musterstadt 2025"):
        survey_index.delete_version(new)  # both surveys use it automatically
    survey_index.delete_version(old)  # nobody uses it
    assert db.session.get(IndexVersion, old.id) is None
    assert [v.name for v in index_versions.versions(demo)] == ["Sozialindex 2024"]


def test_renaming_keeps_names_unique(demo):
    old, new = save("A", 2023), save("B", 2024)
    with pytest.raises(IndexSettingsError, match="schon eine Version namens"):
        index_versions.rename_version(old, " B ")
    with pytest.raises(IndexSettingsError, match="Namen"):
        index_versions.rename_version(old, "   ")
    index_versions.rename_version(old, "Sozialindex 2023")
    assert index_versions.find_version(demo, "Sozialindex 2023").id == old.id
    assert new.name == "B"


def test_comparing_versions_lists_the_areas_that_change_class(demo):
    old, new = save("2023", 2023), save("2024", 2024)
    table = index_versions.compare_versions(old, new)
    before = {r["area_code"]: r["class"] for r in old.result}
    after = {r["area_code"]: r["class"] for r in new.result}
    expected = sorted(code for code in before if before[code] != after[code])
    assert expected, "the demo's 2023 and 2024 indices differ in some class"
    assert sorted(table.loc[table["changed"], "area_code"]) == expected
    assert table["changed"].iloc[: len(expected)].all()  # the changed areas come first


def test_a_saved_version_keeps_its_inputs_when_its_year_is_imported_again(demo, tmp_path):
    version = save("Sozialindex 2023", 2023, min_population=3000)
    before = index_versions.saved_index(version)
    assert before.inputs["min_population"] == 3000 and before.year == 2023
    assert version.params["reference_areas"] == [r["area_code"] for r in version.result]
    # Corrected 2023 values and a new year arrive through the real import.
    lines = ["code;sgb2_quote;nef_u15"] + [f"{c};50;1" for c in ["1 a", "2", "3 a"]]
    path = tmp_path / "korrektur_2023.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    import_indicators(path, "Musterstadt", "code", year=2023, overwrite=True)
    import_indicators(path, "Musterstadt", "code", year=2025)
    after = index_versions.saved_index(db.session.get(IndexVersion, version.id))
    assert after.inputs["table"].equals(before.inputs["table"])
    assert after.result.table.equals(before.result.table)
    fresh = index_versions.compute_index(demo, ["sgb2_quote", "nef_u15"], 2023)
    assert not fresh.table["index"].round(6).equals(after.result.table["index"].round(6))


def test_unknown_reference_areas_are_named(demo):
    with pytest.raises(IndexSettingsError, match="gibt es nicht: 77"):
        save("X", 2023, reference_areas=["1 a", "77"])


def test_a_saved_version_is_never_overwritten(demo):
    version = save("Sozialindex", 2023)
    with pytest.raises(IndexSettingsError, match="schon eine Version namens"):
        save("Sozialindex", 2024)
    assert db.session.get(IndexVersion, version.id).params["year"] == 2023


def test_a_chosen_version_that_no_longer_covers_the_survey_says_so_and_can_go(demo):
    four = save("Vier", 2023, reference_areas=NORTH)
    north = db.session.get(Campaign, small_survey(NORTH, answers_per_area=1).campaign_id)
    survey_index.choose_version(north, four)
    assert survey_index.survey_index(north).version.id == four.id
    with pytest.raises(IndexSettingsError, match="Nordcheck"):
        survey_index.delete_version(four)
    # The planner adds five Quartiere to the survey: the choice covers too few of them now,
    # and the survey says so instead of using it.
    with write_transaction():
        extra = db.session.scalars(select(Area).where(Area.code.in_(OTHERS[:5]))).all()
        north.areas = [*north.areas, *extra]
    shown = survey_index.survey_index(north)
    assert shown.version is None and "„Vier“" in shown.note and "4 der 9" in shown.note
    survey_index.delete_version(four)  # no survey shows it any more
    assert north.index_version_id is None
    assert survey_index.survey_index(north).note == "Es ist noch keine Index-Version gespeichert."
