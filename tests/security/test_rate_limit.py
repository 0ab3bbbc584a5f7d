"""The survey and the API take at most N answers per client network and window, keeping nothing.

The attack (issue 8 §4): 100 fake answers in 3 s from one client lift small groups over k.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from app.core import clients, ratelimit
from tests.support.abuse import advance_clock, app_with, post_json, run_together
from tests.support.factories import answer_payload, count_rows, hidden_fields

LIMIT = 30  # the default: a walk group of 25 behind one phone hotspot fits, with room to spare


def send(client, survey, address="198.51.100.7", **headers):
    return client.post(
        "/api/v1/responses",
        json=answer_payload(survey),
        headers=headers,
        environ_base={"REMOTE_ADDR": address},
    )


def test_the_default_lets_a_walk_group_answer_and_stops_the_31st(app, client, survey):
    assert app.config["QK_RATE_LIMIT_ANSWERS"] == LIMIT
    assert app.config["QK_RATE_LIMIT_SECONDS"] == 600
    for _ in range(LIMIT):
        assert send(client, survey).status_code == 201
    refused = send(client, survey)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 600
    assert "Bitte senden Sie sie in 10 Minuten noch einmal" in refused.get_json()["message"]
    with app.app_context():
        assert count_rows()[0] == LIMIT  # the refused answer stored nothing


def test_another_network_is_not_affected_and_the_window_slides(app, client, survey):
    for _ in range(LIMIT):
        assert send(client, survey).status_code == 201
    assert send(client, survey).status_code == 429
    assert send(client, survey, address="203.0.113.20").status_code == 201
    advance_clock(app, 601)
    assert send(client, survey).status_code == 201


def test_an_ipv6_client_cannot_escape_by_changing_its_address_within_its_64(app, client, survey):
    for number in range(LIMIT):
        assert send(client, survey, address=f"2001:db8:1:2::{number + 1:x}").status_code == 201
    assert send(client, survey, address="2001:db8:1:2:ffff::9").status_code == 429
    assert send(client, survey, address="2001:db8:1:3::1").status_code == 201


def test_repeats_and_refused_answers_use_no_slot(app, client, survey):
    app.config["QK_RATE_LIMIT_ANSWERS"] = 3
    broken = answer_payload(survey, ratings={"moving": 9})
    for _ in range(5):
        assert client.post("/api/v1/responses", json=broken).status_code == 400
    first = answer_payload(survey)
    assert client.post("/api/v1/responses", json=first).status_code == 201
    for _ in range(5):  # the offline queue retrying an answer that already arrived
        assert client.post("/api/v1/responses", json=first).status_code == 200
    assert send(client, survey, address="127.0.0.1").status_code == 201
    assert send(client, survey, address="127.0.0.1").status_code == 201
    assert send(client, survey, address="127.0.0.1").status_code == 429


def test_x_forwarded_for_is_ignored_unless_the_deployment_names_a_proxy(app, client, survey):
    app.config["QK_RATE_LIMIT_ANSWERS"] = 2
    for number in range(2):
        assert send(client, survey, **{"X-Forwarded-For": f"192.0.2.{number}"}).status_code == 201
    assert send(client, survey, **{"X-Forwarded-For": "192.0.2.99"}).status_code == 429


#: A proxy on another machine, named in QK_TRUSTED_PROXIES.
PROXY = {"QK_PROXY_FIX": 1, "QK_TRUSTED_PROXIES": ["10.0.0.0/24"], "QK_RATE_LIMIT_ANSWERS": 2}


def _through(client, info, claimed: str, peer: str):
    return client.post(
        "/api/v1/responses",
        json=answer_payload(info),
        headers={"X-Forwarded-For": claimed},
        environ_base={"REMOTE_ADDR": peer},
    )


def test_behind_a_named_proxy_the_address_it_saw_counts(database_url, tmp_path, survey_in):
    with app_with(database_url, tmp_path, **PROXY) as app:
        info = survey_in(app)
        client = app.test_client()

        def through_proxy(real: str, spoofed: str):
            # The proxy appends the address it saw to whatever the client claimed.
            return _through(client, info, f"{spoofed}, {real}", "10.0.0.1")

        for real in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
            for number in range(2):
                assert through_proxy(real, f"203.0.113.{number}").status_code == 201
        # A new claim in front does not make a new client.
        assert through_proxy("192.0.2.1", "203.0.113.99").status_code == 429


def test_a_client_around_the_proxy_cannot_claim_other_addresses(database_url, tmp_path, survey_in):
    """QK_PROXY_FIX is set, but the request comes from a peer that is not the named proxy (the
    app's port reached around it): its X-Forwarded-For is removed, the peer itself counts."""
    with app_with(database_url, tmp_path, **PROXY) as app:
        info = survey_in(app)
        client = app.test_client()
        for number in range(2):
            assert _through(client, info, f"192.0.2.{number}", "198.51.100.7").status_code == 201
        assert _through(client, info, "192.0.2.77", "198.51.100.7").status_code == 429
        # The proxy itself still passes on the clients' addresses.
        assert _through(client, info, "192.0.2.77", "10.0.0.1").status_code == 201


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("de", "Bitte senden Sie sie in"),
        ("en", "Please send them again in"),
        ("tr", "Lütfen"),
        ("ar", "يرجى إرسالها"),
        ("uk", "надішліть їх ще раз"),
    ],
)
def test_the_refusal_is_a_sentence_in_the_residents_language(app, client, survey, lang, words):
    app.config["QK_RATE_LIMIT_ANSWERS"] = 1
    assert send(client, survey).status_code == 201
    reply = client.post(
        f"/api/v1/responses?lang={lang}",
        json=answer_payload(survey),
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert reply.status_code == 429
    assert words in reply.get_json()["message"]


def test_the_form_says_so_keeps_every_answer_and_sends_retry_after(app, client, survey):
    app.config["QK_RATE_LIMIT_ANSWERS"] = 1
    assert send(client, survey, address="127.0.0.1").status_code == 201
    url = f"/s/{survey.resident}/1%20a?lang=en"
    hidden = hidden_fields(client.get(url).get_data(as_text=True))
    data = {**hidden, "score-moving": "3", "good-nature": "Kept comment about the park"}
    reply = client.post(url, data=data)
    assert reply.status_code == 429
    assert int(reply.headers["Retry-After"]) >= 1
    page = reply.get_data(as_text=True)
    assert "Many answers have just arrived from your network" in page
    assert "Kept comment about the park" in page
    assert 'name="score-moving" value="3" checked' in page
    with app.app_context():
        assert count_rows()[0] == 1


def test_many_parallel_answers_from_one_client_store_exactly_the_limit(app, survey, live_url):
    url = f"{live_url}/api/v1/responses"
    statuses = run_together(lambda _i: post_json(url, answer_payload(survey))[0], LIMIT + 10)
    assert Counter(statuses) == {201: LIMIT, 429: 10}
    with app.app_context():
        assert count_rows()[0] == LIMIT


def test_the_limiter_keeps_no_address(app, client, survey):
    address = "198.51.100.77"
    for _ in range(3):
        send(client, survey, address=address)
    answers = app.extensions[ratelimit.EXTENSION].answers
    keys = list(answers._events)
    assert keys and all(isinstance(key, bytes) and len(key) == 32 for key in keys)
    assert not any(address.encode() in key for key in keys)
    # The salt is made per process and kept nowhere: not in the config, not in instance/.
    assert clients._SALT.hex() not in repr(dict(app.config))
    for path in Path(app.instance_path).rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert clients._SALT not in content and clients._SALT.hex().encode() not in content


def test_the_window_forgets_idle_clients_and_stays_bounded():
    now = [0.0]
    window = ratelimit.SlidingWindow(clock=lambda: now[0], max_keys=100)
    for number in range(1000):
        window.take(number.to_bytes(4, "big"), limit=5, seconds=60)
    assert len(window) <= 100
    now[0] = 120.0
    window.take(b"late", limit=5, seconds=60)
    assert window.count(b"late", 60) == 1
    assert window.count((999).to_bytes(4, "big"), 60) == 0
