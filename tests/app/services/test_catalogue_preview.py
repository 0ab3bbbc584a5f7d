"""What the import preview calls a column whose key the catalogue knows: the catalogue's name
and unit (or the Kommune's own entry, or its stored indicator), before anything is stored –
on Berlin's real MSS 2021 context table through ``flask indicators import --dry-run`` and on
the web preview."""

from __future__ import annotations

import pandas as pd

from app.services import kommune_catalogue
from app.services.areas import find_kommune
from tests.app.data.test_data_and_index import _planner, _upload
from tests.support.data import berlin_mss, shared_data
from tests.support.stored import _kommune

KONTEXT = shared_data("berlin", "mss_2021_kontext_indikatoren.csv")
DRY_RUN = ["indicators", "import", str(KONTEXT), "--kommune", "Berlin", "--id", "PLR_ID",
           "--dry-run"]  # fmt: skip


def _berlin(app) -> None:
    mss = berlin_mss()
    areas = pd.DataFrame({"code": mss["PLR_ID"], "name": mss["PLR_NAME"],
                          "population": mss["EW"]})  # fmt: skip
    with app.app_context():
        _kommune("Berlin", areas)


def _line(report: str, column: str) -> str:
    return next(line for line in report.splitlines() if line.strip().startswith(f"{column} "))


def test_the_dry_run_of_the_real_context_table_names_and_units_from_the_catalogue(app, runner):
    _berlin(app)
    result = runner.invoke(args=DRY_RUN)
    assert result.exit_code == 0, result.output
    k09, k06 = _line(result.output, "KI_09"), _line(result.output, "KI_06")
    # The CLI speaks the staff default of the tests, English.
    assert "KI_09 → KI_09 „MSS K 09 residents in a simple residential area“ (unit %," in k09
    assert "„MSS K 06 change in the share of foreign nationals“ (unit percentage points" in k06
    assert "„MSS K 17 non-EU foreign nationals“ (unit %" in _line(result.output, "KI_17")
    # K 02 has no sourced definition: its header, an unknown unit, no invented name.
    assert "KI_02 → KI_02 (unit unknown, years 2020)" in _line(result.output, "KI_02")


def test_the_kommunes_own_entry_and_a_stored_indicator_win_over_the_builtin_one(app, runner):
    _berlin(app)
    with app.app_context():
        berlin = find_kommune("Berlin")
        kommune_catalogue.add_entry(berlin, {
            "key": "KI_02", "name": "Alleinerziehende (eigene Definition)", "unit": "%",
            "domain": "demografie", "definition": "Haushalte Alleinerziehender je 100 "
            "Haushalte mit Kindern", "source": "Bezirksamt, 2024",
        })  # fmt: skip
        known = kommune_catalogue.described(berlin, ["KI_02", "KI_09", "PLR_NAME_X"])
    assert known["KI_02"] == ({"de": "Alleinerziehende (eigene Definition)",
                               "en": "Alleinerziehende (eigene Definition)"}, "%")  # fmt: skip
    assert known["KI_09"][1] == "%" and "PLR_NAME_X" not in known
    assert "„Alleinerziehende (eigene Definition)“" in _line(
        runner.invoke(args=DRY_RUN).output, "KI_02"
    )
    # Once imported, the stored indicator is what a second file's column becomes.
    stored = runner.invoke(args=[a for a in DRY_RUN if a != "--dry-run"])
    assert stored.exit_code == 0, stored.output
    runner.invoke(args=["indicators", "describe", "KI_09", "--kommune", "Berlin",
                        "--unit", "Prozent der EW"])  # fmt: skip
    assert "(unit Prozent der EW," in _line(runner.invoke(args=DRY_RUN).output, "KI_09")


def test_the_web_preview_shows_the_catalogue_name_of_a_known_key(app, client, survey):
    base = f"/planner/kommune/{_planner(app, client)}/indicators"
    table = "Sozialraum;S1;Eigenes\n1 a;7,5;3\n15 b;9,0;4\n"
    location = _upload(client, base, table.encode("utf-8"), "mss.csv").headers["Location"]
    html = client.get(location).get_data(as_text=True)
    assert "<code>S1</code> MSS S1 Arbeitslosigkeit" in html
    assert "<code>Eigenes</code></td>" in html  # an unknown key keeps just its header
