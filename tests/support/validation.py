"""Small index tables and ratings for the tests of the needs validation."""

from __future__ import annotations

import pandas as pd


def index_table(rows) -> pd.DataFrame:
    """rows: (area, index, class, label); the shape of IndexResult.table."""
    frame = pd.DataFrame(rows, columns=["PLR_ID", "index", "class", "class_label"])
    return frame.astype({"index": "float64", "class": "Int64", "class_label": "str"})


def ratings_for(plan, role="resident", themes=("work", "play")) -> pd.DataFrame:
    """plan: {area: [score per respondent]}; every respondent rates every theme alike."""
    rows = [
        (f"{role[0]}-{area}-{i}", "2024", area, role, theme, float(score))
        for area, scores in plan.items()
        for i, score in enumerate(scores)
        for theme in themes
    ]
    return pd.DataFrame(
        rows, columns=["response_id", "round", "area_code", "role", "theme", "score"]
    )


def five_areas():
    index = index_table([(c, float(i), 2, "mittel") for i, c in enumerate("PQRST")])
    ratings = ratings_for({c: [7 - i] * 5 for i, c in enumerate("PQRST")})
    return index, ratings


def indicator_rows(values: dict, indicator: str, year: int = 2023) -> pd.DataFrame:
    return pd.DataFrame(
        {"area_code": list(values), "indicator": indicator, "year": year,
         "value": list(values.values())}
    ).astype({"year": "Int64"})  # fmt: skip
