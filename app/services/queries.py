"""Query functions: one SQL query per frame, in the shapes the analysis package expects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import chain

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pandas.api.types import union_categoricals
from sqlalchemy import Select, case, select

from app.core.extensions import db
from app.core.i18n import localized
from app.models import (
    Area,
    Campaign,
    Comment,
    Indicator,
    IndicatorValue,
    Instrument,
    Kommune,
    Rating,
    Response,
    Theme,
)

_ANSWER = {"response_id": "int64", **dict.fromkeys(("round", "area_code", "role", "theme"), "str")}
RATINGS_DTYPES = {**_ANSWER, "score": "float64"}
COMMENTS_DTYPES = {**_ANSWER, "kind": "str", "text": "str"}
INDICATORS_DTYPES = {"area_code": "str", "indicator": "str", "year": "Int64", "value": "float64"}
THEMES_DTYPES = {
    "slug": "str",
    "position": "int64",
    "title": "str",
    "scale_min": "int64",
    "scale_max": "int64",
}
AREAS_DTYPES = {"code": "str", "name": "str", "population": "Int64", "area_km2": "float64"}


#: Rows fetched at a time: 100k responses give 1.4 million ratings, read in slices.
CHUNK_ROWS = 100_000

#: The one place that decides which answers count: answers a planner set aside (a burst,
#: app/planner/bursts.py) count nowhere – not in aggregates, k-counts, comments, exports or
#: the report, all of which read their answers through the frames below.
COUNTED = Response.set_aside_id.is_(None)

#: The one place that decides which comments a reader sees: only those a planner or moderator
#: reviewed and let through (app.services.comments). The round table, public pages, exports
#: and the report all read comments through ``comments_frame``; a redacted comment gives its
#: redacted text there, never the original.
SHOWN = Comment.review.in_(("shown", "redacted"))
SHOWN_TEXT = case((Comment.review == "redacted", Comment.redacted_text), else_=Comment.text)


def _rows(stmt: Select):
    """Rows of ``stmt`` in slices, from the driver's cursor in the session's transaction (result
    rows through SQLAlchemy made the read 3 × slower: 136,000 ratings in 1.2 s, now 0.4 s)."""
    connection = db.session.connection()
    compiled = stmt.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        while rows := cursor.fetchmany(CHUNK_ROWS):
            yield rows
    finally:
        cursor.close()


def _read(stmt: Select, dtypes: Mapping[str, str]) -> pd.DataFrame:
    """Run one SELECT in the session's transaction and give the columns their contract dtypes;
    text columns of large reads are held as categories (half the peak memory of a fetchall)."""
    slices, names = _rows(stmt), list(dtypes)
    first = next(slices, [])
    if len(first) < CHUNK_ROWS:  # one slice (a Quartier's comments): no detour via categories
        slices.close()
        return pd.DataFrame.from_records(first, columns=names).astype(dict(dtypes))
    compact = {c: "category" if t == "str" else t for c, t in dtypes.items()}
    chunks = [
        pd.DataFrame.from_records(r, columns=names).astype(compact) for r in chain([first], slices)
    ]
    columns = {
        c: union_categoricals([part[c] for part in chunks])
        if t == "category"
        else pd.concat([part[c] for part in chunks], ignore_index=True)
        for c, t in compact.items()
    }
    return pd.DataFrame(columns).astype(dict(dtypes))


def _ids(campaign_ids: Iterable[int]) -> list[int]:
    return sorted({int(i) for i in campaign_ids})


def _answer_rows(
    model: type[Rating] | type[Comment],
    campaign_ids: Iterable[int],
    *columns,
    area_codes: Iterable[str] | None = None,
):
    """Counted rows of ``model`` (one per rating or comment) with response, round, area, role
    and theme in front of ``columns``, in the order they were stored; of ``area_codes`` only,
    if given (a group is one area's, so its statistics do not depend on the other areas)."""
    stmt = (
        select(Response.id, Campaign.round_label, Area.code, Response.role, Theme.slug, *columns)
        .select_from(model)
        .join(Response, model.response_id == Response.id)
        .join(Campaign, Response.campaign_id == Campaign.id)
        .join(Area, Response.area_id == Area.id)
        .join(Theme, model.theme_id == Theme.id)
        .where(Response.campaign_id.in_(_ids(campaign_ids)), COUNTED)
        .order_by(model.id)
    )
    if area_codes is not None:
        stmt = stmt.where(Area.code.in_(sorted(set(area_codes))))
    return stmt


def ratings_frame(
    campaign_ids: Iterable[int], area_codes: Iterable[str] | None = None
) -> pd.DataFrame:
    """Counted ratings of the campaigns: response_id, round, area_code, role, theme, score (NaN).

    ``area_codes`` limits them to those Quartiere (the round table shows one).
    """
    # Numbers only, not every rating's round, Quartier and theme as text: the driver makes no
    # string per row and numpy reads each slice at once (10,000 answers, SQLite: 0.47 → 0.23 s).
    # The responses are read after the ratings: one set aside in between is left out.
    responses = select(Response.id).where(Response.campaign_id.in_(_ids(campaign_ids)), COUNTED)
    if area_codes is not None:
        codes = select(Area.id).where(Area.code.in_(sorted(set(area_codes))))
        responses = responses.where(Response.area_id.in_(codes))
    stmt = (
        select(Rating.response_id, Rating.theme_id, Rating.score)
        .where(Rating.response_id.in_(responses))
        .order_by(Rating.id)
    )
    slices = [np.array(rows, dtype=np.float64) for rows in _rows(stmt)]
    ratings = np.concatenate(slices) if slices else np.empty((0, 3))
    people = db.session.execute(
        responses.add_columns(Response.campaign_id, Response.area_id, Response.role)
        .order_by(Response.id)
    ).all()  # fmt: skip
    if not len(ratings) or not people:
        return pd.DataFrame.from_records([], columns=list(RATINGS_DTYPES)).astype(RATINGS_DTYPES)
    person_ids, *columns = (np.array(column) for column in zip(*people, strict=True))
    response_ids = ratings[:, 0].astype(np.int64)
    found = np.searchsorted(person_ids, response_ids).clip(max=len(person_ids) - 1)
    kept = person_ids[found] == response_ids
    response_ids, ratings, found = response_ids[kept], ratings[kept], found[kept]
    rounds, areas, roles = (column[found] for column in columns)
    themes = ratings[:, 1].astype(np.int64)
    return pd.DataFrame({
        "response_id": response_ids,
        "round": _labels(rounds, select(Campaign.id, Campaign.round_label)),
        "area_code": _labels(areas, select(Area.id, Area.code)),
        "role": pd.array(roles.astype(object), dtype="str"),
        "theme": _labels(themes, select(Theme.id, Theme.slug)),
        "score": ratings[:, 2],
    })  # fmt: skip


def _labels(ids: np.ndarray, stmt: Select) -> pd.api.extensions.ExtensionArray:
    """The text of each id in ``ids`` as ``stmt`` (id, text) gives it, read for those ids only."""
    found, where = np.unique(ids, return_inverse=True)
    id_column = stmt.selected_columns[0]
    texts = dict(db.session.execute(stmt.where(id_column.in_(found.tolist()))).all())
    return pd.array(np.array([texts[i] for i in found.tolist()], dtype=object)[where], dtype="str")


def comments_frame(
    campaign_ids: Iterable[int], area_codes: Iterable[str] | None = None
) -> pd.DataFrame:
    """Counted, reviewed comments of the campaigns: response_id, round, area_code, role, theme,
    kind, text (the redacted text where a reviewer redacted one). Unreviewed and hidden
    comments are not in it. ``area_codes`` limits them to those Quartiere."""
    stmt = _answer_rows(
        Comment, campaign_ids, Comment.kind, SHOWN_TEXT, area_codes=area_codes
    ).where(SHOWN)
    return _read(stmt, COMMENTS_DTYPES)


def unreviewed_comments_frame(
    campaign_ids: Iterable[int], area_codes: Iterable[str] | None = None
) -> pd.DataFrame:
    """Counted comments nobody has reviewed yet, without their text (to count, never to show);
    of ``area_codes`` only, if given."""
    stmt = _answer_rows(Comment, campaign_ids, Comment.kind, area_codes=area_codes)
    stmt = stmt.where(Comment.review == "new")
    return _read(stmt, {c: t for c, t in COMMENTS_DTYPES.items() if c != "text"})


def areas_frame(kommune: Kommune, codes: Iterable[str] | None = None) -> gpd.GeoDataFrame:
    """The Kommune's areas (or those with ``codes``): code, name, population, area_km2, geometry.

    Geometry comes from the stored GeoJSON in EPSG:4326; areas without one have none.
    """
    stmt = select(Area.code, Area.name, Area.population, Area.area_km2, Area.geometry).where(
        Area.kommune_id == kommune.id
    )
    if codes is not None:
        stmt = stmt.where(Area.code.in_(sorted(set(codes))))
    frame = pd.read_sql(stmt, db.session.connection())
    frame.columns = [*AREAS_DTYPES, "geometry"]
    # Sorted here, not in SQL: database collations order "1 a" and "15 b" differently.
    frame = frame.sort_values("code", ignore_index=True)
    geojson = frame.pop("geometry").to_numpy(dtype=object)
    geometry = shapely.from_geojson(np.where(pd.isna(geojson), None, geojson))
    return gpd.GeoDataFrame(frame.astype(AREAS_DTYPES), geometry=geometry, crs="EPSG:4326")


def indicators_frame(
    kommune: Kommune, keys: Sequence[str] | None = None, area_codes: Iterable[str] | None = None
) -> pd.DataFrame:
    """Stored indicator values, long: area_code, indicator, year, value (filtered if given)."""
    stmt = (
        select(Area.code, Indicator.key, IndicatorValue.year, IndicatorValue.value)
        .select_from(IndicatorValue)
        .join(Indicator, IndicatorValue.indicator_id == Indicator.id)
        .join(Area, IndicatorValue.area_id == Area.id)
        .where(Indicator.kommune_id == kommune.id)
    )
    for column, values in ((Indicator.key, keys), (Area.code, area_codes)):
        stmt = stmt if values is None else stmt.where(column.in_(sorted(set(values))))
    frame = _read(stmt, INDICATORS_DTYPES)
    return frame.sort_values(["indicator", "year", "area_code"], ignore_index=True)


def indicator_info_frame(kommune: Kommune, lang: str) -> pd.DataFrame:
    """The Kommune's indicators with their names (in ``lang``) and units: indicator, name, unit."""
    stmt = select(Indicator.key, Indicator.name, Indicator.unit).where(
        Indicator.kommune_id == kommune.id
    )
    rows = [(key, localized(name, lang) or key, unit or "") for key, name, unit in
            db.session.execute(stmt)]  # fmt: skip
    return pd.DataFrame(rows, columns=["indicator", "name", "unit"], dtype="str")


def themes_frame(instrument: Instrument, lang: str) -> pd.DataFrame:
    """The instrument's themes in order: slug, position, title (in ``lang``, else the default)
    and the scale (``scale_min``, ``scale_max``) that the analysis reads the ratings on."""
    stmt = (
        select(Theme.slug, Theme.position, Theme.title, Theme.scale_min, Theme.scale_max)
        .where(Theme.instrument_id == instrument.id)
        .order_by(Theme.position)
    )
    rows = db.session.execute(stmt).all()
    frame = pd.DataFrame(
        [
            (slug, position, localized(title, lang), *scale)
            for slug, position, title, *scale in rows
        ],
        columns=list(THEMES_DTYPES),
    )
    return frame.astype(THEMES_DTYPES)


def earlier_rounds(campaign: Campaign) -> list[Campaign]:
    """The campaigns of the same Kommune and instrument up to this one's round, oldest first."""
    stmt = (
        select(Campaign)
        .where(
            Campaign.kommune_id == campaign.kommune_id,
            Campaign.instrument_id == campaign.instrument_id,
            Campaign.round_label <= campaign.round_label,
        )
        .order_by(Campaign.round_label, Campaign.id)
    )
    return list(db.session.scalars(stmt))


def index_directions(kommune: Kommune, keys: Sequence[str]) -> dict[str, int]:
    """+1 / -1 per stored indicator key, as ``social_index(directions=...)`` takes them."""
    stmt = select(Indicator.key, Indicator.direction).where(
        Indicator.kommune_id == kommune.id, Indicator.key.in_(list(keys))
    )
    return {
        key: -1 if direction == "lower_is_more_need" else 1
        for key, direction in db.session.execute(stmt)
    }
