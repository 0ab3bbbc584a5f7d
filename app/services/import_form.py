"""The indicator preview form: the planner's choices read from it, the plan it shows.

The form is sent by GET ("update preview") and by POST ("import"); the view passes the one
mapping of the request's method, never both merged (a refreshed preview posted again would
otherwise name each column twice).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analysis.readers.codes import RULES
from analysis.readers.indicator_file import IndicatorFile
from app.models import Kommune
from app.services.crosswalks import saved_crosswalk
from app.services.import_report import plan_report
from app.services.indicator_import import ImportChoice, ImportPlan, plan_import
from app.services.kommune_catalogue import described

TEXT_CHOICES = ("name_column", "bare_year_name", "prefix")


def _text(values: Mapping, key: str) -> str | None:
    return (values.get(key) or "").strip() or None


def read_options(values: Mapping) -> dict[str, Any]:
    """The options of :func:`~analysis.readers.indicator_file.read_indicator_file` in the form.

    Example: ``read_options({"id_column": "PLR_ID", "sheet": "2"})`` gives ``sheet=1``.
    """
    options: dict[str, Any] = {key: _text(values, key) for key in TEXT_CHOICES}
    options["prefix"] = options["prefix"] or ""
    options["key_column"] = _text(values, "id_column")
    sheet = _text(values, "sheet")
    options["sheet"] = (
        int(sheet) - 1 if sheet and sheet.isdigit() and int(sheet) > 0 else sheet or 0
    )
    getlist = getattr(values, "getlist", None)
    options["columns"] = list(getlist("columns")) if getlist else []
    return options


def _whole(text: str | None, low: int, high: int) -> int | None:
    return int(text) if text and text.isdigit() and low <= int(text) <= high else None


def import_choice(values: Mapping) -> ImportChoice:
    """The :class:`ImportChoice` of the form (year, matching rule, aggregation of finer units
    by a code prefix with shares and their weight, leave out, overwrite)."""
    match = _text(values, "match")
    shares = [s.strip() for s in (_text(values, "shares") or "").split(",") if s.strip()]
    return ImportChoice(
        year=_whole(_text(values, "year"), 1900, 2100),
        match=match if match in RULES else None,
        prefix_length=_whole(_text(values, "aggregate_prefix"), 1, 64),
        weight=_text(values, "weight_column"),
        shares=shares,
        skip_unknown=bool(values.get("skip_unknown")),
        overwrite=bool(values.get("overwrite")),
    )


def form_plan(found: IndicatorFile, kommune: Kommune, values: Mapping) -> ImportPlan:
    """The plan the preview shows: without a chosen rule, the rule that matches most is
    chosen (and shown in the form), so that what the planner sees is what is imported;
    ``match=crosswalk`` uses the Kommune's saved crosswalk."""
    choice = import_choice(values)
    if values.get("match") == "crosswalk":
        choice.crosswalk = saved_crosswalk(kommune)
    plan = plan_import(found, kommune, choice)
    if choice.match is None and choice.prefix_length is None and plan.placed.match.rule in RULES:
        choice.match = plan.placed.match.rule
        plan = plan_import(found, kommune, choice)
    return plan


def preview_context(plan: ImportPlan, kommune: Kommune, values: Mapping) -> dict[str, Any]:
    """What the preview page shows of a plan beside the form's own values."""
    head = plan.values.head(20).astype(object)
    return {
        "report": plan_report(plan, described(kommune, [i.key for i in plan.found.indicators])),
        "rules": RULES,
        "has_crosswalk": saved_crosswalk(kommune) is not None,
        "rule": plan.placed.match.rule,
        "values_head": head.where(head.notna(), None),
        "chosen": read_options(values)["columns"],
        "can_import": not plan.blockers,
    }
