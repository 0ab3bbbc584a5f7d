"""Quartierskompass's analysis: pure Python on plain frames (pandas, geopandas, matplotlib).

No Flask and nothing of the web app: a notebook can read a town's files, compute the social
index, aggregate ratings with small-group suppression, validate the index against them and
write every table, map and report. The names below are the public API, for example::

    from analysis import read_indicator_file, social_index, aggregate_ratings, validate_needs

Each is loaded on first use from its module (``analysis.readers``, ``stats``, ``figures``,
``exports``, ``report``, ``outputs``), so that importing one sub-package never pulls in the
others (``analysis.stats`` stays free of matplotlib).
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public name -> the module that defines it.
_API = {
    # readers: files as the town sends them
    "read_table": "analysis.readers.indicators",
    "read_indicator_file": "analysis.readers.indicator_file",
    "table_columns": "analysis.readers.indicators",
    "read_areas": "analysis.readers.areas",
    "area_fields": "analysis.readers.areas",
    "load_catalogue": "analysis.readers.catalogue",
    "InputFileError": "analysis.readers.errors",
    # stats: index, aggregation, validation
    "social_index": "analysis.stats.index",
    "IndexResult": "analysis.stats.index",
    "aggregate_ratings": "analysis.stats.aggregate",
    "aggregate_counts": "analysis.stats.aggregate",
    "overall_scores": "analysis.stats.aggregate",
    "filter_comments": "analysis.stats.aggregate",
    "validate_needs": "analysis.stats.validate",
    "Scale": "analysis.stats.scale",
    # figures: compass, maps, quadrant
    "compass": "analysis.figures.compass",
    "compass_svg": "analysis.figures.compass_svg",
    "draw_compass": "analysis.figures.compass_png",
    "classify": "analysis.figures.classes",
    "choropleth": "analysis.figures.maps",
    "quadrant_chart": "analysis.figures.quadrant",
    "save_figure": "analysis.figures.style",
    # exports: office and GIS files
    "write_csv": "analysis.exports.tables",
    "write_xlsx": "analysis.exports.tables",
    "write_geopackage": "analysis.exports.gis",
    "write_kommonitor_geojson": "analysis.exports.gis",
    # a campaign's every result file, in the reader's words
    "CampaignData": "analysis.outputs.data",
    "SavedIndex": "analysis.outputs.data",
    "build_outputs": "analysis.outputs.build",
    "Texts": "analysis.texts",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
