"""The indicator catalogue: definitions, units, directions and domains of indicators."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from importlib import resources
from os import PathLike
from pathlib import Path

import pandas as pd

__all__ = ["CATALOGUE_COLUMNS", "DIRECTIONS", "DOMAINS", "direction_sign", "load_catalogue"]

DIRECTIONS = {"higher_is_more_need": 1, "lower_is_more_need": -1}
DOMAINS = ("armut", "bildung", "demografie", "erwerb", "gesundheit", "wohnen")
CATALOGUE_COLUMNS = [
    "key",
    "name_de",
    "name_en",
    "definition_de",
    "definition_en",
    "numerator",
    "denominator",
    "unit",
    "direction",
    "domain",
    "sdg",
    "source",
    "reference_date",
    "references",
]
_REQUIRED = ("key", "name", "unit", "domain")


class CatalogueError(ValueError):
    """An indicator definition is incomplete or invalid; the message names the indicator."""


def _texts(entry: Mapping, row: dict) -> None:
    """Name and definition, from {"de": …, "en": …}, a plain text (German) or name_de/name_en."""
    for field in ("name", "definition"):
        value = entry.get(field)
        if isinstance(value, Mapping):
            row[f"{field}_de"], row[f"{field}_en"] = value.get("de"), value.get("en")
        elif isinstance(value, str):
            row[f"{field}_de"] = value
        for lang in ("de", "en"):
            if entry.get(f"{field}_{lang}") not in (None, ""):
                row[f"{field}_{lang}"] = entry[f"{field}_{lang}"]


def _check(row: dict) -> None:
    """Refuse an entry without its required fields or with an unknown direction or domain."""
    label = f"indicator '{row['key']}'" if row["key"] else "an indicator without key"
    missing = [f for f in _REQUIRED if not row.get(f if f != "name" else "name_de")]
    if missing:
        raise CatalogueError(f"{label} lacks the required field(s): {', '.join(missing)}.")
    if row["direction"] is not None and row["direction"] not in DIRECTIONS:
        raise CatalogueError(
            f"{label} has direction '{row['direction']}'; use 'higher_is_more_need' or "
            "'lower_is_more_need'."
        )
    if row["domain"] not in DOMAINS:
        raise CatalogueError(
            f"{label} has domain '{row['domain']}'; use one of {', '.join(DOMAINS)}."
        )
    if row["sdg"] is not None:
        try:
            row["sdg"] = int(row["sdg"])
        except (TypeError, ValueError) as exc:
            raise CatalogueError(f"{label} has an SDG that is not a number.") from exc


def _references(value) -> str | None:
    """Sources as one text: a list of {"title", "url"} becomes "title <url>; …"."""
    if isinstance(value, list):
        return "; ".join(
            f"{r['title']} <{r['url']}>" if r.get("url") else r["title"] for r in value
        )
    return value


def _flatten(entry: Mapping, source: str) -> dict:
    """Turn a JSON entry ({"name": {"de", "en"}}) or a CSV row (name_de, ...) into a row."""
    row = {column: None for column in CATALOGUE_COLUMNS}
    _texts(entry, row)
    fields = ("key", "numerator", "denominator", "unit", "direction", "domain", "sdg",
              "reference_date", "references")  # fmt: skip
    for field in fields:
        value = entry.get(field)
        row[field] = (
            None if value is None or (isinstance(value, float) and pd.isna(value)) else value
        )
    row["key"] = None if row["key"] is None else str(row["key"]).strip()
    row["direction"] = row["direction"] or None
    row["references"] = _references(row["references"])
    _check(row)
    row["name_en"] = row["name_en"] or row["name_de"]
    row["source"] = source
    return row


def _read_extra(extra: str | PathLike | Iterable[Mapping]) -> list[Mapping]:
    if isinstance(extra, str | PathLike):
        path = Path(extra)
        if not path.is_file():
            raise CatalogueError(f"the catalogue file '{path.name}' does not exist.")
        if path.suffix.lower() == ".json":
            try:
                data = json.loads(path.read_text(encoding="utf-8-sig"))
            except json.JSONDecodeError as exc:
                raise CatalogueError(f"'{path.name}' is not valid JSON ({exc}).") from exc
            if not isinstance(data, list):
                raise CatalogueError(f"'{path.name}' must hold a JSON list of indicators.")
            return data
        if path.suffix.lower() == ".csv":
            table = pd.read_csv(path, sep=None, engine="python", dtype=str, encoding="utf-8-sig")
            return table.to_dict("records")
        raise CatalogueError(f"'{path.name}': catalogues are read from JSON or CSV files.")
    if isinstance(extra, Mapping):
        raise TypeError("extra must be a list of indicator dicts, not a single dict.")
    entries = list(extra)
    if not all(isinstance(e, Mapping) for e in entries):
        raise TypeError("extra must be a path or a list of dicts.")
    return entries


def load_catalogue(extra: str | PathLike | Iterable[Mapping] | None = None) -> pd.DataFrame:
    """Load the built-in indicator catalogue, optionally extended by a planner's own entries.

    ``extra`` is a JSON file (a list like ``analysis/data/indicators.json``), a CSV file
    (columns ``key, name_de, name_en, definition_de, definition_en, numerator, denominator,
    unit, direction, domain, sdg, reference_date, references``) or a list of dicts. Required:
    key, name, unit and domain (one of :data:`DOMAINS`). ``direction`` is
    ``higher_is_more_need``, ``lower_is_more_need`` or empty where the source defines none
    (such an indicator enters no index until a planner confirms one). ``references`` names
    the sources (a text, or a list of ``{"title", "url"}``). A planner entry with a built-in
    key replaces it (``source="planner"``).

    Returns
    -------
    pandas.DataFrame
        One row per indicator with :data:`CATALOGUE_COLUMNS`, built-ins first.

    Examples
    --------
    >>> cat = load_catalogue([{"key": "spielflaeche", "name": "Spielfläche je Kind",
    ...     "unit": "m²", "direction": "lower_is_more_need", "domain": "wohnen"}])
    >>> cat.set_index("key").loc["spielflaeche", "direction"]
    'lower_is_more_need'
    """
    text = resources.files("analysis").joinpath("data/indicators.json").read_text("utf-8")
    rows = {r["key"]: r for r in (_flatten(e, "builtin") for e in json.loads(text))}
    if extra is not None:
        seen: set[str] = set()
        for entry in _read_extra(extra):
            row = _flatten(entry, "planner")
            if row["key"] in seen:
                raise CatalogueError(f"the indicator '{row['key']}' is defined twice.")
            seen.add(row["key"])
            rows[row["key"]] = row
    frame = pd.DataFrame(list(rows.values()), columns=CATALOGUE_COLUMNS)
    frame["sdg"] = frame["sdg"].astype("Int64")
    for column in CATALOGUE_COLUMNS:
        if column not in ("sdg", "direction"):
            frame[column] = frame[column].fillna("").astype("str")
    return frame


def direction_sign(catalogue: pd.DataFrame, keys: Iterable[str]) -> dict[str, int]:
    """Map indicator keys to +1 (higher is more need) or -1 (lower is more need).

    The result can be passed as ``directions`` to :func:`analysis.stats.index.social_index`.

    Examples
    --------
    >>> direction_sign(load_catalogue(), ["S1", "S4"])
    {'S1': 1, 'S4': 1}
    """
    if not isinstance(catalogue, pd.DataFrame) or not {"key", "direction"} <= set(catalogue):
        raise TypeError("catalogue must be a DataFrame from load_catalogue().")
    if isinstance(keys, str):
        raise TypeError("keys must be a sequence of indicator keys, not a single str.")
    lookup = dict(zip(catalogue["key"], catalogue["direction"], strict=True))
    unknown = [k for k in keys if k not in lookup]
    if unknown:
        raise CatalogueError(f"the catalogue has no indicator {unknown[0]!r}; add it first.")
    open_ = [k for k in keys if lookup[k] not in DIRECTIONS]
    if open_:
        raise CatalogueError(
            f"the catalogue gives no direction for {open_[0]!r} (its source defines none); "
            "confirm one first."
        )
    return {k: DIRECTIONS[lookup[k]] for k in keys}
