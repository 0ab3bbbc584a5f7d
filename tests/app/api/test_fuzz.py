"""Thousands of generated bodies against POST /api/v1/responses, on each backend.

Bodies come from the OpenAPI schema, from valid bodies with things broken, and from JSON text
cut, nested or spoilt. For each, an independent reference (``tests/support/answer_reference``)
says what the API must answer and which rows it must add; the test asserts it did exactly that:
never a 5xx, a 2xx only for a body that fits the schema and the reference, and the database
changed only for an answer the reference stores.
"""

from __future__ import annotations

import uuid
from collections import Counter

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from tests.support.answer_reference import Verdict, World, shape_ok, verdict
from tests.support.app import ROOT
from tests.support.factories import count_rows
from tests.support.fuzz_bodies import broken_texts, encode, from_schema, mutated

URL = "/api/v1/responses"
SPEC = ROOT / "app" / "api" / "openapi.yaml"
#: Bodies per backend (generating one takes Hypothesis about 40 ms, sending it 5–20 ms).
EXAMPLES = 1000


SCHEMA = yaml.safe_load(SPEC.read_text(encoding="utf-8"))["components"]["schemas"]["Submission"]
MOSTLY = st.sampled_from([True, True, True, True, False])
#: The schema allows any whole number within ±1,000; the survey's themes take 1–7.
SCORES = st.one_of(st.integers(1, 7), st.none(), st.just("na"))


@st.composite
def answers(draw, world: World, schema_bodies: st.SearchStrategy) -> dict:
    """Bodies valid under the schema, most of them with the survey's real link, Quartier, themes."""
    body = draw(schema_bodies)
    _real_link(draw, body, world)
    _real_content(draw, body, sorted(world.themes))
    return body


def _real_link(draw, body: dict, world: World) -> None:
    if draw(MOSTLY):
        body["token"] = draw(st.sampled_from(sorted(world.tokens)))
    if draw(MOSTLY):
        body["area"] = draw(st.sampled_from(sorted(world.areas)))
    if draw(MOSTLY):
        body.pop("role", None)
    if draw(MOSTLY):  # Hypothesis repeats a few UUIDs often: repeats stay, but fewer
        body["uuid"] = str(uuid.uuid4())
    if world.stored and not draw(MOSTLY):  # a phone sending an answer again
        body["uuid"] = draw(st.sampled_from(sorted(world.stored)))
    if world.tokens.get(body["token"]) == "group" and draw(MOSTLY):
        body.setdefault("group", {"code": "Tisch 1", "size": draw(st.integers(2, 500))})


def _real_content(draw, body: dict, themes: list[str]) -> None:
    for part in ("ratings", "comments"):
        if part in body and draw(MOSTLY):
            body[part] = {themes[n % len(themes)]: v for n, v in enumerate(body[part].values())}
    if "ratings" in body and draw(MOSTLY):
        body["ratings"] = {slug: draw(SCORES) for slug in body["ratings"]}
    if not body.get("ratings") and draw(MOSTLY):
        body["ratings"] = draw(st.dictionaries(st.sampled_from(themes), SCORES, min_size=1))


def bodies(world: World) -> st.SearchStrategy:
    valid = answers(world, from_schema(SCHEMA))
    return st.one_of(valid, mutated(valid), mutated(valid), broken_texts(valid))


@pytest.mark.slow
def test_no_generated_body_gets_a_5xx_or_changes_the_database_unless_valid(app, client, survey):
    app.config["QK_RATE_LIMIT_ANSWERS"] = 0  # thousands of answers from one address
    world = World(
        tokens={survey.resident: "resident", survey.expert: "expert", survey.group: "group"},
        areas=set(survey.area_codes),
        themes=set(survey.themes),
    )
    validator = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    statuses: Counter[int] = Counter()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        # The database remembers earlier examples, so a replay while shrinking is not the same
        # test: the failing body is reported as generated.
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(bodies(world))
    def send(body):
        data = body if isinstance(body, bytes) else encode(body)
        expected = Verdict(400) if isinstance(body, bytes) else verdict(body, world)
        with app.app_context():
            before = count_rows()
        reply = client.post(URL, data=data, content_type="application/json")
        with app.app_context():
            after = count_rows()
        statuses[reply.status_code] += 1
        assert reply.status_code < 500, reply.get_data(as_text=True)
        assert reply.status_code == expected.status, reply.get_json()
        if reply.status_code < 300:
            assert shape_ok(body) and validator.is_valid(body)
        assert tuple(a - b for a, b in zip(after, before, strict=True)) == expected.rows

    send()
    # The run must have reached every outcome often, or it tested little.
    assert sum(statuses.values()) >= EXAMPLES
    for status, share in ((201, 10), (400, 10), (200, 50), (404, 100)):
        assert statuses[status] >= EXAMPLES // share, statuses
