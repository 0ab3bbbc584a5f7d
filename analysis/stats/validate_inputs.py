"""The inputs of a validation, checked: the index table, the ratings and given aggregates.

Each check raises ``TypeError`` or ``ValueError`` with a sentence naming what is wrong.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["check_inputs", "given_aggregates", "index_frame"]


def check_inputs(index_table: pd.DataFrame, ratings: pd.DataFrame, id_column: str) -> None:
    """Check that both are frames, the index has its columns and the ratings one round.

    Examples
    --------
    >>> ratings = pd.DataFrame({"round": [1, 2]})
    >>> check_inputs(pd.DataFrame({"id": [], "index": [], "class": []}), ratings, "id")
    Traceback (most recent call last):
    ...
    ValueError: the ratings hold several rounds; validate one round at a time.
    """
    if not isinstance(index_table, pd.DataFrame) or not isinstance(ratings, pd.DataFrame):
        raise TypeError("index_table and ratings must be pandas DataFrames.")
    missing = [c for c in (id_column, "index", "class") if c not in index_table.columns]
    if missing:
        raise ValueError(f"the index table has no column '{missing[0]}'.")
    if "round" in ratings.columns and ratings["round"].nunique() > 1:
        raise ValueError("the ratings hold several rounds; validate one round at a time.")


def given_aggregates(
    frame: pd.DataFrame | None, keys: tuple[str, ...], k: int, name: str
) -> pd.DataFrame | None:
    """Check precomputed aggregates of one round made with at least ``k``; None if not given.

    Examples
    --------
    >>> agg = pd.DataFrame({"area_code": ["A"], "role": ["resident"], "n_respondents": [3],
    ...                     "n": [3], "median": [4.0], "suppressed": [False]})
    >>> given_aggregates(agg, ("area_code", "role"), 5, "overall")
    Traceback (most recent call last):
    ...
    ValueError: overall was computed with a smaller k than 5.
    """
    if frame is None:
        return None
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame.")
    missing = [c for c in (*keys, "n_respondents", "n", "median", "suppressed") if c not in frame]
    if missing:
        raise ValueError(f"{name} has no column '{missing[0]}'.")
    if "round" in frame.columns and frame["round"].nunique() > 1:
        raise ValueError(f"{name} holds several rounds; pass the aggregates of one round.")
    shown = frame.loc[~frame["suppressed"]]
    # fewer than k scores or respondents in a published group: it was aggregated with a smaller k
    if ((shown["n"] < k) | (shown["n_respondents"] < k)).any():
        raise ValueError(f"{name} was computed with a smaller k than {k}.")
    return frame


def index_frame(index_table: pd.DataFrame, id_column: str) -> pd.DataFrame:
    """The index columns a validation uses: ``area_code``, ``index``, ``class``, ``class_label``.

    Examples
    --------
    >>> t = pd.DataFrame({"PLR": [1100101], "index": [0.4], "class": [2], "class_label": ["mid"]})
    >>> index_frame(t, "PLR").values.tolist()
    [['1100101', 0.4, 2, 'mid']]
    """
    labels = index_table.get("class_label", pd.Series(np.nan, index=index_table.index))
    index = pd.DataFrame(
        {
            "area_code": index_table[id_column].astype("str"),
            "index": index_table["index"].astype("float64"),
            "class": index_table["class"].astype("Int64"),
            "class_label": labels.astype("str").where(labels.notna(), None),
        }
    )
    return index.astype({"class_label": "str"})
