"""What the Kreis pages show, as plain values: the overview (aggregates, within versus between,
the Kreis index), similar areas and a Kommune's profile. Views pass the query's values in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from flask_babel import gettext as _

from app.models import Kommune, Kreis
from app.services import index_versions, kreis_map, kreis_versions
from app.services import kreis as kreis_data


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


def _year(kreis: Kreis, wanted: str | None) -> tuple[int, list[int]]:
    found = kreis_data.years(kreis)
    if not found:
        raise ValueError(_("No Kommune of %(kreis)s has stored indicator values yet.",
                           kreis=kreis.name))  # fmt: skip
    if wanted and wanted.isdigit() and int(wanted) in found:
        return int(wanted), found
    return found[0], found


def _variance(data: kreis_data.KreisTable, key: str) -> dict:
    parts = kreis_data.within_between(data, key)
    return {
        "key": key, "total": parts.total, "between": parts.between, "within": parts.within,
        "share_between": parts.share_between, "groups": _records(parts.groups),
        "n_left_out": parts.n_left_out,
    }  # fmt: skip


def overview(kreis: Kreis, year: str | None, indicator: str | None, index: Sequence[str],
             picked: Mapping[int, int] | None = None) -> dict:  # fmt: skip
    """The overview page: the aggregates (Kreis first), within versus between for
    ``indicator`` and, with ``index`` indicators, the Kreis index next to each Kommune's
    (its version from ``picked`` by Kommune id, else its newest).

    With a database session (see the tests)::

        overview(kreis, "2020", "S3", ["S1", "S3", "S4"])["variance"]["share_between"]
        # 0.27…
    """
    chosen, found = _year(kreis, year)
    data = kreis_data.kreis_table(kreis, chosen)
    keys = data.counts + data.shares
    context = {"year": chosen, "years": found, "counts": data.counts, "shares": data.shares,
               "aggregates": _records(kreis_data.aggregates(data)), "index_keys": list(index),
               "index_rows": None, "index_error": None,
               "version_choices": [(k, index_versions.versions(k)) for k in kreis.kommunen],
               "picked": dict(picked or {})}  # fmt: skip
    key = indicator if indicator in keys else (data.shares or keys or [None])[0]
    context["variance"] = _variance(data, key) if key else None
    if index:
        try:
            result = kreis_data.kreis_wide_index(kreis, data, index, picked)
        except ValueError as exc:
            context["index_error"] = str(exc)
        else:
            context["index_rows"] = _records(result.table)
            context["kommune_versions"] = result.params["kommune_versions"]
            context["kreis_map"] = kreis_map.map_image(kreis, result)
    context["saved_versions"] = kreis_versions.versions(kreis)
    return context


def save_index(kreis: Kreis, year: str | None, index: Sequence[str], name: str,
               picked: Mapping[int, int] | None = None):  # fmt: skip
    """Compute the Kreis index of ``year`` on ``index`` (the Kommune versions ``picked``) as
    the overview shows it and save it as ``name``; ValueError with a sentence if it cannot be.

    With a database session (see the tests)::

        save_index(kreis, "2020", ["S1", "S3", "S4"], "Kreisindex 2020").name
        # 'Kreisindex 2020'
    """
    if not index:
        raise ValueError(_("Please choose the indicators of the Kreis index."))
    chosen, _found = _year(kreis, year)
    data = kreis_data.kreis_table(kreis, chosen)
    result = kreis_data.kreis_wide_index(kreis, data, index, picked)
    return kreis_versions.save(kreis, name, data, result)


def version_page(version) -> dict:
    """A saved Kreis index: the Kommunen (the Kreis first) and every area, as saved."""
    return {"version": version, "params": version.params,
            "kommunen": _records(kreis_versions.kommune_table(version)),
            "areas": _records(kreis_versions.saved_table(version))}  # fmt: skip


def similar_page(kreis: Kreis, year: str | None, area: str, indicators: Sequence[str]) -> dict:
    """The areas of the Kreis most like ``area`` on ``indicators`` (values of ``year``)."""
    chosen, found = _year(kreis, year)
    data = kreis_data.kreis_table(kreis, chosen)
    context = {"year": chosen, "years": found, "areas": data.table["area"].tolist(),
               "keys": data.counts + data.shares, "area": area, "chosen": list(indicators),
               "rows": None, "left_out": []}  # fmt: skip
    if area and indicators:
        try:
            found_rows = kreis_data.similar(data, area, indicators)
        except ValueError as exc:  # the form stays, with the reason above it
            context["error"] = str(exc)
        else:
            context.update(rows=_records(found_rows), left_out=found_rows.attrs["left_out"])
    return context


def profile_page(kreis: Kreis, kommune: Kommune, year: str | None,
                 index: Sequence[str]) -> dict:  # fmt: skip
    """A Kommune in its Kreis: its row next to the Kreis's, its ranks, and (with ``index``
    indicators) its areas on the Kreis scale next to their class within the Kommune."""
    chosen, found = _year(kreis, year)
    data = kreis_data.kreis_table(kreis, chosen)
    context = {"year": chosen, "years": found, "keys": data.counts + data.shares,
               "index_keys": list(index), "areas": None,
               **kreis_data.profile(data, kommune)}  # fmt: skip
    if index:
        table = kreis_data.kreis_wide_index(kreis, data, index).table
        context["areas"] = _records(table[table["kommune"] == kommune.name])
    return context
