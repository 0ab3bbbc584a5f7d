"""A Kommune's measures as a table for German Excel (CSV) or as a workbook (XLSX).

Headers are in the reader's language; the row under them holds the stable keys of the columns,
so that a script reads the same file whatever language it was exported in.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from flask_babel import gettext as _

from analysis.exports.tables import write_csv, write_xlsx
from app.models import Kommune, Measure
from app.services import measures
from app.services.measure_evaluation import COLUMNS, evaluation_frame

KEYS = (
    "id", "title", "status", "areas", "target_group", "lead_organisation", "partners",
    "budget_eur", "funding_source", "start", "end", "needs", "indicators", "themes",
    "last_note",
)  # fmt: skip
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _headers() -> list[str]:
    fields = measures.field_titles()
    return [
        _("No."), fields["title"], fields["status"], fields["areas"], fields["target_group"],
        fields["lead_organisation"], fields["partners"], fields["budget"],
        fields["funding_source"], fields["start_date"], fields["end_date"], fields["needs"],
        fields["indicators"], fields["themes"], _("Latest progress note"),
    ]  # fmt: skip


def _row(m: Measure, statuses: dict[str, str]) -> list:
    last = m.notes[-1] if m.notes else None
    needs = [f"{n.record.campaign.round_label}/{n.record.area.code}/{n.theme}" for n in m.needs]
    indicators, themes = measures.chosen_keys(m, "indicator"), measures.chosen_keys(m, "theme")
    return [
        m.id, m.title, statuses[m.status], ", ".join(a.code for a in m.areas), m.target_group,
        m.lead_organisation, m.partners, None if m.budget is None else float(m.budget),
        m.funding_source, m.start_date, m.end_date,
        ", ".join(needs), ", ".join(indicators), ", ".join(themes),
        f"{last.noted_on.isoformat()}: {last.text}" if last else "",
    ]  # fmt: skip


def _with_keys(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The frame under a first row of keys (the headers stay the reader's language)."""
    key_row = pd.DataFrame([keys], columns=frame.columns)
    return pd.concat([key_row, frame.astype(object)], ignore_index=True)


def _cents_with_comma(table: pd.DataFrame) -> pd.DataFrame:
    """Amounts as German Excel reads them ("12500,50"): under the key row the column holds
    text and numbers, and pandas writes the decimal comma only for columns of numbers."""
    budget = list(KEYS).index("budget_eur")
    column = table.iloc[1:, budget].map(
        lambda v: "" if v is None or v != v else f"{v:.2f}".replace(".", ",")
    )
    table.iloc[1:, budget] = column
    return table


def measures_table(kommune: Kommune) -> pd.DataFrame:
    """One row per measure of the Kommune (proposals included), headers in the reader's
    language and the key row first.

    Examples
    --------
    With a database session (see the tests)::

        measures_table(kommune).iloc[0].tolist()[:3]   # ['id', 'title', 'status']
    """
    statuses = measures.status_titles()
    rows = [_row(m, statuses) for m in reversed(measures.measures_of(kommune))]
    return _with_keys(pd.DataFrame(rows, columns=_headers()), list(KEYS))


def evaluation_table(kommune: Kommune) -> pd.DataFrame:
    """The evaluation of every measure: one row per indicator or theme and Quartier."""
    frames = []
    for m in reversed(measures.measures_of(kommune)):
        frame = evaluation_frame(m)
        frame.insert(0, "measure", m.id)
        frames.append(frame)
    keys = ["measure", *COLUMNS]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=keys)
    table = table[keys].set_axis(_evaluation_headers(), axis=1)
    return _with_keys(table, keys)


def _evaluation_headers() -> list[str]:
    return [
        _("Measure No."), _("Kind"), _("Key"), _("Indicator or theme"), _("Quartier"),
        _("Baseline year or round"), _("Latest year or round"), _("Baseline"), _("Latest"),
        _("Change"), _("Change elsewhere"), _("Change elsewhere: interval from"),
        _("Change elsewhere: interval to"), _("Other Quartiere"),
        _("Change elsewhere weighted by population"), _("Difference"),
        _("Baseline interval from"), _("Baseline interval to"), _("Latest interval from"),
        _("Latest interval to"), _("Intervals overlap"),
    ]  # fmt: skip


def export(kommune: Kommune, fmt: str) -> tuple[bytes, str, str]:
    """The measures as ``fmt`` ("csv" for German Excel, or "xlsx" with the evaluation on a
    second sheet): the file's bytes, its name and its media type."""
    if fmt not in MIMETYPES:
        raise ValueError(f"unknown format {fmt!r}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"measures.{fmt}"
        if fmt == "csv":
            write_csv(_cents_with_comma(measures_table(kommune)), path, excel_decimal=",")
        else:
            sheets = {_("Measures"): measures_table(kommune)}
            sheets[_("Evaluation")] = evaluation_table(kommune)
            write_xlsx(sheets, path)
        data = path.read_bytes()
    return data, f"{_('measures')}-{kommune.name}.{fmt}", MIMETYPES[fmt]
