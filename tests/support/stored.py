"""Public data stored in the app as a planner would have it: Köln's eight years, Berlin's MSS."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Indicator, Kommune
from tests.support.data import berlin_mss, koeln_population
from tests.support.indicator_files import import_indicators

#: Köln's counts (the share "Anteil_unter_6" is in %).
KOELN_COUNTS = ("EW", "unter_6")


def _kommune(name: str, areas: pd.DataFrame) -> Kommune:
    """A Kommune with areas (``code``, ``name``, ``population``), no outlines."""
    with write_transaction():
        kommune = Kommune(name=name)
        db.session.add(kommune)
        for row in areas.itertuples():
            population = None if pd.isna(row.population) else int(row.population)
            db.session.add(
                Area(kommune=kommune, code=row.code, name=row.name, population=population)
            )
    return kommune


def _import_long(long: pd.DataFrame, kommune: str, path: Path) -> None:
    """Write a long table (area_code, indicator, year, value) as CSV and import it for real."""
    long.to_csv(path, sep=";", decimal=",", index=False)
    import_indicators(path, kommune, "area_code")


def store_koeln(
    folder: Path, planted: tuple[str, int, float] | None = None, name: str = "Köln"
) -> Kommune:
    """Köln's 86 Stadtteile with EW, unter 6 and Anteil unter 6 for 2005–2012, imported.

    ``planted`` = (code, year, factor) multiplies that Stadtteil's EW in that year (a typing
    error the jump check must find).
    """
    long = koeln_population()
    long = long[long["level"] == "stadtteil"][["area_code", "indicator", "year", "value"]]
    if planted is not None:
        code, year, factor = planted
        hit = (long["area_code"] == code) & (long["year"] == year) & (long["indicator"] == "EW")
        long.loc[hit, "value"] *= factor
    ew = long[(long["indicator"] == "EW") & (long["year"] == 2012)]
    areas = pd.DataFrame({"code": ew["area_code"], "name": "Stadtteil " + ew["area_code"],
                          "population": ew["value"]})  # fmt: skip
    kommune = _kommune(name, areas)
    _import_long(long, name, folder / f"{name}.csv")
    with write_transaction():
        for indicator in db.session.scalars(select(Indicator).where(Indicator.kommune == kommune)):
            # As a planner says it on the indicators page: the file names no units.
            indicator.unit = "Personen" if indicator.key in KOELN_COUNTS else "%"
    return kommune


def store_berlin_two_years(folder: Path) -> Kommune:
    """Berlin's 542 Planungsräume with S1, S3, S4 stored for 2020 (the published values) and
    2018 (value minus the published two-year change D1, D3, D4) and EW for 2020, imported."""
    mss = berlin_mss()
    areas = pd.DataFrame({"code": mss["PLR_ID"], "name": mss["PLR_ID"], "population": mss["EW"]})
    kommune = _kommune("Berlin", areas)
    frames = [mss[["PLR_ID"]].assign(indicator="EW", year=2020, value=mss["EW"])]
    for s, d in (("S1", "D1"), ("S3", "D3"), ("S4", "D4")):
        frames.append(mss[["PLR_ID"]].assign(indicator=s, year=2020, value=mss[s]))
        frames.append(mss[["PLR_ID"]].assign(indicator=s, year=2018, value=mss[s] - mss[d]))
    long = pd.concat(frames, ignore_index=True).rename(columns={"PLR_ID": "area_code"})
    _import_long(long.dropna(subset=["value"]), "Berlin", folder / "berlin.csv")
    return kommune
