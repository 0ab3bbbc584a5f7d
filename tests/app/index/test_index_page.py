"""The index page: coverage of each survey before saving, renaming, comparing, deleting."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.core.extensions import db
from app.models import IndexVersion
from app.services.demo import create_demo_accounts, load_demo
from tests.support.index import musterstadt, small_survey
from tests.support.workspace import csrf_of, login

PLANNER = ("planung@musterstadt.example", "Musterstadt-Planung")


def _rows(html: str, table_id: str) -> list[str]:
    body = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    rows = [re.sub(r"<[^>]+>", " ", "<tr" + row) for row in body.split("<tr")[2:]]
    return [" ".join(row.split()) for row in rows]


def test_the_planner_sees_each_surveys_coverage_before_saving_and_manages_versions(app, client):
    with app.test_request_context():
        load_demo()
        create_demo_accounts()
        small_survey(["2", "3 a", "3 b", "4"], answers_per_area=1)
        kommune_id = musterstadt().id
    login(client, *PLANNER)
    url = f"/planner/kommune/{kommune_id}/index"
    form = {"csrf_token": csrf_of(client, url), "indicators": ["sgb2_quote"], "year": "2023"}
    form.update(method="z-sum-z", classes="sd", min_population="4000")
    html = client.post(url, data=form).get_data(as_text=True)
    coverage = _rows(html, "coverage")
    # Nordcheck: only 3 a, 3 b and 2 have at least 4,000 residents -> 3 of 4, usable.
    assert coverage[0] == "Nordcheck 2026 3 von 4 ja"
    assert coverage[1].endswith("7 von 12 ja")
    form.update(min_population="5000")
    html = client.post(url, data=form).get_data(as_text=True)
    assert (
        " ".join(_rows(html, "coverage")[0].split())
        == "Nordcheck 2026 2 von 4 nein – zu wenige Quartiere"
    )
    assert client.post(url, data=dict(form, save="1", name="Groß")).status_code == 302
    form.update(min_population="", year="2024")
    assert client.post(url, data=dict(form, save="1", name="Alle 2024")).status_code == 302
    page = client.get(url).get_data(as_text=True)
    surveys = _rows(page, "surveys")
    assert surveys[0].startswith("Nordcheck 2026 Alle 2024 (automatisch)")
    with app.app_context():
        big, every = (
            db.session.scalar(select(IndexVersion.id).where(IndexVersion.name == name))
            for name in ("Groß", "Alle 2024")
        )
    # The version that covers too few of Nordcheck cannot be chosen there.
    assert f'<option value="{big}"  disabled>' in page.split('id="surveys"')[1].split("</tr>")[1]
    token = csrf_of(client, url)
    compare = client.get(f"{url}/compare?first={big}&second={every}").get_data(as_text=True)
    assert "Quartiere wechseln die Klasse" in compare and 'id="comparison"' in compare
    refused = client.post(f"{url}/versions/{every}/delete", data={"csrf_token": token})
    assert refused.status_code == 302
    assert "wird von diesen Befragungen genutzt" in client.get(url).get_data(as_text=True)
    client.post(f"{url}/versions/{big}/rename", data={"csrf_token": token, "name": "Große"})
    client.post(f"{url}/versions/{big}/delete", data={"csrf_token": token})
    with app.app_context():
        assert list(db.session.scalars(select(IndexVersion.name))) == ["Alle 2024"]
    assert client.post(f"{url}/versions/9999/delete", data={"csrf_token": token}).status_code == 404
    other = client.post(f"{url}/surveys/9999", data={"csrf_token": token, "version": str(every)})
    assert other.status_code == 404
