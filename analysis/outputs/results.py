"""The computed half of :func:`analysis.outputs.build.build_outputs`: :func:`compute_results`.

Small groups are suppressed here, once, before anything is written: a group with fewer than
``k`` people who gave a score leaves no statistic, and one with fewer than ``k`` respondents no
comment, in any output. The index is the saved one; nothing here computes an index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from analysis.outputs.data import RATING_KEYS, CampaignData
from analysis.stats.aggregate import aggregate_counts, filter_comments
from analysis.stats.area_pieces import ResultPiece, bootstrap_settings, combine, result_piece
from analysis.stats.scale import Scale, scale_of
from analysis.stats.validate import ValidationResult, validate_needs
from analysis.texts import Texts

__all__ = ["Results", "compute_results"]

BY = ("round", "area_code", "role")


@dataclass
class Results:
    """A campaign's computed, suppressed tables that every file is written from."""

    data: CampaignData
    texts: Texts
    themes: pd.DataFrame
    scale: Scale
    current: str
    aggregated: pd.DataFrame
    overall: pd.DataFrame
    comments: pd.DataFrame
    index_table: pd.DataFrame
    index_params: dict
    index_year: int | None
    validation: ValidationResult
    areas: gpd.GeoDataFrame
    layer: gpd.GeoDataFrame
    generated: dt.date

    @property
    def titles(self) -> dict[str, str]:
        """Theme titles by slug, in instrument order."""
        return dict(zip(self.themes["slug"], self.themes["title"], strict=True))

    @property
    def ratings_table(self) -> pd.DataFrame:
        """The aggregated ratings with each theme's title (as CSV and sheet)."""
        return self.aggregated.assign(theme_title=self.aggregated["theme"].map(self.titles))


def _index(data: CampaignData) -> tuple[pd.DataFrame, dict, int | None, Mapping | None]:
    """The saved index's rows of the campaign's areas (in their order), its parameters, year
    and the inputs for the sensitivity table; an empty table without an index."""
    codes = data.areas["code"].astype(str).reset_index(drop=True)
    if data.index is None:
        empty = pd.DataFrame({"area_code": codes, "index": np.nan, "class": pd.NA})
        empty = empty.astype({"class": "Int64"}).assign(class_label=pd.NA, excluded_reason="")
        return empty.astype({"class_label": "str"}), {}, None, None
    saved = data.index.result.table
    table = pd.DataFrame({"area_code": codes}).merge(saved, on="area_code", how="left")
    if "excluded_reason" in table:
        absent = ~codes.isin(saved["area_code"])
        table["excluded_reason"] = table["excluded_reason"].where(~absent, "not in the index")
    table = table.astype({"class": "Int64"})
    return table, data.index.result.params, data.index.year, data.index.inputs


def _layer(areas, index_table, aggregated, overall, validation, titles, current):
    """Areas with index, residents' n and medians (overall and per theme), and category."""
    resident = aggregated[(aggregated["round"] == current) & (aggregated["role"] == "resident")]
    medians = resident.pivot_table(index="area_code", columns="theme", values="median")
    medians = medians.reindex(columns=list(titles)).add_prefix("median_")
    now = overall[(overall["role"] == "resident") & (overall["round"] == current)]
    now = now.set_index("area_code")
    layer = areas.merge(index_table, left_on="code", right_on="area_code", how="left")
    layer = layer.drop(columns="area_code")
    layer["resident_n"] = layer["code"].map(now["n_respondents"]).astype("Int64")
    layer["resident_median"] = layer["code"].map(now["median"]).astype(float)
    layer = layer.merge(medians, left_on="code", right_index=True, how="left")
    verdict = validation.areas.set_index("area_code")
    layer["category"] = layer["code"].map(verdict["category"])
    layer["category_reason"] = layer["code"].map(verdict["reason"])
    return layer


def compute_results(
    data: CampaignData, texts: Texts | None = None, pieces: Sequence[ResultPiece] | None = None
) -> Results:
    """Aggregate and suppress the ratings, filter the comments, take the saved index and
    validate it against the current round's ratings.

    Everything is computed from the ratings' counts (:mod:`analysis.stats.area_pieces`):
    ``pieces`` may pass them, one per Quartier, made from the same ``data.ratings`` with
    :func:`result_piece` (``current`` the round below, the replicates and seed of
    ``data.validation_options``: see :func:`bootstrap_settings`); a caller that kept the
    pieces of unchanged Quartiere recomputes only the others'. Without them, one piece of
    all ratings (the same values).

    Examples
    --------
    >>> from tests.support.synthetic import synthetic_campaign
    >>> res = compute_results(synthetic_campaign(6, 300, seed=1))
    >>> res.current, bool(res.aggregated["suppressed"].any()), len(res.index_table)
    ('2024', True, 6)
    """
    if not isinstance(data, CampaignData):
        raise TypeError("data must be a CampaignData")
    texts = texts or Texts()
    k, themes = data.k, data.themes.sort_values("position")
    scale = scale_of(themes)
    ratings = data.ratings
    current = data.round or str(ratings["round"].max())
    if pieces is None:
        # Categorical keys make the group-bys over millions of ratings several times faster,
        # and whole-number response ids the distinct counts (they are never written anywhere).
        ratings = ratings.astype({c: "category" for c in RATING_KEYS})
        ratings["response_id"] = pd.factorize(ratings["response_id"])[0]
        replicates, seed = bootstrap_settings(data.validation_options)
        pieces = [result_piece(ratings, current=current, scale=scale, replicates=replicates,
                               seed=seed)]  # fmt: skip
    whole = combine(pieces)
    aggregated = aggregate_counts(whole.counts, k=k, by=(*BY, "theme"), scale=scale)
    overall = aggregate_counts(whole.counts, k=k, by=BY, scale=scale, people=whole.people)
    comments = filter_comments(data.comments, k=k, by=BY, people=whole.people)
    comments = comments.drop(columns=["response_id"], errors="ignore")
    index_table, index_params, index_year, index_inputs = _index(data)
    validation = validate_needs(
        index_table,
        ratings[ratings["round"] == current],
        id_column="area_code",
        k=k,
        scale=scale,
        indicators=data.indicators,
        index_inputs=index_inputs,
        aggregates=aggregated[aggregated["round"] == current],
        overall=overall[overall["round"] == current],
        scores=whole.now,
        texts=texts.validation,
        **data.validation_options,
    )
    areas = data.areas.assign(code=data.areas["code"].astype(str))
    titles = dict(zip(themes["slug"], themes["title"], strict=True))
    layer = _layer(areas, index_table, aggregated, overall, validation, titles, current)
    return Results(
        data=data, texts=texts, themes=themes, scale=scale, current=current,
        aggregated=aggregated, overall=overall, comments=comments, index_table=index_table,
        index_params=index_params, index_year=index_year, validation=validation, areas=areas,
        layer=layer, generated=dt.date.today(),
    )  # fmt: skip
