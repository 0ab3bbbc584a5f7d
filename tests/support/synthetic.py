"""A made-up city with indicators, ratings and comments, for tests, demos and benchmarks."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import box

from analysis.outputs.data import CampaignData, SavedIndex
from analysis.stats.index import social_index

__all__ = ["synthetic_campaign"]


_THEMES_DE = (
    ("moving", "Fuß- und Radwege"),
    ("transport", "Öffentlicher Nahverkehr"),
    ("traffic", "Verkehr und Parken"),
    ("streets", "Straßen und Plätze"),
    ("nature", "Natur- und Grünflächen"),
    ("play", "Spiel, Sport und Freizeit"),
    ("facilities", "Einrichtungen und Angebote"),
    ("work", "Arbeit und lokale Wirtschaft"),
    ("housing", "Wohnen und Nachbarschaft"),
    ("social", "Soziale Kontakte und Treffpunkte"),
    ("identity", "Identität und Zugehörigkeit"),
    ("safety", "Sicherheit"),
    ("maintenance", "Pflege und Instandhaltung"),
    ("influence", "Mitsprache und Mitgestaltung"),
)
_COMMENTS = (
    "Der Park ist schön, aber abends zu dunkel.",
    "Mehr Bänke und Schatten wären gut.",
    "Die Busse fahren zu selten.",
    "Nette Nachbarschaft, viele Treffpunkte.",
    "Die Gehwege sind kaputt.",
    "Der Spielplatz wird gut gepflegt.",
)


def synthetic_campaign(n_areas: int = 12, n_responses: int = 600, seed: int = 0) -> CampaignData:
    """A made-up city for tests and benchmarks: square areas, indicators and correlated ratings.

    Areas lie on a grid near 10° E, 51° N; a hidden "need" drives three indicators (years 2022
    and 2023) and lowers the ratings. Responses are spread unevenly, so the smallest areas and
    most expert groups fall below k = 5. Rounds "2023" (a quarter) and "2024".

    Examples
    --------
    >>> data = synthetic_campaign(4, 100, seed=1)
    >>> sorted(data.ratings["round"].unique())
    ['2023', '2024']
    """
    if n_areas < 3 or n_responses < 1:
        raise ValueError("need at least 3 areas and 1 response")
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(n_areas)))
    codes = [f"{i + 1:04d}" for i in range(n_areas)]
    cells = [
        box(
            10 + 0.01 * (i % side),
            51 + 0.01 * (i // side),
            10.01 + 0.01 * (i % side),
            51.01 + 0.01 * (i // side),
        )
        for i in range(n_areas)
    ]
    population = rng.integers(200, 9000, n_areas)
    areas = gpd.GeoDataFrame(
        {
            "code": codes,
            "name": [f"Quartier {c}" for c in codes],
            "population": population,
            "area_km2": 0.77,
        },
        geometry=cells,
        crs="EPSG:4326",
    )
    need = rng.normal(size=n_areas)
    frames = []
    for year, shift in ((2022, 0.0), (2023, 0.3)):
        for key, base, scale in (("S1", 6, 2), ("S3", 12, 5), ("S4", 22, 8)):
            value = np.clip(
                base + scale * (need + shift) + rng.normal(0, scale / 4, n_areas), 0.1, None
            )
            frames.append(
                pd.DataFrame(
                    {"area_code": codes, "indicator": key, "year": year, "value": value.round(2)}
                )
            )
    indicators = pd.concat(frames, ignore_index=True).astype({"year": "Int64"})
    weights = population / population.sum()
    area_of = rng.choice(n_areas, n_responses, p=weights)
    role = rng.choice(["resident", "expert", "group"], n_responses, p=[0.9, 0.07, 0.03])
    rounds = np.where(rng.random(n_responses) < 0.25, "2023", "2024")
    response_ids = np.array([f"r{i:07d}" for i in range(n_responses)])
    n_themes = len(_THEMES_DE)
    slugs = np.array([s for s, _ in _THEMES_DE])
    theme_effect = rng.normal(0, 0.7, n_themes)
    latent = 4.2 - 0.9 * need[area_of][:, None] + theme_effect[None, :]
    scores = np.clip(np.rint(latent + rng.normal(0, 1.2, (n_responses, n_themes))), 1, 7)
    scores[rng.random(scores.shape) < 0.07] = np.nan
    ratings = pd.DataFrame(
        {
            "response_id": np.repeat(response_ids, n_themes),
            "round": np.repeat(rounds, n_themes),
            "area_code": np.repeat(np.array(codes)[area_of], n_themes),
            "role": np.repeat(role, n_themes),
            "theme": np.tile(slugs, n_responses),
            "score": scores.ravel(),
        }
    )
    commenting = np.flatnonzero(rng.random(n_responses) < 0.2)
    comments = pd.DataFrame(
        {
            "response_id": response_ids[commenting],
            "round": rounds[commenting],
            "area_code": np.array(codes)[area_of[commenting]],
            "role": role[commenting],
            "theme": rng.choice(slugs, len(commenting)),
            "kind": rng.choice(["good", "improve"], len(commenting)),
            "text": rng.choice(_COMMENTS, len(commenting)),
        }
    )
    themes = pd.DataFrame(
        {"slug": slugs, "position": range(1, n_themes + 1), "title": [t for _, t in _THEMES_DE]}
    )
    return CampaignData(
        title="Quartierskompass Musterstadt",
        kommune="Musterstadt",
        k=5,
        themes=themes,
        areas=areas,
        ratings=ratings,
        comments=comments,
        indicators=indicators,
        index=synthetic_index(areas, indicators, 2023),
        source_note="Daten: synthetisch (Quartierskompass-Testdaten)",
        round="2024",
        previous_round="2023",
    )


def synthetic_index(areas: gpd.GeoDataFrame, indicators: pd.DataFrame, year: int) -> SavedIndex:
    """The status index of S1, S3 and S4 in ``year`` over all areas (at least 300 residents),
    as a planner would have saved it."""
    values = indicators[indicators["year"] == year]
    wide = values.pivot_table(index="area_code", columns="indicator", values="value")
    wide = wide.reindex(areas["code"]).rename_axis("area_code").reset_index()
    wide["population"] = areas["population"].to_numpy()
    inputs = {
        "table": wide, "id_column": "area_code", "indicators": ["S1", "S3", "S4"],
        "population_column": "population", "min_population": 300,
    }  # fmt: skip
    return SavedIndex(social_index(**inputs), year, inputs)


#: A comment of a group too small to show: it must appear in no output.
SECRET = "Xylophonkobold4711 wohnt im Hinterhaus"


SMALL_AREA = "0006"


def campaign_with_small_groups() -> CampaignData:
    """Synthetic campaign plus a 2-person 'group' in 0001 with a telltale comment, and only
    3 residents left in area 0006 for the current round."""
    data = synthetic_campaign(6, 300, seed=0)
    themes = data.themes["slug"].tolist()
    tiny = pd.DataFrame(
        {
            "response_id": np.repeat(["tiny1", "tiny2"], len(themes)),
            "round": "2024",
            "area_code": "0001",
            "role": "group",
            "theme": themes * 2,
            "score": 1.0,
        }
    )
    ratings = data.ratings[data.ratings["role"] != "group"]
    small = ratings[(ratings["area_code"] == SMALL_AREA) & (ratings["round"] == "2024")]
    keep = small["response_id"].drop_duplicates().iloc[:3]
    ratings = ratings[~ratings.index.isin(small.index) | ratings["response_id"].isin(keep)]
    data.ratings = pd.concat([ratings, tiny], ignore_index=True)
    secret = pd.DataFrame(
        {
            "response_id": ["tiny1"],
            "round": ["2024"],
            "area_code": ["0001"],
            "role": ["group"],
            "theme": ["safety"],
            "kind": ["improve"],
            "text": [SECRET],
        }
    )
    data.comments = pd.concat([data.comments, secret], ignore_index=True)
    data.validation_records = pd.DataFrame(
        {
            "area_code": ["0001"],
            "decision": ["bestätigt"],
            "note": ["=Runder Tisch 2024"],
            "missing": ["Ein offener Jugendtreff am Abend"],
            "overall_need": ["confirmed"],
        }
    )
    return data
