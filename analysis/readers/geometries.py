"""Check the geometries of area features: present, valid (or repaired) and polygons.

A feature that fails is left out with a :class:`~analysis.readers.errors.Message` that says
why, so that an upload preview can list it and the planner can fix the file.
"""

from __future__ import annotations

from collections.abc import Iterable

import shapely

from analysis.readers.errors import N_, Message

__all__ = ["check_geometries", "polygonal"]


def polygonal(geom: shapely.Geometry) -> shapely.Geometry | None:
    """Return the polygon part of a geometry, or None when it has none.

    Examples
    --------
    >>> square = shapely.box(0, 0, 1, 1)
    >>> polygonal(shapely.GeometryCollection([square, shapely.Point(5, 5)])).geom_type
    'Polygon'
    >>> polygonal(shapely.Point(5, 5)) is None
    True
    """
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    if geom.geom_type == "GeometryCollection":
        parts = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        if parts:
            return shapely.union_all(parts)
    return None


def _invalid(code: str, geom: shapely.Geometry, repair: bool):
    if not repair:
        reason = shapely.is_valid_reason(geom)
        return None, Message(
            N_("feature '%(code)s' has an invalid geometry (%(reason)s)."),
            {"code": code, "reason": reason},
        )
    repaired = polygonal(shapely.make_valid(geom))
    if repaired is None or repaired.is_empty:
        return None, Message(
            N_("feature '%(code)s' has an invalid geometry that cannot be repaired."),
            {"code": code},
        )
    return repaired, None


def _checked(code: str, geom: shapely.Geometry | None, repair: bool):
    if geom is None or geom.is_empty:
        return None, Message(N_("feature '%(code)s' has no geometry."), {"code": code})
    if not geom.is_valid:
        return _invalid(code, geom, repair)
    if polygonal(geom) is None:
        return None, Message(
            N_("feature '%(code)s' is a %(kind)s, not a polygon."),
            {"code": code, "kind": geom.geom_type},
        )
    return geom, None


def check_geometries(
    codes: Iterable[object], geometries: Iterable[shapely.Geometry | None], repair: bool
) -> tuple[list[shapely.Geometry | None], list[Message]]:
    """Return the usable geometry per feature (None where unusable) and the problems found.

    Invalid geometries are repaired with :func:`shapely.make_valid` (keeping the polygon
    parts) when ``repair`` is true and left out otherwise.

    Examples
    --------
    >>> bow_tie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    >>> geoms, problems = check_geometries(["a", "b"], [bow_tie, shapely.Point(0, 0)], True)
    >>> [g.geom_type if g else None for g in geoms], [str(p) for p in problems]
    (['MultiPolygon', None], ["feature 'b' is a Point, not a polygon."])
    """
    geoms, problems = [], []
    for code, geom in zip(codes, geometries, strict=True):
        checked, problem = _checked(str(code), geom, repair)
        geoms.append(checked)
        if problem is not None:
            problems.append(problem)
    return geoms, problems
