"""QK_ALLOWED_ORIGINS is a list of exact origins: scheme, host and port, never substrings."""

from __future__ import annotations

import pytest

from app.core.config import allowed_origins, env_overrides, origin_of
from tests.support.app import make_app
from tests.support.factories import answer_payload
from tests.support.security import ALLOWED


def _post(client, survey, origin: str | None):
    headers = {} if origin is None else {"Origin": origin}
    return client.post("/api/v1/responses", json=answer_payload(survey), headers=headers)


@pytest.mark.parametrize(
    "origin",
    [
        ALLOWED,
        "https://beteiligung.stadt.example:443",  # the default port, written out
        "HTTPS://Beteiligung.Stadt.Example",  # scheme and host are case-insensitive
        "http://localhost",  # the app's own origin (the test client's host)
        None,  # apps and scripts send no Origin
    ],
)
def test_exact_origins_may_post(configured, client, survey, origin):
    assert _post(client, survey, origin).status_code == 201


@pytest.mark.parametrize(
    "origin",
    [
        "https://beteiligung.stadt",  # a substring of the configured value
        "https://stadt.example",
        "https://beteiligung.stadt.example.evil.example",
        "https://evil.example/https://beteiligung.stadt.example",
        "http://beteiligung.stadt.example",  # other scheme
        "https://beteiligung.stadt.example:8443",  # other port
        "https://localhost",  # own host, other scheme
        "http://localhost:8080",  # own host, other port
        "null",
        "file://",
        "",
    ],
)
def test_other_origins_are_refused(configured, client, survey, origin):
    reply = _post(client, survey, origin)
    assert reply.status_code == 403
    assert reply.get_json()["message"]


def test_the_public_address_counts_as_own_origin(app, client, survey):
    """Behind a TLS proxy the app sees http://…; QK_BASE_URL names its real origin."""
    app.config["QK_BASE_URL"] = "https://quartier.stadt.example"
    assert _post(client, survey, "https://quartier.stadt.example").status_code == 201
    assert _post(client, survey, "http://quartier.stadt.example").status_code == 403


def test_the_environment_gives_a_list_even_for_one_origin(monkeypatch):
    monkeypatch.setenv("QK_ALLOWED_ORIGINS", ALLOWED)
    assert env_overrides()["QK_ALLOWED_ORIGINS"] == [ALLOWED]
    monkeypatch.setenv("QK_ALLOWED_ORIGINS", f"{ALLOWED}, http://b.example:8080 ,")
    assert env_overrides()["QK_ALLOWED_ORIGINS"] == [ALLOWED, "http://b.example:8080"]
    assert allowed_origins(env_overrides()["QK_ALLOWED_ORIGINS"]) == {
        ("https", "beteiligung.stadt.example", 443),
        ("http", "b.example", 8080),
    }


@pytest.mark.parametrize(
    "bad",
    [
        "beteiligung.stadt.example",
        "https://beteiligung.stadt.example/umfrage",
        "ftp://beteiligung.stadt.example",
        "https://user@beteiligung.stadt.example",
        "https://beteiligung.stadt.example:99999",
    ],
)
def test_a_malformed_origin_stops_the_start_with_a_sentence(database_url, tmp_path, bad):
    with pytest.raises(ValueError, match="QK_ALLOWED_ORIGINS"):
        make_app(database_url, tmp_path, QK_ALLOWED_ORIGINS=[ALLOWED, bad])


def test_origin_of_normalises_default_ports():
    assert origin_of("http://a.example") == origin_of("http://A.example:80/")
    assert origin_of("https://a.example:443") == ("https", "a.example", 443)
    assert origin_of("https://a.example:80") != origin_of("https://a.example")
    assert origin_of("null") is None and origin_of("https://:443") is None
