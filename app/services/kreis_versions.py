"""Kreis indices saved as named versions, and their files for German Excel.

:func:`save` freezes a Kreis index as :func:`app.services.kreis.kreis_wide_index` computed it
(the one computation; the Kommune columns are the Kommunen's saved versions) with its year,
indicators and the Kommune versions it named. :func:`saved_table` hands the stored result to
the page and the files; nothing recomputes it. The files: one row per Kommune with the Kreis
in the first row (:func:`kommune_table`, on :func:`analysis.stats.kreis.kreis_aggregates`),
and one row per area with its class on the Kreis scale (:func:`area_table`).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.exports.tables import write_csv, write_xlsx
from analysis.stats.kreis import KreisIndex, kreis_aggregates
from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Kreis, KreisIndexVersion
from app.services.index_versions import records
from app.services.kreis import KreisTable

#: The columns a saved Kreis index keeps per area, in order.
COLUMNS = ["kommune", "area", "code", "name", "population", "index_kreis", "class_kreis",
           "class_label_kreis", "excluded_reason", "index_kommune", "class_kommune",
           "class_label_kommune"]  # fmt: skip


def save(kreis: Kreis, name: str, data: KreisTable, result: KreisIndex) -> KreisIndexVersion:
    """Store ``result`` (computed on ``data``) as the Kreis's version ``name``; ValueError
    with a sentence when the name is empty or taken.

    With a database session (see the tests)::

        result = kreis_wide_index(kreis, data, ["S1", "S3", "S4"])
        save(kreis, "Kreisindex 2020", data, result).params["year"]
        # 2020
    """
    name = name.strip()[:120]
    if not name:
        raise ValueError(_("Please give the Kreis index a name."))
    taken = db.session.scalar(select(KreisIndexVersion.id).where(
        KreisIndexVersion.kreis_id == kreis.id, KreisIndexVersion.name == name))  # fmt: skip
    if taken is not None:
        raise ValueError(_("There is already a Kreis index called “%(name)s”.", name=name))
    areas = data.table[["area", "code", "name", "population"]]
    table = result.table.merge(areas, on="area", how="left")[COLUMNS]
    label = table["class_label_kommune"]  # analysis gives text: a missing class reads "nan"
    table["class_label_kommune"] = label.where(~label.isin(["nan", "<NA>", "None"]), None)
    params = {
        "year": data.year,
        "indicators": list(result.params["kreis"].get("indicators", [])),
        "computed": json.loads(json.dumps(result.params["kreis"], default=str)),
        "kommune_versions": result.params.get("kommune_versions", {}),
    }
    with write_transaction():
        version = KreisIndexVersion(kreis_id=kreis.id, name=name, params=params,
                                    result=records(table))  # fmt: skip
        db.session.add(version)
    return version


def versions(kreis: Kreis) -> list[KreisIndexVersion]:
    """The Kreis's saved indices, newest first."""
    return list(db.session.scalars(
        select(KreisIndexVersion).where(KreisIndexVersion.kreis_id == kreis.id)
        .order_by(KreisIndexVersion.created_at.desc(), KreisIndexVersion.id.desc())
    ))  # fmt: skip


def find(kreis: Kreis, version_id: int) -> KreisIndexVersion:
    """The Kreis's saved index with this id; LookupError if it is not one of the Kreis's."""
    found = db.session.get(KreisIndexVersion, version_id)
    if found is None or found.kreis_id != kreis.id:
        raise LookupError(version_id)
    return found


def saved_table(version: KreisIndexVersion) -> pd.DataFrame:
    """The stored result, one row per area (codes as text), as saved."""
    table = pd.DataFrame.from_records(version.result, columns=COLUMNS)
    table["code"] = table["code"].astype(str)
    for column in ("class_kreis", "class_kommune"):
        table[column] = pd.to_numeric(table[column]).astype("Int64")
    return table


def _labels(version: KreisIndexVersion) -> list[str]:
    return [str(label) for label in version.params["computed"].get("labels") or []]


def kommune_table(version: KreisIndexVersion) -> pd.DataFrame:
    """One row per Kommune, the Kreis first: Quartiere, residents, the Kreis index averaged
    weighted by residents, and how many Quartiere fall in each class on the Kreis scale.

    With a database session (see the tests)::

        kommune_table(version).iloc[0, 0]
        # 'Berlin'
    """
    table = saved_table(version)
    labels = _labels(version)
    counts = [_("Quartiere in class “%(label)s”", label=label) for label in labels]
    for label, column in zip(labels, counts, strict=True):
        table[column] = (table["class_label_kreis"] == label).astype("int64")
    table[_("Quartiere outside the Kreis index")] = table["index_kreis"].isna().astype("int64")
    counts.append(_("Quartiere outside the Kreis index"))
    weighted = _("Kreis index (mean weighted by residents)")
    table[weighted] = table["index_kreis"]
    out = kreis_aggregates(table, kommune_column="kommune", population_column="population",
                           counts=counts, shares=[weighted],
                           kreis_name=version.kreis.name)  # fmt: skip
    return out.rename(columns={"kommune": _("Kommune"), "n_areas": _("Quartiere"),
                               "population": _("Residents")})  # fmt: skip


def area_table(version: KreisIndexVersion) -> pd.DataFrame:
    """One row per area: its Kommune, code, residents, index and class on the Kreis scale and
    in its Kommune's saved index version; headers in the reader's language."""
    t = saved_table(version)
    return pd.DataFrame({
        _("Kommune"): t["kommune"], _("Code"): t["code"], _("Quartier"): t["name"],
        _("Residents"): t["population"], _("Kreis index"): t["index_kreis"],
        _("Class in the Kreis"): t["class_label_kreis"].fillna(""),
        _("Kommune index"): t["index_kommune"],
        _("Class in the Kommune"): t["class_label_kommune"].fillna(""),
        _("Not in the Kreis index because"): t["excluded_reason"].fillna(""),
    })  # fmt: skip


def parameters_frame(version: KreisIndexVersion) -> pd.DataFrame:
    """Every parameter of the saved Kreis index, one per row (the XLSX's last sheet)."""
    params = version.params
    pairs = [(_("Name"), version.name), (_("Year"), params["year"]),
             (_("Indicators"), ", ".join(params["indicators"])),
             (_("Classes"), "; ".join(_labels(version)))]  # fmt: skip
    for kommune, used in sorted(params["kommune_versions"].items()):
        text = f"{used['name']} ({used['year']})" if used else _("no saved index version")
        pairs.append((_("Kommune index of %(kommune)s", kommune=kommune), text))
    return pd.DataFrame(pairs, columns=[_("Parameter"), _("Value")]).astype(str)


def export(version: KreisIndexVersion, fmt: str, table: str = "kommunen") -> bytes:
    """``csv`` (German Excel) of ``table`` (``kommunen`` or ``areas``), or ``xlsx`` with both
    and the parameters."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"kreis.{fmt}"
        if fmt == "csv" and table == "kommunen":
            write_csv(kommune_table(version), path, excel_decimal=",")
        elif fmt == "csv" and table == "areas":
            write_csv(area_table(version), path, excel_decimal=",", text_columns=[_("Code")])
        elif fmt == "xlsx":
            write_xlsx({_("Kommunen"): kommune_table(version), _("Quartiere"): area_table(version),
                        _("Parameters"): parameters_frame(version)}, path)  # fmt: skip
        else:
            raise ValueError(f"unknown format {fmt!r} or table {table!r}")
        return path.read_bytes()
