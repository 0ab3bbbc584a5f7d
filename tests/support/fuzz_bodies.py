"""Hypothesis strategies for answer bodies: from the OpenAPI schema, and valid ones mutated.

``from_schema`` walks the schema itself (hypothesis-jsonschema no longer runs on current
Hypothesis), so a new field or rule in ``app/api/openapi.yaml`` is generated without a change
here. ``mutated`` takes a valid body and breaks it the ways the load tests found: wrong types,
unicode of every category, control characters, huge numbers, deep nesting, missing and extra keys.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from hypothesis import strategies as st

#: Strings that look like digits to a human or to str.isdigit(), but are no JSON integers.
DIGIT_LIKE = ["--5", "²", "⑦", "٣", "７", "5" * 4301, "5", "-0", "0x5", "5e0", "½", "Ⅶ"]


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy:
    """Values valid under ``schema`` (the subset of JSON Schema the answer uses)."""
    if "oneOf" in schema:
        return st.one_of([from_schema(option) for option in schema["oneOf"]])
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "null":
        return st.none()
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kind == "string":
        return _strings(schema)
    if kind == "object":
        return _objects(schema)
    raise ValueError(f"no strategy for {schema!r}")


def _strings(schema: dict[str, Any]) -> st.SearchStrategy:
    low, high = schema.get("minLength", 0), schema.get("maxLength", 200)
    found = st.from_regex(schema["pattern"]) if "pattern" in schema else st.text(max_size=high)
    return found.filter(lambda text: low <= len(text) <= high)


def _objects(schema: dict[str, Any]) -> st.SearchStrategy:
    properties = schema.get("properties", {})
    required = set(schema.get("required", ()))
    fixed = st.fixed_dictionaries(
        {name: from_schema(properties[name]) for name in properties if name in required},
        optional={
            name: from_schema(properties[name]) for name in properties if name not in required
        },
    )
    extra = schema.get("additionalProperties", False)
    if extra is False:
        return fixed
    names = _strings(schema.get("propertyNames", {"type": "string"}))
    more = st.dictionaries(
        names, from_schema(extra), max_size=min(schema.get("maxProperties", 8), 8)
    )
    return st.tuples(fixed, more).map(lambda pair: {**pair[1], **pair[0]})


@cache
def nasty_values() -> st.SearchStrategy:
    """Any JSON value, biased towards what broke the answer path once."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.sampled_from([0, 1, 7, 8, -1, 2**63, -(2**63) - 1]),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([5.0, 5.5, 1e308, -0.0]),
        st.sampled_from(DIGIT_LIKE),
        st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=3),
        st.text(st.characters(categories=["Cc", "Cf", "Cs", "Zl", "Zp", "Co"]), max_size=5),
        st.text(st.characters(codec=None), max_size=30),
        st.sampled_from(["", "na", "\x00", "\ud800", "x" * 2001, " ", "\n"]),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=8,
    )


@st.composite
def mutated(draw, valid: st.SearchStrategy) -> Any:
    """A valid body with one to three things broken (or, rarely, none)."""
    body = draw(valid)
    for _ in range(draw(st.integers(0, 3))):
        body = _mutate_once(draw, body)
    return body


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found.extend(_paths(inner, prefix + (key,)))
    return found


def _mutate_once(draw, body: Any) -> Any:
    if not isinstance(body, dict):
        return body
    path = draw(st.sampled_from(_paths(body)))
    how = draw(st.sampled_from(["replace", "delete", "add"]))
    if not path:
        return draw(nasty_values()) if how == "replace" else body
    parent = body
    for key in path[:-1]:
        parent = parent[key]
    if how == "replace":
        parent[path[-1]] = draw(nasty_values())
    elif how == "delete":
        del parent[path[-1]]
    elif isinstance(parent[path[-1]], dict):
        parent[path[-1]][draw(st.text(max_size=45))] = draw(nasty_values())
    return body


def encode(body: Any) -> bytes:
    """JSON text as a client would send it (lone surrogates as ``\\ud800`` escapes)."""
    return json.dumps(body, ensure_ascii=True, allow_nan=True).encode("ascii")


@st.composite
def broken_texts(draw, valid: st.SearchStrategy) -> bytes:
    """Bytes that are no JSON object: cut, deeply nested, huge literals, bad UTF-8."""
    text = encode(draw(valid))
    how = draw(st.sampled_from(["cut", "deep", "huge", "utf8", "bom-array"]))
    if how == "cut":
        return text[: draw(st.integers(0, len(text) - 1))]
    if how == "deep":
        depth = draw(st.sampled_from([33, 100, 1000, 100_000]))
        return b'{"ratings": ' + b"[" * depth + b"]" * depth + b"}"
    if how == "huge":
        digits = draw(st.sampled_from([4301, 5000, 20_000]))
        return b'{"ratings": {"moving": ' + b"9" * digits + b"}, " + text[1:]
    if how == "utf8":
        return text.replace(b'"area": "', b'"area": "\xff\xfe', 1)
    return b"\xef\xbb\xbf[" + text + b"]"
