"""What an indicator import plan says, in the user's language: one text per column and finding.

The web preview and the CLI's ``--dry-run`` show the same report (:func:`plan_report`), so
nothing a planner sees in one is missing in the other.
"""

from __future__ import annotations

from flask_babel import format_decimal, gettext, ngettext

from analysis.readers.indicator_file import ColumnLine
from app.core.file_messages import plural_text, problem_texts
from app.core.i18n import localized
from app.services.indicator_import import ImportPlan


def _number(value: int | float) -> str:
    return format_decimal(value)


def _years(years: tuple[int, ...]) -> str:
    if len(years) > 3 and years == tuple(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years) or "–"


def column_line(line: ColumnLine, described: tuple[dict, str | None] | None = None) -> dict:
    """One column of the report: what it became (``imported``) or why not; ``described``:
    the name and unit the Kommune's indicator or catalogue gives its key (they win)."""
    examples = [
        gettext("row %(row)s: '%(text)s' – %(why)s", row=p.row, text=p.text,
                why=p.why.render(gettext, _number, plural_text))
        for p in line.examples
    ]  # fmt: skip
    return {
        "column": line.column,
        "imported": line.kind == "indicator",
        "key": line.key,
        "name": localized(described[0]) if described else line.name,
        "described": described is not None,
        "unit": (described[1] if described else line.unit) or gettext("unknown"),
        "years": _years(line.years),
        "values_read": line.values_read,
        "unreadable": line.unreadable,
        "examples": examples,
        "why": line.reason.render(gettext, _number, plural_text) if line.reason else "",
    }


def plan_report(plan: ImportPlan, described: dict | None = None) -> dict:
    """Everything the preview and the dry run show of a plan, as translated texts;
    ``described`` (key → name, unit; :func:`app.services.kommune_catalogue.described`) names
    the columns whose key the Kommune's indicators or catalogue know."""
    found, placed, described = plan.found, plan.placed, described or {}
    return {
        "columns": [column_line(line, described.get(line.key)) for line in found.columns],
        "skipped": [
            gettext(
                "row %(row)s: %(text)s (%(why)s)",
                row=s.row,
                text=s.text,
                why=s.why.render(gettext, _number, plural_text),
            )
            for s in found.skipped
        ],  # fmt: skip
        "match": placed.summary().render(gettext, _number, plural_text),
        "rule": placed.match.rule,
        "unknown": placed.unknown,
        "left_out": [
            gettext("%(code)s (%(name)s): %(why)s", code=c, name=n, why=w)
            for c, n, w in plan.left_out
        ],
        "missing_areas": placed.match.missing,
        "notes": problem_texts(placed.problems),
        "changes": plan.changes,
        "blockers": plan.blockers,
        "value_count": int(plan.values["value"].notna().sum()),
    }


def report_text(report: dict) -> str:
    """The report as plain text for the terminal (``flask indicators import --dry-run``)."""
    lines = [gettext("Columns:")]
    for c in report["columns"]:
        if c["imported"]:
            lines.append(
                ngettext("  %(column)s → %(key)s (unit %(unit)s, years %(years)s): %(values)s "
                         "value read, %(unreadable)s unreadable",
                         "  %(column)s → %(key)s (unit %(unit)s, years %(years)s): %(values)s "
                         "values read, %(unreadable)s unreadable", c["values_read"],
                         column=c["column"], unit=c["unit"], years=c["years"],
                         key=f"{c['key']} „{c['name']}“" if c["described"] else c["key"],
                         values=_number(c["values_read"]), unreadable=_number(c["unreadable"]))
            )  # fmt: skip
        else:
            lines.append(gettext("  %(column)s: not imported – %(why)s", column=c["column"],
                                 why=c["why"]))  # fmt: skip
        lines += [f"      {e}" for e in c["examples"]]
    if report["skipped"]:
        lines.append(gettext("Rows that are not part of the table:"))
        lines += [f"  {s}" for s in report["skipped"]]
    lines.append(report["match"])
    if report["left_out"]:
        lines.append(gettext("Rows that are not areas:"))
        lines += [f"  {s}" for s in report["left_out"]]
    if report["unknown"]:
        lines.append(gettext("Codes of no area: %(codes)s", codes=", ".join(report["unknown"])))
    lines += report["notes"] + report["changes"] + report["blockers"]
    return "\n".join(lines)
