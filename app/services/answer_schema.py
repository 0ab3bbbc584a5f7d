"""The shape of an answer, checked against the one schema in ``app/api/openapi.yaml``.

Every submission – JSON API, form, paper sheet, answer file, moderated group – is checked here
before anything else touches it (the database included): types, sizes, ASCII-only numbers, text
without control characters or lone surrogates. :mod:`app.services.answer_checks` then checks it
against its campaign. A form is first turned into the same JSON shape
(:mod:`app.services.answer_forms`), so both meet the same checks and the same messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

import fastjsonschema
import yaml
from flask_babel import gettext as _
from jsonschema import Draft202012Validator, ValidationError

from app.services.answer_checks import FieldError, SubmissionRejected
from app.services.audience import spoken

#: The API description; its ``Submission`` schema is the single source of an answer's shape.
SPEC = Path(__file__).resolve().parents[1] / "api" / "openapi.yaml"
#: A body with more problems than this is answered with the first ones (a hostile body could
#: name a million unknown themes).
MAX_ERRORS = 40
#: Field names are echoed back; longer ones are cut.
MAX_FIELD_NAME = 60


@cache
def submission_schema() -> dict[str, Any]:
    """The ``Submission`` schema of the API description (read once per process).

    >>> submission_schema()["required"]
    ['token', 'area', 'uuid']
    """
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return spec["components"]["schemas"]["Submission"]


@cache
def _validator() -> Draft202012Validator:
    schema = submission_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def _fast_check() -> Callable[[Any], Any]:
    # fastjsonschema compiles the schema to Python: about 0.02 ms for an answer against
    # jsonschema's 0.5 ms (measured). It only says yes quickly; every "no" is decided and
    # explained by jsonschema, so both must agree on what fits (the fuzz test checks it).
    return fastjsonschema.compile(
        first_fit(submission_schema()), use_default=False, formats={"uuid": lambda value: True}
    )


def first_fit(schema: Any) -> Any:
    """``schema`` with each ``oneOf`` of options of distinct types as an ``anyOf``.

    A value has one JSON type, so at most one such option can fit: both say the same. But
    fastjsonschema tries every option of a ``oneOf`` and raises an exception for each miss (28
    for one answer's 14 scores: 0.19 ms), while an ``anyOf`` stops at the first that fits.

    >>> first_fit({"oneOf": [{"type": "integer"}, {"type": "null"}]})
    {'anyOf': [{'type': 'integer'}, {'type': 'null'}]}
    >>> first_fit({"oneOf": [{"type": "integer"}, {"type": "integer", "minimum": 5}]})["oneOf"][1]
    {'type': 'integer', 'minimum': 5}
    """
    if isinstance(schema, list):
        return [first_fit(part) for part in schema]
    if not isinstance(schema, dict):
        return schema
    copy = {key: first_fit(value) for key, value in schema.items()}
    options = copy.get("oneOf")
    if options is not None:
        # An integer is a number too: those two are not told apart here.
        types = [_kind(option.get("type")) for option in options]
        if all(isinstance(kind, str) for kind in types) and len(set(types)) == len(types):
            copy["anyOf"] = copy.pop("oneOf")
    return copy


def check_shape(body: Any, audience: str = "adults") -> None:
    """Raise SubmissionRejected, field by field in the user's language, unless ``body`` fits.

    ``audience`` is the survey's where it is known already (a form): children read "du".

    Examples
    --------
    >>> from app import create_app
    >>> with create_app({"TESTING": True}).test_request_context(headers={"Accept-Language": "en"}):
    ...     try:
    ...         check_shape({"token": "t", "area": "1 a", "uuid": "x", "ratings": {"moving": "²"}})
    ...     except SubmissionRejected as exc:
    ...         print([e.field for e in exc.errors])
    ['uuid', 'ratings.moving']
    """
    try:
        _fast_check()(body)
        return
    except fastjsonschema.JsonSchemaException:
        pass
    errors = shape_errors(body, audience)
    if errors:
        raise SubmissionRejected(errors, audience)


def _kind(kind: Any) -> Any:
    return "number" if kind == "integer" else kind


def shape_errors(body: Any, audience: str = "adults") -> list[FieldError]:
    """The problems of ``body``'s shape, one per field (empty if it fits the schema)."""
    found: dict[str, FieldError] = {}
    for error in islice(_validator().iter_errors(body), MAX_ERRORS):
        for parts in _fields(error):
            name = ".".join(_printable(part) for part in parts) or "body"
            if name not in found:
                found[name] = FieldError(name, _message(parts, error, audience))
    return list(found.values())


def _fields(error: ValidationError) -> Iterator[tuple[str, ...]]:
    """The fields an error is about: the missing or unknown names, or the value's own path."""
    path = tuple(str(part) for part in error.absolute_path)
    instance = error.instance
    if error.validator == "required":
        yield from (path + (name,) for name in error.validator_value if name not in instance)
    elif error.validator == "additionalProperties" and error.validator_value is False:
        known = error.schema.get("properties", {})
        yield from (path + (str(name),) for name in instance if name not in known)
    elif "propertyNames" in error.relative_schema_path:
        yield path + (str(instance),)
    else:
        yield path


def _printable(part: str) -> str:
    cleaned = "".join(char if char.isprintable() else "?" for char in part[:MAX_FIELD_NAME])
    return cleaned + ("…" if len(part) > MAX_FIELD_NAME else "")


def _message(parts: tuple[str, ...], error: ValidationError, audience: str) -> str:
    rule = _RULES.get((parts[0] if parts else "", len(parts)))
    if rule is not None:
        return rule(parts, error, audience)
    if len(parts) == 1:
        return _("This field is not part of an answer.")
    return _("This value is not valid.")


def _rating(parts: tuple[str, ...], error: ValidationError, audience: str) -> str:
    if "propertyNames" in error.relative_schema_path:
        return _("This theme is not part of the survey.")
    # Not a whole number at all: the theme's own scale is named once the survey is known.
    return spoken(audience, "scale_values")


def _comment(parts: tuple[str, ...], error: ValidationError, audience: str) -> str:
    if error.validator == "additionalProperties":
        return _("Unknown kind of comment.")
    if error.validator == "maxLength":
        length = len(error.instance)
        return spoken(audience, "shorten", max=error.validator_value, length=length)
    if error.validator == "pattern":
        return spoken(audience, "control")
    return _("A comment must be text.")


def _per_theme_comments(parts: tuple[str, ...], error: ValidationError, audience: str) -> str:
    if "propertyNames" in error.relative_schema_path:
        return _("This theme is not part of the survey.")
    return _("Comments must be given per theme.")


def _demographic(parts: tuple[str, ...], error: ValidationError, audience: str) -> str:
    if error.validator == "additionalProperties":
        return _("This question is not part of the survey.")
    return spoken(audience, "option")


def _group(parts: tuple[str, ...], error: ValidationError, audience: str) -> str:
    if parts[-1] == "size":
        high = submission_schema()["properties"]["group"]["properties"]["size"]["maximum"]
        return spoken(audience, "group_size", low=2, high=high)
    if parts[-1] == "code" or len(parts) == 1:
        return spoken(audience, "group_code")
    return _("This field is not part of an answer.")


Rule = Callable[[tuple[str, ...], ValidationError, str], str]


def _fixed(message: Callable[[], str]) -> Rule:
    return lambda parts, error, audience: message()


def _spoken(name: str) -> Rule:
    """A sentence that speaks to the person: "du" to children (:data:`audience.WORDS`)."""
    return lambda parts, error, audience: spoken(audience, name)


_RULES: dict[tuple[str, int], Rule] = {
    ("", 0): _fixed(lambda: _("The request must be a JSON object.")),
    # A broken token names no survey, so no audience either.
    ("token", 1): _fixed(
        lambda: _("This survey link is not valid. Please check the address or the QR code.")
    ),
    ("area", 1): _spoken("area"),
    ("role", 1): _fixed(lambda: _("This link is for a different group of participants.")),
    ("uuid", 1): _spoken("answer_id"),
    ("channel", 1): _fixed(lambda: _("Unknown way of sending the answer.")),
    ("ratings", 1): _fixed(lambda: _("Ratings must be given per theme.")),
    ("ratings", 2): _rating,
    ("comments", 1): _fixed(lambda: _("Comments must be given per theme.")),
    ("comments", 2): _per_theme_comments,
    ("comments", 3): _comment,
    ("demographics", 1): _fixed(lambda: _("Unknown answer.")),
    ("demographics", 2): _demographic,
    ("group", 1): _group,
    ("group", 2): _group,
}
