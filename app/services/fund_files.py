"""An allocation of funds for the committee: the table in the reader's language, the CSV for
German Excel, the XLSX with its parameters, and the report's chapter."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from flask import render_template
from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _

from analysis.exports.tables import write_csv, write_xlsx
from analysis.report.sections import ReportSection
from app.models import Campaign
from app.services import funds
from app.services.fund_verdicts import theme_titles
from app.services.funds import NO_VERDICT, FundResult
from app.services.roundtable import verdict_titles

#: The rule-given reasons of ``analysis.stats.allocation`` and of need-based allocations; a
#: planner's own reason stays as typed.
_REASONS = {"population missing", "no class", "excluded", NO_VERDICT}


def reason_text(reason: str) -> str:
    """Why a Quartier gets nothing, in the reader's language ("" when it takes part)."""
    texts = {
        "population missing": _("no value of the target population"),
        "no class": _("no class in the index version"),
        "excluded": _("excluded by hand"),
        NO_VERDICT: _("no verdict of the round table"),
    }
    return texts.get(reason, reason) if reason in _REASONS else reason


def by_need(params: dict) -> bool:
    """Whether the allocation weighted the round tables' verdicts (else index classes)."""
    return params.get("basis") == "need"


def class_texts(result: FundResult) -> pd.Series:
    """Each Quartier's class, or its verdict in the reader's language ("" if it has none)."""
    classes = result.allocation.table["class"]
    if by_need(result.params):
        titles = verdict_titles()
        return classes.map(lambda v: titles.get(v, "") if isinstance(v, str) else "")
    return pd.to_numeric(classes).astype("Int64").astype(str).replace("<NA>", "")


def rows(result: FundResult) -> list[dict]:
    """The allocation's rows for a page or a chapter, reasons in the reader's language."""
    table = result.allocation.table
    out = table.assign(excluded_reason=table["excluded_reason"].map(reason_text),
                       class_text=class_texts(result))  # fmt: skip
    return out.to_dict(orient="records")


def factors_text(params: dict) -> str:
    """The factors as one line in the reader's language, from the least to the most need:
    ``1,00; 1,50; 2,00; 3,00`` per class, ``Bedarf nicht bestätigt: 1,00; …`` per verdict."""
    if by_need(params):
        titles = verdict_titles()
        return "; ".join(f"{titles[v]}: {format_decimal(f, '#,##0.00')}"
                         for v, f in params["class_factors"])  # fmt: skip
    return "; ".join(format_decimal(f, "#,##0.00") for _klass, f in params["class_factors"])


def _basis_pairs(params: dict) -> list[tuple[str, str]]:
    """What the factors were given for: the index version's classes, or the verdicts."""
    if by_need(params):
        round_text = _("round %(round)s", round=params["need_round"])
        themes = theme_titles(params.get("need_themes") or []) or _("overall verdict")
        return [(_("Verdicts of the round tables"), round_text),
                (_("Verdicts on the themes"), themes),
                (_("Factors per verdict"), factors_text(params))]  # fmt: skip
    version = params["index_version"]
    factors = "; ".join(f"{klass}: {factor:g}" for klass, factor in params["class_factors"])
    return [(_("Index version"), f"{version['name']} ({version['year']})"),
            (_("Factors per index class"), factors)]  # fmt: skip


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
    klass = _("Verdict of the round table") if by_need(params) else _("Index class")
    population = _("Target population %(key)s (%(year)s)", key=params["population_indicator"],
                   year=params["population_year"])  # fmt: skip
    return pd.DataFrame({
        _("Code"): table["area_code"].astype(str),
        _("Quartier"): table["name"].astype(str),
        population: table["population"],
        klass: class_texts(result) if by_need(params) else table["class"].astype("Int64"),
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
    pairs = [
        (_("Name"), name),
        (_("Budget (€)"), params["budget_cents"] / 100),
        (_("Base amount per Quartier (€)"), params["base_cents"] / 100),
        (_("Target population"), f"{params['population_indicator']} ({params['population_year']})"),
        *_basis_pairs(params),
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
            "funds/report_section.html",
            saved=newest,
            params=result.params,
            rows=rows(result),
            factors_text=factors_text(result.params),
            themes_text=theme_titles(result.params.get("need_themes") or []),
        )
        title = _("Need-based allocation of funds")
    return ReportSection(key="funds", title=title, html=html, order=60)
