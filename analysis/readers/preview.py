"""Upload previews: read a file once, list its fields, guess the planner's choice, check it.

A preview separates two kinds of trouble. A file that cannot be read, is not what its name
says or is over a limit raises :class:`~analysis.readers.errors.InputFileError` (the upload is
refused). A choice that does not fit the file (a field that is not there, no CRS) is returned
as ``error`` beside the fields, so the planner can choose again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from os import PathLike
from typing import Any

import geopandas as gpd

from analysis.readers import areas
from analysis.readers.errors import InputFileError, Message
from analysis.readers.indicator_file import NO_COLUMN, IndicatorFile, read_indicator_file

__all__ = ["AreaPreview", "TablePreview", "guess_field", "preview_areas", "preview_table"]

ID_HINTS = ("code", "id", "nr")
NAME_HINTS = ("name", "bez")


def guess_field(fields: Sequence[str], hints: Sequence[str]) -> str:
    """The first field whose name contains the first hint that any field contains.

    Examples
    --------
    >>> guess_field(["STT_NR", "STT_NAME"], ("code", "id", "nr"))
    'STT_NR'
    """
    for hint in hints:
        for name in fields:
            if hint in name.lower():
                return name
    return fields[0] if fields else ""


@dataclass
class AreaPreview:
    """What an area upload holds: its fields, the choice used, and the areas or the error."""

    fields: list[str]
    choice: dict[str, str]
    frame: gpd.GeoDataFrame | None = None
    problems: list[Message] = field(default_factory=list)
    source_crs: str = ""
    error: InputFileError | None = None


def preview_areas(
    path: str | PathLike,
    *,
    id_field: str | None = None,
    name_field: str | None = None,
    population_field: str | None = None,
    crs: str | None = None,
    dissolve_by: str | None = None,
    parent_field: str | None = None,
) -> AreaPreview:
    """Read a geodata file once and check it with the chosen (or guessed) fields.

    ``dissolve_by`` merges the features that share the field into one area (code and name
    from that field unless chosen), ``parent_field`` names the code of the area above, as
    ``flask areas import --dissolve-by/--parent-field`` (:func:`~analysis.readers.areas.
    inspect_areas`).

    Examples
    --------
    >>> import analysis
    >>> from pathlib import Path
    >>> data = Path(analysis.__file__).parents[1] / "tests" / "data"
    >>> preview = preview_areas(data / "quartiere.geojson", id_field="Nr", name_field="Name")
    >>> preview.fields, len(preview.frame)
    (['Nr', 'Name', 'EW'], 3)
    """
    layer = areas.read_layer(path)
    fields = layer.fields
    choice = {
        "id_field": id_field or dissolve_by or guess_field(fields, ID_HINTS),
        "name_field": name_field or dissolve_by or guess_field(fields, NAME_HINTS),
        "population_field": population_field or "",
        "crs": crs or "",
        "dissolve_by": dissolve_by or "",
        "parent_field": parent_field or "",
    }
    preview = AreaPreview(fields, choice)
    if not fields:
        return preview
    try:
        preview.frame, preview.problems, preview.source_crs = areas.inspect_areas(
            layer,
            id_field=choice["id_field"],
            name_field=choice["name_field"],
            population_field=population_field or None,
            crs=crs or None,
            dissolve_by=dissolve_by or None,
            parent_field=parent_field or None,
        )
    except InputFileError as exc:
        preview.error = exc
    return preview


@dataclass
class TablePreview:
    """What a table upload holds: its header, the key column used, and the file read with its
    column report (:class:`~analysis.readers.indicator_file.IndicatorFile`) or the error."""

    header: list[str]
    id_column: str
    found: IndicatorFile | None = None
    error: InputFileError | None = None


def preview_table(path: str | PathLike, **options: Any) -> TablePreview:
    """Read an indicator table once with the planner's choices (the options of
    :func:`~analysis.readers.indicator_file.read_indicator_file`).

    A choice of column that is not in the file comes back as ``error`` beside the header
    (read with the guessed columns), so that the planner can choose again.

    Examples
    --------
    >>> import analysis
    >>> from pathlib import Path
    >>> preview = preview_table(Path(analysis.__file__).parents[1] / "tests/data/indikatoren.csv")
    >>> preview.id_column, [line.key for line in preview.found.indicators]
    ('Sozialraum', ['SGB2', 'Alleinerziehende'])
    >>> preview_table(Path(analysis.__file__).parents[1] / "tests/data/indikatoren.csv",
    ...               key_column="Gebiet").error.message.template
    "there is no column '%(name)s'; the columns are: %(columns)s."
    """
    try:
        found = read_indicator_file(path, **options)
    except InputFileError as exc:
        if exc.message.template != NO_COLUMN:
            raise
        guessed = read_indicator_file(path, **{**options, "key_column": None, "name_column": None})
        return TablePreview(guessed.header, guessed.key_column, None, exc)
    return TablePreview(found.header, found.key_column, found)
