"""Staff accounts: scrypt hashes, login, logout ending the session, throttling, CLI."""

from __future__ import annotations

from sqlalchemy import select

from app.core import ratelimit
from app.core.extensions import db
from app.models import LoginCounter, User
from tests.support.workspace import PASSWORD, csrf_of, login, make_user


def test_password_is_stored_as_scrypt_hash(app):
    with app.app_context():
        make_user("Plan@Example.org", "planner", ["Teststadt"])
        user = db.session.scalar(select(User))
        assert user.email == "plan@example.org"
        assert user.password_hash.startswith("scrypt:")
        assert PASSWORD not in user.password_hash
        assert [k.name for k in user.kommunen] == ["Teststadt"]


def test_login_then_planner_home(app, client):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
    assert client.get("/planner/").status_code == 302
    response = login(client, "plan@example.org")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/planner/")
    page = client.get("/planner/")
    assert page.status_code == 200
    assert "Teststadt" in page.get_data(as_text=True)


def test_wrong_password_is_refused_with_a_sentence(app, client):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
    response = login(client, "plan@example.org", "wrong password!")
    assert response.status_code == 401
    assert "E-Mail-Adresse oder Passwort ist falsch" in response.get_data(as_text=True)
    assert client.get("/planner/").status_code == 302


def test_login_without_csrf_token_is_refused(app, client):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
    response = client.post("/login", data={"email": "plan@example.org", "password": PASSWORD})
    assert response.status_code in (200, 400, 401)
    assert client.get("/planner/").status_code == 302


def test_next_parameter_only_leads_within_the_site(app, client):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
    token = csrf_of(client, "/login")
    response = client.post(
        "/login?next=//evil.example/x",
        data={"email": "plan@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert "evil.example" not in response.headers["Location"]


def test_logout_ends_the_session_on_the_server(app, client):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
    login(client, "plan@example.org")
    stolen = client.get_cookie("session").value
    token = csrf_of(client, "/planner/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/planner/").status_code == 302
    # The cookie captured before logout is replayed by another client: refused.
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/planner/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
    other = app.test_client()
    login(other, "plan@example.org")
    login(client, "plan@example.org")
    token = csrf_of(client, "/account/password")
    response = client.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "new": "a new long password",
            "confirm": "a new long password",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    assert client.get("/planner/").status_code == 200
    assert other.get("/planner/").status_code == 302
    client.post("/logout", data={"csrf_token": csrf_of(client, "/planner/")})
    assert login(client, "plan@example.org", "a new long password").status_code == 302


def test_password_change_with_wrong_current_password_changes_nothing(app, client):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
    login(client, "plan@example.org")
    token = csrf_of(client, "/account/password")
    response = client.post(
        "/account/password",
        data={
            "current": "nope nope nope",
            "new": "x" * 12,
            "confirm": "x" * 12,
            "csrf_token": token,
        },
    )
    assert "Das aktuelle Passwort ist falsch" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User)).check_password(PASSWORD)


def test_five_failures_make_this_client_wait_for_a_while(app, client):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
    for _ in range(5):
        assert login(client, "plan@example.org", "wrong").status_code == 401
    # Now even the right password is refused from here, with a clear message.
    response = login(client, "plan@example.org")
    assert response.status_code == 401
    assert "Zu viele" in response.get_data(as_text=True)
    assert client.get("/planner/").status_code == 302
    # The account's failures are counted in the database (shared by all processes) …
    with app.app_context():
        assert db.session.scalar(select(LoginCounter.failures)) == 5
    # … and once the window has passed, login works again.
    logins = app.extensions[ratelimit.EXTENSION].logins
    start = logins.clock()
    logins.clock = lambda: start + 16 * 60
    assert login(client, "plan@example.org").status_code == 302


def test_unknown_addresses_are_throttled_too(app, client):
    for _ in range(5):
        login(client, "nobody@example.org", "wrong")
    response = login(client, "nobody@example.org", "wrong")
    assert "Zu viele" in response.get_data(as_text=True)


def test_cli_creates_user_with_generated_password(app, runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "mod@example.org",
            "--role",
            "moderator",
            "--kommune",
            "Teststadt",
            "--create-kommune",
            "--generate-password",
        ]
    )
    assert result.exit_code == 0, result.output
    password = result.output.split("(shown only now): ")[1].strip()
    client = app.test_client()
    assert login(client, "mod@example.org", password).status_code == 302
    assert client.get("/moderator/").status_code == 200


def test_cli_reads_password_from_stdin_and_checks_kommune(app, runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "p@example.org",
            "--role",
            "planner",
            "--kommune",
            "Nirgendwo",
            "--password-stdin",
        ],
        input="long enough password\n",
    )
    assert result.exit_code != 0
    assert "Nirgendwo" in result.output
    result = runner.invoke(
        args=[
            "users",
            "create",
            "p@example.org",
            "--role",
            "planner",
            "--kommune",
            "Nirgendwo",
            "--create-kommune",
            "--password-stdin",
        ],
        input="long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert login(app.test_client(), "p@example.org", "long enough password").status_code == 302
    short = runner.invoke(
        args=["users", "create", "q@example.org", "--role", "admin", "--password-stdin"],
        input="short\n",
    )
    assert short.exit_code != 0
