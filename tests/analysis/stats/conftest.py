"""Fixtures of the tests in this folder."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.readers.indicators import read_table
from analysis.stats.aggregate import aggregate_ratings
from analysis.stats.dynamics import dynamics_from_years
from tests.support.data import SHARES, berlin_mss, koeln_population


@pytest.fixture(scope="module")
def mss(berlin) -> pd.DataFrame:
    return read_table(berlin / "mss_2021_index_indikatoren.csv", id_column="PLR_ID")


@pytest.fixture(scope="module")
def official(berlin) -> pd.DataFrame:
    z = read_table(berlin / "mss_2021_index-indikatoren_z-werte_plr.csv", id_column="PLR-ID")
    classes = read_table(berlin / "mss_2021_indizes.csv", id_column="PLR_ID")
    return z.merge(classes, left_on="PLR-ID", right_on="PLR_ID")


BY = ("round", "area_code", "role", "theme")


def _ratings(groups: dict[tuple[str, str], list[int]]) -> pd.DataFrame:
    """One response per score: {(round, area): scores} for residents on the theme 'play'."""
    rows = []
    for (round_, area), scores in groups.items():
        for i, score in enumerate(scores):
            rows.append((f"{round_}-{area}-{i}", round_, area, "resident", "play", score))
    return pd.DataFrame(rows, columns=["response_id", "round", "area_code", "role", "theme",
                                       "score"])  # fmt: skip


@pytest.fixture
def aggregated() -> pd.DataFrame:
    ratings = _ratings({
        ("2023", "1 a"): [2, 3, 3, 4, 5],     # median 3
        ("2025", "1 a"): [4, 5, 5, 6, 6, 7],  # median 5.5
        ("2027", "1 a"): [3, 3, 3, 4, 4],     # median 3
        ("2023", "2"): [1, 2, 2, 2, 3],       # median 2
        ("2025", "2"): [6, 7, 7],             # 3 respondents: suppressed
        ("2027", "2"): [5, 5, 6, 6, 6],       # median 6
    })  # fmt: skip
    return aggregate_ratings(ratings, k=5, by=BY)


@pytest.fixture(scope="module")
def koeln() -> pd.DataFrame:
    return koeln_population()


@pytest.fixture(scope="module")
def stadtteile(koeln) -> pd.DataFrame:
    return koeln[koeln["level"] == "stadtteil"].reset_index(drop=True)


@pytest.fixture(scope="module")
def stored_years() -> pd.DataFrame:
    mss = berlin_mss()
    frames = [mss[["PLR_ID"]].assign(indicator="EW", year=2020, value=mss["EW"])]
    for s, d in (("S1", "D1"), ("S3", "D3"), ("S4", "D4")):
        frames.append(mss[["PLR_ID"]].assign(indicator=s, year=2020, value=mss[s]))
        frames.append(mss[["PLR_ID"]].assign(indicator=s, year=2018, value=mss[s] - mss[d]))
    return pd.concat(frames, ignore_index=True).rename(columns={"PLR_ID": "area_code"})


@pytest.fixture(scope="module")
def dynamics(stored_years):
    return dynamics_from_years(
        stored_years, indicators=["S1", "S3", "S4"], start=2018, end=2020,
        population="EW", min_population=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def berlin_table() -> pd.DataFrame:
    """Berlin's Planungsräume with Bezirk, residents and the status indicators."""
    return berlin_mss()[["PLR_ID", "BEZ_ID", "EW", *SHARES]]


@pytest.fixture(scope="module")
def koeln_2012() -> pd.DataFrame:
    k = koeln_population()
    k = k[k["year"] == 2012]
    return k.pivot(index=["area_code", "level", "bezirk"], columns="indicator", values="value")
