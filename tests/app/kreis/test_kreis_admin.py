"""Setting up a Kreis on the web (admins only): create it, attach Kommunen, grant a Kreis planner
– the same service as ``flask kreis``, with its sentences when something cannot be done."""

from __future__ import annotations

from sqlalchemy import select

from app.core.extensions import db
from app.models import Kreis
from tests.support.workspace import csrf_of, login, make_user

ADMIN = "/planner/kreise/admin"


def _post(client, url: str, **data) -> str:
    data["csrf_token"] = csrf_of(client, ADMIN)
    reply = client.post(url, data=data)
    assert reply.status_code == 302 and reply.headers["Location"].endswith(ADMIN)
    return client.get(ADMIN).get_data(as_text=True)


def _kreis_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Kreis.id).where(Kreis.name == name))


def test_an_admin_sets_up_a_kreis_and_its_planner_then_sees_it(app, client, runner):
    with app.app_context():
        make_user("admin@kreis.example", "admin", [])
        make_user("plan@haan.example", "planner", ["Haan"])
        make_user("plan@hilden.example", "planner", ["Hilden"])
        make_user("mod@haan.example", "moderator", ["Haan"])
    login(client, "admin@kreis.example")
    html = _post(client, f"{ADMIN}/create", name="Kreis Mettmann")
    assert "Kreis „Kreis Mettmann“ angelegt." in html
    kreis_id = _kreis_id(app, "Kreis Mettmann")
    html = _post(client, f"/planner/kreis/{kreis_id}/attach", kommunen=["Haan", "Hilden"])
    assert "Kreis Mettmann: Haan, Hilden" in html
    html = _post(client, f"/planner/kreis/{kreis_id}/grant", email="plan@haan.example")
    assert "plan@haan.example" in html
    # the same service as the CLI: the CLI now sees what the web did
    reply = runner.invoke(args=["kreis", "attach", "--kreis", "Kreis Mettmann", "Haan"],
                          env={"LANGUAGE": "en"})  # fmt: skip
    assert reply.exit_code == 0 and "Kreis Mettmann: Haan, Hilden." in reply.output
    planner = app.test_client()
    login(planner, "plan@haan.example")
    assert planner.get(f"/planner/kreis/{kreis_id}").status_code == 200
    hilden = app.test_client()
    login(hilden, "plan@hilden.example")  # planner of a Kommune of the Kreis, not of the Kreis
    assert hilden.get(f"/planner/kreis/{kreis_id}").status_code == 404
    assert hilden.get(ADMIN).status_code == 403

    refused = [
        (f"{ADMIN}/create", {"name": "Kreis Mettmann"}, "Es gibt bereits einen Kreis"),
        (f"{ADMIN}/create", {"name": "  "}, "Bitte geben Sie dem Kreis einen Namen."),
        (f"/planner/kreis/{kreis_id}/grant", {"email": "niemand@x.example"},
         "Es gibt kein Konto niemand@x.example."),
        (f"/planner/kreis/{kreis_id}/grant", {"email": "mod@haan.example"},
         "Nur Planer:innen"),
        (f"/planner/kreis/{kreis_id}/attach", {"kommunen": ["Nirgendwo"]},
         "Es gibt keine Kommune"),
        (f"/planner/kreis/{kreis_id}/attach", {}, "Bitte wählen Sie mindestens eine Kommune."),
    ]  # fmt: skip
    for url, data, sentence in refused:
        assert sentence in _post(client, url, **data), (url, data)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Kreis.id))) == 1


def test_a_kommune_of_another_kreis_is_not_moved(app, client):
    with app.app_context():
        make_user("admin@kreis.example", "admin", [])
        make_user("plan@haan.example", "planner", ["Haan"])
    login(client, "admin@kreis.example")
    _post(client, f"{ADMIN}/create", name="Kreis A")
    _post(client, f"{ADMIN}/create", name="Kreis B")
    first, second = _kreis_id(app, "Kreis A"), _kreis_id(app, "Kreis B")
    _post(client, f"/planner/kreis/{first}/attach", kommunen=["Haan"])
    html = _post(client, f"/planner/kreis/{second}/attach", kommunen=["Haan"])
    assert "Haan gehört bereits zu Kreis A." in html
    assert 'id="attach-' not in html  # no Kommune left to attach
