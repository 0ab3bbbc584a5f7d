"""One category's offers and coverage as files: CSV and XLSX tables, a GeoPackage of three layers.

The GeoPackage holds ``offers`` (points), ``coverage`` (the areas with the table's figures) and
``white_spots`` (the parts beyond the walking distance), all in WGS 84; every file carries the
distance method (a ``distance_method`` column; the XLSX also a sheet of parameters).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
from flask_babel import gettext as _

from analysis.exports.gis import write_geopackage
from analysis.exports.office import code_keys
from analysis.exports.tables import write_csv, write_xlsx
from app.models import Campaign, Kommune, OfferCategory, WalkingNetwork
from app.services.offer_coverage import category_coverage, saved_target
from app.services.offer_perceived import perceived
from app.services.offer_report import distance_method
from app.services.offers import OfferError
from app.services.queries import areas_frame

#: Download format -> (suffix, MIME type).
FORMATS = {
    "csv": (".csv", "text/csv"),
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "gpkg": (".gpkg", "application/geopackage+sqlite3"),
    "perceived": (".csv", "text/csv"),
    "csv-excel": (".csv", "text/csv"),
    "perceived-excel": (".csv", "text/csv"),
}
#: The columns of the perceived-versus-measured CSV, in order.
PERCEIVED_COLUMNS = [
    "area_code", "area_name", "theme", "measure_name", "measure", "thin",
    *(f"{role}_{column}" for role in ("resident", "expert")
      for column in ("median", "low", "high", "quadrant", "reason")),
    "thin_cut", "rating_threshold", "distance_method",
]  # fmt: skip


def _excel_csv(table: pd.DataFrame, path: Path) -> None:
    """For German Excel: decimal comma, ``;`` between fields, codes kept as text."""
    write_csv(table, path, excel_decimal=",", text_columns=code_keys(table.columns))


def _write(kind: str, category: OfferCategory, result, method: str, path: Path) -> None:
    table = result.table.assign(distance_method=method)
    if kind == "csv":
        write_csv(table, path)
    elif kind == "csv-excel":
        _excel_csv(table, path)
    elif kind == "xlsx":
        params = pd.DataFrame(
            [(key, str(value)) for key, value in result.params.items()], columns=["key", "value"]
        )
        write_xlsx({category.slug: table, "params": params}, path)
    else:
        areas = areas_frame(category.kommune).dropna(subset=["geometry"])
        shapes = areas[["code", "geometry"]].rename(columns={"code": "area_code"})
        covered = gpd.GeoDataFrame(shapes.merge(table, on="area_code"), crs="EPSG:4326")
        offers = result.offers.drop(columns=["row"], errors="ignore")
        write_geopackage({"offers": offers, "coverage": covered,
                          "white_spots": result.white_spots}, path)  # fmt: skip


def perceived_table(campaign: Campaign | None, category: OfferCategory, result, method: str):
    """The comparison with the survey as the CSV's rows (:data:`PERCEIVED_COLUMNS`)."""
    target = saved_target(category.kommune, category)
    measure = "share_within" if target is None else "per_1000"
    compared = None if campaign is None else perceived(campaign, category, result, measure=measure)
    if compared is None:
        raise OfferError(_("This category has no theme of the survey to compare with."))
    return compared.table.assign(
        theme=category.theme, measure_name=measure, thin_cut=compared.params["thin_cut"],
        rating_threshold=compared.params["rating_threshold"], distance_method=method,
    )[PERCEIVED_COLUMNS]  # fmt: skip


def offer_file(
    kommune: Kommune,
    category: OfferCategory,
    kind: str,
    campaign: Campaign | None = None,
    network: WalkingNetwork | None = None,
) -> tuple[bytes, str, str]:
    """The file's bytes, name and MIME type (``kind``: csv, csv-excel, xlsx, gpkg, or
    perceived / perceived-excel: the comparison with ``campaign``'s medians of the category's
    theme). The ``-excel`` CSVs are for German Excel (decimal comma, codes as text).
    Distances along ``network`` when given; every file names the distance used.

    With a database session (see the tests)::

        data, name, mimetype = offer_file(koeln, kita, "gpkg")   # name 'angebote-kita.gpkg'
    """
    kind = kind if kind in FORMATS else "csv"
    suffix, mimetype = FORMATS[kind]
    result = category_coverage(kommune, category, target=saved_target(kommune, category),
                               network=network)  # fmt: skip
    method = distance_method(result.params)
    with tempfile.TemporaryDirectory(prefix="qk-offers-") as folder:
        path = Path(folder) / f"offers{suffix}"
        excel = "-excel" if kind.endswith("-excel") else ""
        if kind.startswith("perceived"):
            table = perceived_table(campaign, category, result, method)
            if excel:
                _excel_csv(table, path)
            else:
                write_csv(table, path)
            return path.read_bytes(), f"angebote-{category.slug}-wahrnehmung{excel}.csv", mimetype
        _write(kind, category, result, method, path)
        return path.read_bytes(), f"angebote-{category.slug}{excel}{suffix}", mimetype
