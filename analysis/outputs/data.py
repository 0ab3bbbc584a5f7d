"""What the analysis needs of a survey campaign, as plain frames: :class:`CampaignData`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd

from analysis.stats.index import IndexResult

__all__ = ["RATING_KEYS", "CampaignData", "RoundDateError", "SavedIndex", "round_date"]

RATING_KEYS = ["round", "area_code", "role", "theme"]


@dataclass
class SavedIndex:
    """A social index as a planner saved it: every output shows this result, never a new one.

    ``result`` holds the table (``area_code``, ``index``, ``class``, ``class_label`` …; usually
    over all the Kommune's areas) and the parameters; ``year`` is the year of its values.
    ``inputs``, the keyword arguments of :func:`analysis.stats.index.social_index` that gave
    it, let the sensitivity table recompute variants (without them it is left empty).
    ``name`` is the version's name as the planner saved it (the report's cover names it).
    """

    result: IndexResult
    year: int | None = None
    inputs: Mapping[str, Any] | None = None
    name: str | None = None

    @property
    def indicators(self) -> list[str]:
        """The indicators of the index, as its parameters name them."""
        return [str(i) for i in self.result.params.get("indicators", [])]


@dataclass
class CampaignData:
    """Everything :func:`analysis.outputs.build.build_outputs` needs, as plain frames.

    ``themes`` may carry ``scale_min``/``scale_max`` (one scale for all themes); without them the
    ratings are read on the Place Standard's 1–7.
    """

    title: str
    kommune: str
    k: int
    themes: pd.DataFrame
    areas: gpd.GeoDataFrame
    ratings: pd.DataFrame
    comments: pd.DataFrame
    indicators: pd.DataFrame
    #: The saved index the outputs show (None: files without an index).
    index: SavedIndex | None = None
    #: Why the files have no index (e.g. the saved version covers too few areas); "" otherwise.
    index_note: str = ""
    include_comments: bool = True
    source_note: str = ""
    round: str | None = None
    previous_round: str | None = None
    validation_records: pd.DataFrame | None = None
    #: The indicators' names and units for the report: ``indicator``, ``name``, ``unit``.
    indicator_info: pd.DataFrame | None = None
    #: Keyword arguments for :func:`analysis.stats.validate.validate_needs` (e.g. ``replicates``,
    #: ``margin``, ``hypotheses``, ``shrinkage``); the defaults serve most campaigns.
    validation_options: dict = field(default_factory=dict)


class RoundDateError(ValueError):
    """A round label that names neither a year nor a date (KomMonitor layers need one)."""


def round_date(round_: str) -> dt.date:
    """The reference date of a survey round: 31 December for a year, else the date.

    Round labels are the planner's free text: a label holding one year among other words
    ("2026 – Ü", "Frühjahr 2026") counts as that year.

    Examples
    --------
    >>> round_date("2024"), round_date("2024-06-30"), round_date("Frühjahr 2026")
    (datetime.date(2024, 12, 31), datetime.date(2024, 6, 30), datetime.date(2026, 12, 31))
    """
    text = str(round_).strip()
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 12, 31)
    try:
        return pd.Timestamp(text).date()
    except ValueError:
        years = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text)
        if len(set(years)) == 1:
            return dt.date(int(years[0]), 12, 31)
        raise RoundDateError(f"round {text!r} is neither a year nor a date") from None
