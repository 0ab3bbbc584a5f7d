"""The Kreis index from saved versions, on Berlin's 12 Bezirke as Kommunen: the Kommune column
is each Bezirk's saved index version (never recomputed), the Kreis index is saved by name with
its parameters and exported for German Excel (the Kreis first, then one row per Bezirk; every
Planungsraum with its class on the Kreis scale)."""

from __future__ import annotations

import io
import re

import numpy as np
import openpyxl
import pytest
from sqlalchemy import select

from analysis.stats.index import social_index
from app.core.extensions import db
from app.models import IndexVersion, Kommune, KreisIndexVersion
from app.services import index_versions
from tests.support.data import berlin_mss
from tests.support.workbook import read_excel_csv
from tests.support.workspace import csrf_of, login, make_user

INDEX = ["S1", "S3", "S4"]
ADMIN = "/planner/kreise/admin"


def _rows(html: str, table_id: str) -> list[list[str]]:
    body = html.split(f'id="{table_id}"')[1].split("<tbody>")[1].split("</tbody>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S) for row in rows]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in row] for row in cells]


def _save_kommune_version(kommune_id: int, name: str, indicators: list[str]) -> dict:
    kommune = db.session.get(Kommune, kommune_id)
    result = index_versions.compute_index(kommune, indicators, 2020)
    settings = {"indicators": indicators, "year": 2020, "options": {}}
    index_versions.save_version(kommune, name, settings, result)
    table = result.table.assign(area=kommune.name + ": " + result.table["area_code"])
    return dict(zip(table["area"], table["class_label"].fillna("–"), strict=True))


def _save_kreis_index(client, kreis_id: int, name: str, index=INDEX):
    url = f"/planner/kreis/{kreis_id}"
    form = {"name": name, "year": "2020", "index": index, "csrf_token": csrf_of(client, url)}
    return client.post(f"{url}/index", data=form)


@pytest.mark.slow
def test_the_kommune_index_is_the_saved_version_not_computed_again(app, client, berlin_kreis):
    with app.test_request_context():
        # Bezirk 01 saved an index on S1 alone: the Kreis page shows that one, not S1, S3, S4
        only_s1 = _save_kommune_version(berlin_kreis.kommunen["Bezirk 01"], "Nur S1", ["S1"])
        kommune = db.session.get(Kommune, berlin_kreis.kommunen["Bezirk 01"])
        recomputed = index_versions.compute_index(kommune, INDEX, 2020).table["class_label"]
    login(client, "kreis@berlin.example")
    url = f"/planner/kreis/{berlin_kreis.kreis_id}"
    html = client.get(url, query_string={"index": INDEX}).get_data(as_text=True)
    rows = {r[0]: r for r in _rows(html, "kreis-index")}
    assert len(rows) == 542
    shown = {area: rows[area][5] for area in only_s1}
    assert shown == only_s1
    assert shown != dict(zip(only_s1, recomputed.fillna("–"), strict=True))
    assert {r[5] for a, r in rows.items() if not a.startswith("Bezirk 01:")} == {"–"}
    listed = html.split('id="kommune-versions">')[1].split("</ul>")[0]
    items = [re.sub(r"<[^>]+>", "", i).strip() for i in re.findall(r"<li>(.*?)</li>", listed)]
    assert items[0] == "Bezirk 01: Nur S1 (2020)"
    assert items[1:] == [f"Bezirk {b:02d}: keine gespeicherte Index-Version" for b in range(2, 13)]


@pytest.mark.slow
def test_a_saved_kreis_index_keeps_its_parameters_and_never_changes(app, client, berlin_kreis):
    with app.test_request_context():
        _save_kommune_version(berlin_kreis.kommunen["Bezirk 01"], "MSS", INDEX)
    login(client, "kreis@berlin.example")
    reply = _save_kreis_index(client, berlin_kreis.kreis_id, "Kreisindex 2020")
    assert reply.status_code == 302, reply.get_data(as_text=True)[-1500:]
    page = reply.headers["Location"]
    with app.app_context():
        saved = db.session.query(KreisIndexVersion).one()
        params, n_rows = saved.params, len(saved.result)
    assert (params["year"], params["indicators"], n_rows) == (2020, INDEX, 542)
    assert params["kommune_versions"]["Bezirk 01"]["name"] == "MSS"
    assert params["kommune_versions"]["Bezirk 02"] is None
    before = _rows(client.get(page).get_data(as_text=True), "kreis-index-areas")
    whole = social_index(berlin_mss(), id_column="PLR_ID", indicators=INDEX).table
    expected = dict(zip(whole["PLR_ID"], whole["class_label"].fillna("–"), strict=True))
    assert {r[0].split(": ")[1]: r[3] for r in before} == expected
    # a Bezirk saves its first version later: the saved Kreis index still shows it had none
    with app.test_request_context():
        _save_kommune_version(berlin_kreis.kommunen["Bezirk 02"], "Später", INDEX)
    after = _rows(client.get(page).get_data(as_text=True), "kreis-index-areas")
    assert after == before
    assert {r[5] for r in after if r[0].startswith("Bezirk 02:")} == {"–"}
    again = _save_kreis_index(client, berlin_kreis.kreis_id, "Kreisindex 2020")
    assert "Es gibt schon einen Kreisindex „Kreisindex 2020“" in client.get(
        again.headers["Location"]
    ).get_data(as_text=True)


@pytest.mark.slow
def test_the_files_have_the_kreis_first_then_each_bezirk_and_every_area(app, client, berlin_kreis):
    login(client, "kreis@berlin.example")
    page = _save_kreis_index(client, berlin_kreis.kreis_id, "Kreisindex 2020").headers["Location"]
    kommunen = read_excel_csv(io.BytesIO(client.get(f"{page}/kommunen.csv").get_data()))
    mss = berlin_mss()
    whole = social_index(mss, id_column="PLR_ID", indicators=INDEX).table
    mss = mss.assign(index=whole["index"].to_numpy(), label=whole["class_label"].to_numpy())
    assert kommunen["Kommune"].tolist() == ["Berlin"] + [f"Bezirk {b:02d}" for b in range(1, 13)]
    groups = [mss, *(part for _b, part in mss.groupby("BEZ_ID", sort=True))]
    assert kommunen["Quartiere"].tolist() == [len(g) for g in groups]
    classes = [c for c in kommunen.columns if c.startswith("Quartiere in Klasse")]
    assert len(classes) == 4 and kommunen[classes].sum(axis=1).tolist() == [
        int(g["label"].notna().sum()) for g in groups
    ]
    for label in whole["class_label"].dropna().unique():
        column = f"Quartiere in Klasse „{label}“"
        assert kommunen[column].tolist() == [int((g["label"] == label).sum()) for g in groups]
    means = []
    for g in groups:
        both = g.dropna(subset=["index", "EW"])
        means.append(np.average(both["index"], weights=both["EW"]))
    column = "Kreisindex (Mittel gewichtet nach Bewohner:innen)"
    assert kommunen[column].to_numpy() == pytest.approx(np.array(means), abs=1e-9)
    areas = read_excel_csv(io.BytesIO(client.get(f"{page}/quartiere.csv").get_data()))
    assert len(areas) == 542 and areas["Kennung"].str.len().eq(8).all()  # codes stay text
    labels = dict(zip(mss["PLR_ID"], mss["label"].fillna(""), strict=True))
    assert dict(zip(areas["Kennung"], areas["Klasse im Kreis"].fillna(""), strict=True)) == labels
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{page}/kreisindex.xlsx").get_data()))
    assert book.sheetnames == ["Kommunen", "Quartiere", "Parameter"]
    assert book["Kommunen"].cell(2, 1).value == "Berlin"


@pytest.mark.slow
def test_saving_needs_a_name_and_indicators_and_only_the_kreis_planners_see_it(
    app, client, berlin_kreis
):
    login(client, "kreis@berlin.example")
    for name, index, sentence in (("", INDEX, "Bitte geben Sie dem Kreisindex einen Namen."),
                                  ("x", [], "Bitte wählen Sie die Indikatoren")):  # fmt: skip
        reply = _save_kreis_index(client, berlin_kreis.kreis_id, name, index)
        assert reply.status_code == 302
        assert sentence in client.get(reply.headers["Location"]).get_data(as_text=True)
    page = _save_kreis_index(client, berlin_kreis.kreis_id, "K").headers["Location"]
    client.post("/logout")
    other = app.test_client()
    login(other, "bezirk01@berlin.example")
    for suffix in ("", "/kommunen.csv", "/quartiere.csv", "/kreisindex.xlsx"):
        assert other.get(f"{page}{suffix}").status_code == 404, suffix


@pytest.mark.slow
def test_detaching_a_kommune_and_revoking_a_planner_leave_saved_versions_as_saved(
    app, client, runner, berlin_kreis
):
    login(client, "kreis@berlin.example")
    page = _save_kreis_index(client, berlin_kreis.kreis_id, "Kreisindex 2020").headers["Location"]
    saved_csv = client.get(f"{page}/quartiere.csv").get_data()
    with app.app_context():
        make_user("admin@berlin.example", "admin", [])
    admin = app.test_client()
    login(admin, "admin@berlin.example")
    form = {"kommunen": ["Bezirk 02"], "csrf_token": csrf_of(admin, ADMIN)}
    detached = admin.post(f"/planner/kreis/{berlin_kreis.kreis_id}/detach", data=form)
    assert detached.status_code == 302
    html = admin.get(ADMIN).get_data(as_text=True)
    assert "Bezirk 02 gelöst; gespeicherte Kreisindizes behalten sie." in html
    again = admin.post(f"/planner/kreis/{berlin_kreis.kreis_id}/detach", data=form)
    assert again.status_code == 302
    assert "Bezirk 02 gehört nicht zu Berlin." in admin.get(ADMIN).get_data(as_text=True)
    # The live Kreis page has lost Bezirk 02; the saved version reads and downloads as saved.
    live = client.get(f"/planner/kreis/{berlin_kreis.kreis_id}", query_string={"index": INDEX})
    rows = _rows(live.get_data(as_text=True), "kreis-index")
    assert rows and not any(r[0].startswith("Bezirk 02:") for r in rows)
    assert client.get(f"{page}/quartiere.csv").get_data() == saved_csv
    assert b"Bezirk 02" in saved_csv
    # Revoking on the CLI: the Kreis is gone for kreis@, Bezirk 01 (their own) stays theirs.
    args = ["kreis", "revoke", "--kreis", "Berlin", "kreis@berlin.example"]
    revoked = runner.invoke(args=args, env={"LANGUAGE": "en"})
    assert revoked.exit_code == 0 and "no longer plans for Berlin" in revoked.output
    assert client.get(f"/planner/kreis/{berlin_kreis.kreis_id}").status_code == 404
    bezirk = berlin_kreis.kommunen["Bezirk 01"]
    assert client.get(f"/planner/kommune/{bezirk}/catalogue").status_code == 200
    twice = runner.invoke(args=args, env={"LANGUAGE": "en"})
    assert twice.exit_code != 0 and "is not a planner of Berlin" in twice.output


def test_each_kommune_s_version_can_be_chosen_and_the_saved_kreis_index_keeps_it(
    app, client, berlin_kreis
):
    bezirk = berlin_kreis.kommunen["Bezirk 01"]
    with app.test_request_context():
        older = _save_kommune_version(bezirk, "Nur S1", ["S1"])
        newer = _save_kommune_version(bezirk, "MSS", INDEX)
        first_id = db.session.scalars(
            select(IndexVersion.id).where(IndexVersion.name == "Nur S1")
        ).one()
    assert older != newer  # the two versions class some Planungsräume differently
    login(client, "kreis@berlin.example")
    url = f"/planner/kreis/{berlin_kreis.kreis_id}"
    newest = client.get(url, query_string={"index": INDEX}).get_data(as_text=True)
    assert f'name="version-{bezirk}"' in newest
    shown = {r[0]: r[5] for r in _rows(newest, "kreis-index") if r[0] in newer}
    assert shown == newer
    query = {"index": INDEX, f"version-{bezirk}": first_id}
    chosen = client.get(url, query_string=query).get_data(as_text=True)
    assert {r[0]: r[5] for r in _rows(chosen, "kreis-index") if r[0] in older} == older
    assert f'<input type="hidden" name="version-{bezirk}" value="{first_id}">' in chosen
    form = {"name": "Mit Nur S1", "year": "2020", "index": INDEX, f"version-{bezirk}": first_id,
            "csrf_token": csrf_of(client, url)}  # fmt: skip
    assert client.post(f"{url}/index", data=form).status_code == 302
    with app.app_context():
        saved = db.session.scalars(select(KreisIndexVersion)).one()
        assert saved.params["kommune_versions"]["Bezirk 01"]["name"] == "Nur S1"
    # A number that is not one of the Bezirk's versions gets a sentence, not another's index.
    wrong = client.get(url, query_string={"index": INDEX, f"version-{bezirk}": 99999})
    assert "Bezirk 01 hat keine gespeicherte Indexversion mit der Nummer 99999." in wrong.get_data(
        as_text=True
    )
