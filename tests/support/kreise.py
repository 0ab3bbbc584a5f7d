"""Real data as Kreise: Berlin's 12 Bezirke and Köln's 9 Stadtbezirke stored as Kommunen."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Indicator, Kommune, Kreis
from app.services import kreis_setup
from tests.support.data import berlin_mss, koeln_population
from tests.support.indicator_files import import_indicators

COUNT_UNIT = "Personen"


def _kommune(name: str, codes: pd.Series, population: pd.Series) -> None:
    with write_transaction():
        kommune = Kommune(name=name)
        db.session.add(kommune)
        for code, people in zip(codes, population, strict=True):
            people = None if pd.isna(people) else int(people)
            db.session.add(Area(kommune=kommune, code=code, name=code, population=people))


def _import(long: pd.DataFrame, name: str, folder: Path, counts: tuple[str, ...]) -> None:
    path = folder / f"{name}.csv"
    long.to_csv(path, sep=";", decimal=",", index=False)
    import_indicators(path, name, "area_code")
    with write_transaction():
        kommune = db.session.scalar(select(Kommune).where(Kommune.name == name))
        for indicator in db.session.scalars(select(Indicator).where(Indicator.kommune == kommune)):
            # as a planner says it on the indicators page: the files name no units
            indicator.unit = COUNT_UNIT if indicator.key in counts else "%"


def store_berlin_kreis(folder: Path) -> Kreis:
    """Berlin's 12 Bezirke as the Kommunen "Bezirk 01" … "Bezirk 12" of the Kreis "Berlin",
    each with its Planungsräume (population EW) and S1, S3, S4, EW of 2020, imported."""
    mss = berlin_mss()
    kreis = kreis_setup.create_kreis("Berlin")
    names = []
    for bezirk, part in mss.groupby("BEZ_ID", sort=True):
        name = f"Bezirk {bezirk}"
        _kommune(name, part["PLR_ID"], part["EW"])
        frames = [part[["PLR_ID"]].assign(indicator=key, year=2020, value=part[key])
                  for key in ("EW", "S1", "S3", "S4")]  # fmt: skip
        long = pd.concat(frames).rename(columns={"PLR_ID": "area_code"}).dropna(subset=["value"])
        _import(long, name, folder, ("EW",))
        names.append(name)
    kreis_setup.attach(kreis, names)
    return kreis


def store_koeln_kreis(folder: Path) -> list[str]:
    """Köln's 86 Stadtteile as the Kommunen "Köln 1" … "Köln 9" (their Stadtbezirk), with EW,
    unter 6 and Anteil unter 6 for 2005–2012, imported; the Kreis is left to the caller."""
    long = koeln_population()
    stadtteile = long[long["level"] == "stadtteil"]
    names = []
    for bezirk, part in stadtteile.groupby("bezirk", sort=True):
        name = f"Köln {bezirk[-1]}"
        ew = part[(part["indicator"] == "EW") & (part["year"] == 2012)]
        _kommune(name, ew["area_code"], ew["value"])
        _import(part[["area_code", "indicator", "year", "value"]], name, folder, ("EW", "unter_6"))
        names.append(name)
    return names
