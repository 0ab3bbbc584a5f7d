"""An allocation of funds for the committee: the table in the reader's language, the CSV for
German Excel, the XLSX with its parameters, and the report's chapter."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from analysis.exports.tables import write_csv, write_xlsx
from analysis.report.sections import ReportSection
from app.models import Campaign
from app.services import funds
from app.services.funds import FundResult

#: The rule-given reasons of ``analysis.stats.allocation``; a planner's own reason stays as typed.
_REASONS = {"population missing", "no class", "excluded"}


def reason_text(reason: str) -> str:
    """Why a Quartier gets nothing, in the reader's language ("" when it takes part)."""
    texts = {
        "population missing": _("no value of the target population"),
        "no class": _("no class in the index version"),
        "excluded": _("excluded by hand"),
    }
    return texts.get(reason, reason) if reason in _REASONS else reason


def rows(result: FundResult) -> list[dict]:
    """The allocation's rows for a page or a chapter, reasons in the reader's language."""
    table = result.allocation.table
    out = table.assign(excluded_reason=table["excluded_reason"].map(reason_text))
    return out.to_dict(orient="records")


def export_frame(result: FundResult) -> pd.DataFrame:
    """The allocation as the committee reads it: headers in the reader's language, codes as
    text, amounts in euros (decimal numbers) and in cents (whole numbers).

    Examples
    --------
    With a database session (see the tests)::

        export_frame(funds.saved_allocation(saved)).columns[0]
        # 'Code'
    """
    table, params = result.allocation.table, result.params
    population = _("Target population %(key)s (%(year)s)", key=params["population_indicator"],
                   year=params["population_year"])  # fmt: skip
    return pd.DataFrame({
        _("Code"): table["area_code"].astype(str),
        _("Quartier"): table["name"].astype(str),
        population: table["population"],
        _("Index class"): table["class"].astype("Int64"),
        _("Factor"): table["factor"],
        _("Base amount (€)"): table["base_cents"] / 100,
        _("Share by need (€)"): table["share_cents"] / 100,
        _("Amount (€)"): table["amount_cents"] / 100,
        _("Amount (cents)"): table["amount_cents"].astype("int64"),
        _("Not included because"): table["excluded_reason"].map(reason_text),
    })  # fmt: skip


def parameters_frame(name: str, result: FundResult) -> pd.DataFrame:
    """Every parameter of the allocation, one per row (the XLSX's second sheet)."""
    params = result.params
    version = params["index_version"]
    factors = "; ".join(f"{klass}: {factor:g}" for klass, factor in params["class_factors"])
    pairs = [
        (_("Name"), name),
        (_("Budget (€)"), params["budget_cents"] / 100),
        (_("Base amount per Quartier (€)"), params["base_cents"] / 100),
        (_("Target population"), f"{params['population_indicator']} ({params['population_year']})"),
        (_("Index version"), f"{version['name']} ({version['year']})"),
        (_("Factors per index class"), factors),
        (_("Leave out Quartiere whose target population is under"),
         params.get("min_population") or "–"),
        (_("Quartiere that take part"), params["n_included"]),
        (_("Rounding"), _("whole cents, rounded down; the cents left over go one each to the "
                          "largest remainders (equal remainders: by code)")),
    ]  # fmt: skip
    pairs += [(_("Not included: %(code)s", code=code), reason_text(reason))
              for code, reason in params["exclusions"].items()]  # fmt: skip
    return pd.DataFrame(pairs, columns=[_("Parameter"), _("Value")]).astype({_("Value"): str})


def export(name: str, result: FundResult, fmt: str) -> bytes:
    """The allocation as ``csv`` (German Excel: ``;``, decimal comma, BOM) or ``xlsx``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"allocation.{fmt}"
        if fmt == "csv":
            write_csv(export_frame(result), path, excel_decimal=",", text_columns=[_("Code")])
        elif fmt == "xlsx":
            sheets = {_("Allocation"): export_frame(result),
                      _("Parameters"): parameters_frame(name, result)}  # fmt: skip
            write_xlsx(sheets, path)
        else:
            raise ValueError(f"unknown format {fmt!r}")
        return path.read_bytes()


def funds_section(campaign: Campaign, lang: str) -> ReportSection | None:
    """The report's chapter on funds: the Kommune's newest saved allocation, or None.

    With a database session (see the tests)::

        funds_section(campaign, "de").title
        # 'Mittelverteilung nach Bedarf'
    """
    saved = funds.allocations(campaign.kommune)
    if not saved:
        return None
    newest = saved[0]
    result = funds.saved_allocation(newest)
    with force_locale(lang):
        html = render_template(
            "funds/report_section.html", saved=newest, params=result.params, rows=rows(result)
        )
        title = _("Need-based allocation of funds")
    return ReportSection(key="funds", title=title, html=html, order=60)
