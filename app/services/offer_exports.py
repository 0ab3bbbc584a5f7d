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

from analysis.exports.gis import write_geopackage
from analysis.exports.tables import write_csv, write_xlsx
from app.models import Kommune, OfferCategory
from app.services.offer_coverage import category_coverage, saved_target
from app.services.offer_report import distance_method
from app.services.queries import areas_frame

#: Download format -> (suffix, MIME type).
FORMATS = {
    "csv": (".csv", "text/csv"),
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "gpkg": (".gpkg", "application/geopackage+sqlite3"),
}


def _write(kind: str, category: OfferCategory, result, method: str, path: Path) -> None:
    table = result.table.assign(distance_method=method)
    if kind == "csv":
        write_csv(table, path)
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


def offer_file(kommune: Kommune, category: OfferCategory, kind: str) -> tuple[bytes, str, str]:
    """The file's bytes, name and MIME type (``kind``: csv, xlsx or gpkg).

    With a database session (see the tests)::

        data, name, mimetype = offer_file(koeln, kita, "gpkg")   # name 'angebote-kita.gpkg'
    """
    suffix, mimetype = FORMATS.get(kind, FORMATS["csv"])
    result = category_coverage(kommune, category, target=saved_target(kommune, category))
    with tempfile.TemporaryDirectory(prefix="qk-offers-") as folder:
        path = Path(folder) / f"offers{suffix}"
        _write(suffix[1:], category, result, distance_method(result.params), path)
        return path.read_bytes(), f"angebote-{category.slug}{suffix}", mimetype
