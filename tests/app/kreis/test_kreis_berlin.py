"""Berlin's 12 Bezirke as the Kommunen of a Kreis: the pages against an independent computation
on the published MSS file (542 Planungsräume, EW, S1, S3, S4)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from babel.numbers import format_decimal

from analysis.stats.index import social_index
from analysis.stats.similarity import similar_areas
from app.core.extensions import db
from app.models import Kommune, Kreis
from app.services import index_versions
from app.services import kreis as kreis_data
from tests.support.data import berlin_mss
from tests.support.workspace import login


def _german(value: float, decimals: int) -> str:
    return format_decimal(value, format="#,##0." + "0" * decimals if decimals else "#,##0",
                          locale="de")  # fmt: skip


def _rows(html: str, table_id: str) -> list[list[str]]:
    body = html.split(f'id="{table_id}"')[1].split("<tbody>")[1].split("</tbody>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S) for row in rows]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in row] for row in cells]


def _expected() -> pd.DataFrame:
    """Per Bezirk, computed here from the file: areas, residents, S3 weighted by residents."""
    mss = berlin_mss()
    rows = []
    for bezirk, part in [("Berlin", mss), *mss.groupby("BEZ_ID", sort=True)]:
        both = part.dropna(subset=["S3", "EW"])
        rows.append({"name": bezirk if bezirk == "Berlin" else f"Bezirk {bezirk}",
                     "n": len(part), "EW": part["EW"].sum(),
                     "S3": np.average(both["S3"], weights=both["EW"])})  # fmt: skip
    return pd.DataFrame(rows)


@pytest.mark.slow
def test_the_kreis_page_shows_each_bezirk_as_computed_from_the_file(app, client, berlin_kreis):
    login(client, "kreis@berlin.example")
    url = f"/planner/kreis/{berlin_kreis.kreis_id}"
    html = client.get(url, query_string={"indicator": "S3"}).get_data(as_text=True)
    rows = _rows(html, "aggregates")
    header = re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", html.split('id="aggregates"')[1])
    s3 = header.index("S3")
    expected = _expected()
    assert [r[0] for r in rows] == expected["name"].tolist()  # the Kreis in the first row
    assert [r[1] for r in rows] == [str(n) for n in expected["n"]]
    assert [r[2] for r in rows] == [_german(v, 0) for v in expected["EW"]]
    assert [r[s3] for r in rows] == [_german(v, 2) for v in expected["S3"]]

    mss = berlin_mss().dropna(subset=["S3", "EW"])
    mean = np.average(mss["S3"], weights=mss["EW"])
    total = np.average((mss["S3"] - mean) ** 2, weights=mss["EW"])
    means = mss.groupby("BEZ_ID").apply(lambda g: np.average(g["S3"], weights=g["EW"]))
    weights = mss.groupby("BEZ_ID")["EW"].sum()
    between = float((weights * (means - mean) ** 2).sum() / weights.sum())
    share = _german(100 * between / total, 1)
    assert f"{share} % lie between the Kommunen" in html or f"{share} % zwischen" in html
    assert 'role="img"' in html and "aria-label=" in html
    with app.app_context():
        data = kreis_data.kreis_table(db.session.get(Kreis, berlin_kreis.kreis_id), 2020)
        parts = kreis_data.within_between(data, "S3")
    assert parts.between == pytest.approx(between) and parts.total == pytest.approx(total)
    assert parts.between + parts.within == pytest.approx(parts.total)
    assert parts.within > parts.between  # differences within the Bezirke are larger


@pytest.mark.slow
def test_the_kreis_index_is_the_index_over_all_areas_next_to_each_bezirks_own(
    app, client, berlin_kreis
):
    own = {}
    with app.test_request_context():  # each Bezirk saves its own index version first
        for name, kommune_id in berlin_kreis.kommunen.items():
            kommune = db.session.get(Kommune, kommune_id)
            result = index_versions.compute_index(kommune, ["S1", "S3", "S4"], 2020)
            settings = {"indicators": ["S1", "S3", "S4"], "year": 2020, "options": {}}
            index_versions.save_version(kommune, "MSS", settings, result)
            labels = result.table["class_label"].fillna("–")
            own.update(zip(name + ": " + result.table["area_code"], labels, strict=True))
    login(client, "kreis@berlin.example")
    url = f"/planner/kreis/{berlin_kreis.kreis_id}"
    html = client.get(url, query_string={"index": ["S1", "S3", "S4"]}).get_data(as_text=True)
    rows = _rows(html, "kreis-index")
    assert len(rows) == 542
    assert {r[0]: r[5] for r in rows} == own  # the saved versions, as saved
    whole = social_index(berlin_mss(), id_column="PLR_ID", indicators=["S1", "S3", "S4"]).table
    pairs = zip(berlin_mss()["BEZ_ID"], whole["PLR_ID"], whole["class_label"], strict=True)
    expected = {f"Bezirk {b}: {code}": label if isinstance(label, str) else "–"
                for b, code, label in pairs}  # fmt: skip
    assert {r[0]: r[3] for r in rows} == expected
    differ = sum(r[3] != r[5] for r in rows)  # the Bezirk's own scale moves some classes
    assert 0 < differ < 542


@pytest.mark.slow
def test_similar_areas_across_the_kreis_and_a_bezirks_profile(app, client, berlin_kreis):
    login(client, "kreis@berlin.example")
    base = f"/planner/kreis/{berlin_kreis.kreis_id}"
    area = "Bezirk 01: 01100101"
    query = {"area": area, "indicators": ["S1", "S3", "S4"], "year": "2020"}
    html = client.get(f"{base}/similar", query_string=query).get_data(as_text=True)
    found = [r[0] for r in _rows(html, "similar")]
    mss = berlin_mss().assign(area=lambda t: "Bezirk " + t["BEZ_ID"] + ": " + t["PLR_ID"])
    expected = similar_areas(mss, id_column="area", area=area, indicators=["S1", "S3", "S4"])
    assert found == expected["area"].tolist()
    assert len({a.split(":")[0] for a in found}) > 1  # similar areas lie in other Bezirke

    bezirk = berlin_kreis.kommunen["Bezirk 05"]
    page = client.get(f"{base}/kommune/{bezirk}", query_string={"index": ["S1", "S3", "S4"]})
    html = page.get_data(as_text=True)
    position = {r[0]: r for r in _rows(html, "position")}
    ranks = _expected().iloc[1:].set_index("name")["S3"].rank(ascending=False, method="min")
    assert position["S3"][3] == str(int(ranks["Bezirk 05"]))
    assert len(_rows(html, "profile-index")) == (berlin_mss()["BEZ_ID"] == "05").sum()


@pytest.mark.slow
def test_kreis_planners_see_every_bezirk_and_a_bezirks_planner_only_its_own(
    app, client, berlin_kreis
):
    one, two = berlin_kreis.kommunen["Bezirk 01"], berlin_kreis.kommunen["Bezirk 02"]
    kreis = f"/planner/kreis/{berlin_kreis.kreis_id}"
    login(client, "kreis@berlin.example")
    for kommune in (one, two):
        assert client.get(f"/planner/kommune/{kommune}/index").status_code == 200
    assert client.get(kreis).status_code == 200
    assert "Bezirk 12" in client.get("/planner/").get_data(as_text=True)
    client.post("/logout")
    client = app.test_client()
    login(client, "bezirk01@berlin.example")
    assert client.get(f"/planner/kommune/{one}/index").status_code == 200
    assert client.get(f"/planner/kommune/{two}/index").status_code == 404
    for url in (kreis, f"{kreis}/similar", f"{kreis}/kommune/{one}"):
        assert client.get(url).status_code == 404, url


@pytest.mark.slow
def test_odd_queries_get_a_sentence_never_an_error_page(app, client, berlin_kreis):
    login(client, "kreis@berlin.example")
    base = f"/planner/kreis/{berlin_kreis.kreis_id}"
    odd = {"year": "<script>", "indicator": "'; DROP TABLE kreis", "index": ["<b>x</b>", "S9"]}
    reply = client.get(base, query_string=odd)
    html = reply.get_data(as_text=True)
    assert reply.status_code == 200 and "<b>x</b>" not in html and "&lt;b&gt;x" in html
    assert "keine Werte von &lt;b&gt;x&lt;/b&gt; für 2020" in html  # the newest year
    unknown = {"area": "Bezirk 99: 1", "indicators": ["S1"]}
    html = client.get(f"{base}/similar", query_string=unknown).get_data(as_text=True)
    assert 'role="alert"' in html and "kein Quartier Bezirk 99: 1" in html
    assert 'name="indicators"' in html  # the form stays to try again
    assert client.get(f"{base}/kommune/999999").status_code == 404
    assert client.get("/planner/kreis/999999").status_code == 404
