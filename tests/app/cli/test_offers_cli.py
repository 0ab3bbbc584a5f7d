"""``flask offers import|list|coverage`` as the issue names them."""

from __future__ import annotations

import csv
import io

from app.core.extensions import db
from app.models import Kommune
from app.services.offer_networks import kommune_network
from tests.support.coverage import STREETS
from tests.support.offers import koeln_with_kitas, street_town, two_quartiere

CSV = "Bez;RW;HW;Plätze\nKita West;356309,02;5644588,07;40\nKita ohne Ort;;;10\n"


def test_import_list_and_coverage_of_a_small_kommune(app, runner, tmp_path):
    path = tmp_path / "kitas.csv"
    path.write_text(CSV, encoding="utf-8")
    with app.app_context():
        two_quartiere()
    result = runner.invoke(args=[
        "offers", "import", str(path), "--kommune", "Kompassstadt", "--category", "kita",
        "--x-field", "RW", "--y-field", "HW", "--crs", "EPSG:25832", "--name-field", "Bez",
        "--capacity-field", "Plätze"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Row 3 left out: no usable coordinates." in result.output
    assert "1 offers stored in 'kita'." in result.output
    listed = runner.invoke(args=["offers", "list", "--kommune", "Kompassstadt"])
    assert "kita\tDay-care centre\t1\t500 m\tplay" in listed.output
    offers = runner.invoke(args=["offers", "list", "--kommune", "Kompassstadt", "--category",
                                 "kita"])  # fmt: skip
    assert "\tKita West\t50.935000\t6.955000\t40\t..\n" in offers.output
    table = runner.invoke(args=["offers", "coverage", "--kommune", "Kompassstadt", "--category",
                                "kita", "--distance", "300", "--format", "csv"])  # fmt: skip
    assert table.exit_code == 0, table.output
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert [(r["area_code"], r["offers"], r["capacity"]) for r in rows] == [
        ("1", "1", "40.0"), ("2", "0", "0.0")]  # fmt: skip
    for column in ("area_name", "per_1000", "nearest_m", "share_within", "supply_2sfca"):
        assert column in rows[0]
    assert "straight line × 1.3 (detour factor), within 300 m" in table.stderr


def test_mistakes_are_one_sentence(app, runner, tmp_path):
    with app.app_context():
        two_quartiere()
    unknown = runner.invoke(args=["offers", "coverage", "--kommune", "Kompassstadt",
                                  "--category", "bad"])  # fmt: skip
    assert unknown.exit_code == 1
    assert "There is no category 'bad' (known: arztpraxis" in unknown.output
    assert "Traceback" not in unknown.output
    broken = tmp_path / "broken.osm"
    broken.write_text("<osm><way", encoding="utf-8")
    network = runner.invoke(args=["offers", "coverage", "--kommune", "Kompassstadt",
                                  "--category", "kita", "--network", str(broken)])  # fmt: skip
    assert network.exit_code == 1 and "OpenStreetMap" in network.output, network.output


def test_koeln_kitas_per_1000_children_under_6(app, runner, tmp_path):
    with app.app_context():
        koeln_with_kitas(tmp_path)
    table = runner.invoke(args=["offers", "coverage", "--kommune", "Köln", "--category", "kita",
                                "--target-indicator", "unter_6"])  # fmt: skip
    assert table.exit_code == 0, table.output
    rows = {r["area_code"]: r for r in csv.DictReader(io.StringIO(table.stdout))}
    assert len(rows) == 86
    assert rows["102"]["area_name"] == "Neustadt/Süd" and rows["102"]["offers"] == "3"
    assert float(rows["102"]["per_1000"]) == 3 / 1743 * 1000


def test_validity_fields_and_the_day_of_the_coverage(app, runner, tmp_path):
    path = tmp_path / "kitas.csv"
    rows = ["Bez;Breite;Länge;ab;bis", "Kita Alt;50,935;6,955;;31.12.2024",
            "Kita Neu;50,935;6,965;2025-08-01;", "Kita Falsch;50,935;6,965;morgen;",
            "Kita Rückwärts;50,936;6,956;2025-01-01;2024-01-01"]  # fmt: skip
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with app.app_context():
        two_quartiere()
    result = runner.invoke(args=[
        "offers", "import", str(path), "--kommune", "Kompassstadt", "--category", "kita",
        "--lat-field", "Breite", "--lon-field", "Länge", "--name-field", "Bez",
        "--valid-from-field", "ab", "--valid-to-field", "bis"])  # fmt: skip
    assert result.exit_code == 0, result.output
    for row in (4, 5):
        assert f"Row {row} left out: the validity is not a date" in result.output
    assert "2 offers stored in 'kita'." in result.output
    listed = runner.invoke(args=["offers", "list", "--kommune", "Kompassstadt", "--category",
                                 "kita"])  # fmt: skip
    assert "\tKita Alt\t" in listed.output and "\t..2024-12-31\n" in listed.output
    assert "\t2025-08-01..\n" in listed.output

    def offers_on(day: str) -> list[str]:
        table = runner.invoke(args=["offers", "coverage", "--kommune", "Kompassstadt",
                                    "--category", "kita", "--on", day])  # fmt: skip
        assert table.exit_code == 0, table.output
        return [r["offers"] for r in csv.DictReader(io.StringIO(table.stdout))]

    assert offers_on("2024-06-01") == ["1", "0"]  # West's Kita still open, Ost's not yet
    assert offers_on("2025-01-01") == ["0", "0"]
    assert offers_on("2025-08-01") == ["0", "1"]
    bad = runner.invoke(args=["offers", "coverage", "--kommune", "Kompassstadt", "--category",
                              "kita", "--on", "1.8.2025"])  # fmt: skip
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def _nearest_of_6(result) -> int:
    rows = csv.DictReader(io.StringIO(result.stdout))
    return round(next(float(r["nearest_m"]) for r in rows if r["area_code"] == "6"))


def test_coverage_along_the_kommunes_stored_walking_network(app, runner):
    coverage = ["offers", "coverage", "--kommune", "Straßenstadt", "--category", "kita",
                "--distance", "2000"]  # fmt: skip
    with app.app_context():
        kommune_id = street_town().id
    missing = runner.invoke(args=[*coverage, "--along-streets"])
    assert missing.exit_code == 1 and "Straßenstadt has no stored walking network" in missing.output
    stored = runner.invoke(args=["offers", "network", str(STREETS), "--kommune", "Straßenstadt"])
    assert stored.exit_code == 0, stored.output
    assert (
        f"The street network '{STREETS.name}' is stored: 8 nodes, 6 street segments."
        in stored.output
    )
    straight = runner.invoke(args=coverage)
    along = runner.invoke(args=[*coverage, "--along-streets"])
    assert along.exit_code == 0, along.output
    # 6 -> 5 -> 4 -> 3 -> 2 -> 1 along the walkable streets: 1,600 m, not 400 m × 1.3.
    assert (_nearest_of_6(straight), _nearest_of_6(along)) == (520, 1600)
    assert f"along the street network ({STREETS.name}, " in along.stderr
    both = runner.invoke(args=[*coverage, "--along-streets", "--network", str(STREETS)])
    assert both.exit_code == 2 and "either --network or --along-streets" in both.output
    removed = runner.invoke(args=["offers", "network", "--kommune", "Straßenstadt", "--remove"])
    assert removed.exit_code == 0 and "distances are straight lines again" in removed.output
    assert runner.invoke(args=[*coverage, "--along-streets"]).exit_code == 1
    with app.app_context():
        assert kommune_network(db.session.get(Kommune, kommune_id)) is None


def test_a_network_file_that_is_not_openstreetmap_is_one_sentence_and_nothing_is_stored(
    app, runner, tmp_path
):
    with app.app_context():
        kommune_id = street_town().id
    broken = tmp_path / "strassen.osm"
    broken.write_text("<osm><way", encoding="utf-8")
    reply = runner.invoke(args=["offers", "network", str(broken), "--kommune", "Straßenstadt"])
    assert (
        reply.exit_code == 1 and "strassen.osm" in reply.output and "OpenStreetMap" in reply.output
    )
    assert "Traceback" not in reply.output
    neither = runner.invoke(args=["offers", "network", "--kommune", "Straßenstadt"])
    assert neither.exit_code == 2 and "either an OpenStreetMap file or --remove" in neither.output
    with app.app_context():
        assert kommune_network(db.session.get(Kommune, kommune_id)) is None
