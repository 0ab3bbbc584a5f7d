"""`flask demo` creates a planner and a moderator for Musterstadt and prints how to log in."""

from __future__ import annotations

from tests.support.workspace import login


def test_demo_prints_working_staff_logins(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "/login" in result.output
    lines = [line for line in result.output.splitlines() if "password:" in line]
    assert len(lines) == 2
    for line in lines:
        role, email, _label, password = line.split()
        client = app.test_client()
        assert login(client, email, password).status_code == 302
        home = "/planner/" if role == "planner" else "/moderator/"
        assert "Musterstadt" in client.get(home).get_data(as_text=True)
    # Running it again adds nothing and still prints the logins.
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and again.output.count("password:") == 2
