"""Validate the social index against residents' ratings: do statistics and perception agree?

:func:`validate_needs` answers the question with the uncertainty the data carry: an interval for
every area's score, a category only where the interval clears the scale's thresholds (else
*unclear* with the reason), rank correlations with two-stage bootstrap intervals and p-values
that suit the number of areas, the catalogue's theme–indicator hypotheses with
Benjamini–Hochberg q-values, and which verdicts change under small changes of the index. The
statistics live in :mod:`analysis.stats`; this module puts them together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis.stats.aggregate import aggregate_ratings, overall_scores
from analysis.stats.area_pieces import REPLICATES, ROLES, SEED, RoundScores, round_scores
from analysis.stats.association import associate
from analysis.stats.hypotheses import Pairs, hypothesis_tests, load_hypotheses
from analysis.stats.intervals import bootstrap_medians, median_from_counts
from analysis.stats.scale import Scale, scale_of
from analysis.stats.score_tables import overall_table, take, theme_table
from analysis.stats.sensitivity import sensitivity_table
from analysis.stats.shrinkage import shrink
from analysis.stats.texts import ValidationTexts, association_sentence
from analysis.stats.validate_inputs import check_inputs, given_aggregates, index_frame
from analysis.stats.verdicts import verdicts

__all__ = ["ValidationResult", "validate_needs"]

#: How each interval is made, saved with every result.
INTERVALS = {
    "theme": "exact order statistics of the median (binomial)",
    "overall": "percentile Poisson bootstrap, people resampled within the area",
    "association": "two-stage percentile bootstrap (areas, then people within them)",
}
_THEME_COLUMNS = ["area_code", "role", "theme", "n", "median", "low", "high", "category", "reason"]


@dataclass
class ValidationResult:
    """Result of :func:`validate_needs`; ``params`` records the configuration used."""

    areas: pd.DataFrame
    theme_scores: pd.DataFrame
    association: dict
    tests: pd.DataFrame
    sensitivity: pd.DataFrame
    summary: str
    params: dict = field(default_factory=dict)


def _areas(index: pd.DataFrame, table: pd.DataFrame, opts: dict) -> pd.DataFrame:
    """Index columns, then per role n, median and interval (blank where not judged)."""
    enough = ~table["suppressed"].to_numpy(bool) & (table["people"] >= opts["min_answers"])
    areas = index
    for role in ROLES:
        own = table[table["role"] == role]
        judged = enough[own.index]
        frame = pd.DataFrame(
            {
                "area_code": own["area_code"],
                f"{role}_n": own["n_respondents"].astype("Int64"),
                f"{role}_median": own["median"].astype("float64"),
                f"{role}_low": own["low"].where(judged),
                f"{role}_high": own["high"].where(judged),
            }
        )
        areas = areas.merge(frame, on="area_code", how="outer")
    return areas.sort_values("area_code", kind="stable").reset_index(drop=True)


def _judge(classes: pd.Series, low, high, enough, opts: dict) -> pd.DataFrame:
    """Category and reason per row, need from the index ``classes`` (missing: no index)."""
    need = classes.astype("Int64").isin(opts["need_classes"]).astype("boolean")
    return verdicts(need.where(classes.notna()), low, high, enough, opts["thresholds"])


def _theme_scores(per_theme, counts, areas: pd.DataFrame, opts: dict) -> pd.DataFrame:
    table = theme_table(per_theme, counts, ROLES, level=opts["level"],
                        min_answers=opts["min_answers"])  # fmt: skip
    classes = table["area_code"].map(areas.set_index("area_code")["class"])
    low, high = table["low"].to_numpy("float64"), table["high"].to_numpy("float64")
    judged = _judge(classes, low, high, table["enough"].to_numpy(bool), opts)
    table = pd.concat([table, judged], axis=1)
    keys = ["area_code", "role", "theme"]
    return table[_THEME_COLUMNS].sort_values(keys, kind="stable").reset_index(drop=True)


def _with_categories(areas: pd.DataFrame, theme_scores: pd.DataFrame, opts: dict):
    """Residents' theme medians (``median_<theme>``), then category and reason per role."""
    resident = theme_scores[theme_scores["role"] == "resident"]
    medians = resident.pivot(index="area_code", columns="theme", values="median")
    areas = areas.merge(medians.add_prefix("median_").reset_index(), on="area_code", how="left")
    for role, prefix in (("resident", ""), ("expert", "expert_")):
        low, high = areas[f"{role}_low"].to_numpy(), areas[f"{role}_high"].to_numpy()
        judged = _judge(areas["class"], low, high, np.isfinite(low), opts)
        areas[f"{prefix}category"], areas[f"{prefix}reason"] = judged["category"], judged["reason"]
    return areas


def _sensitivity(areas, index_inputs, opts) -> tuple[pd.DataFrame, dict]:
    """Classes and residents' categories under each index variant (none without inputs)."""
    if index_inputs is None:
        return pd.DataFrame(columns=["area_code", "fragile"]), {}
    low, high = areas["resident_low"].to_numpy(), areas["resident_high"].to_numpy()

    def categorise(index_frame: pd.DataFrame) -> pd.Series:
        classes = areas["area_code"].map(index_frame.set_index("area_code")["class"])
        judged = _judge(classes, low, high, np.isfinite(low), opts)
        return judged.set_index(areas["area_code"])["category"]

    baseline = areas[["area_code", "class"]].dropna(subset=["class"])
    return sensitivity_table(index_inputs, baseline, categorise)


def _with_shrinkage(areas, table, boot, counts, values) -> pd.DataFrame:
    """Add ``resident_median_eb`` and ``resident_eb_weight`` after the residents' interval."""
    residents = table["role"].eq("resident").to_numpy() & ~table["suppressed"].to_numpy(bool)
    target = float(median_from_counts(counts[residents].sum(axis=0), values))
    spread = pd.Series(np.nanvar(boot[:, residents], axis=0, ddof=1),
                       index=table.loc[residents, "area_code"])  # fmt: skip
    shrunk, weight = shrink(
        areas["resident_median"].to_numpy("float64"),
        spread.reindex(areas["area_code"]).to_numpy(),
        target,
    )
    at = list(areas.columns).index("resident_high") + 1
    return areas.assign(resident_median_eb=shrunk, resident_eb_weight=weight)[
        [*areas.columns[:at], "resident_median_eb", "resident_eb_weight", *areas.columns[at:]]
    ]


def _association(areas, table, boot, rng, level) -> dict:
    residents = table["role"].eq("resident").to_numpy() & ~table["suppressed"].to_numpy(bool)
    column = pd.Series(np.flatnonzero(residents), index=table.loc[residents, "area_code"])
    position = column.reindex(areas["area_code"]).to_numpy()
    found = np.isfinite(position)
    y_boot = take(boot, np.nan_to_num(position).astype("int64"), found, axis=1)
    used = areas["index"].notna() & areas["resident_median"].notna()
    return associate(
        areas["index"].to_numpy("float64"),
        areas["resident_median"].to_numpy("float64"),
        y_boot,
        n_respondents=int(areas.loc[used, "resident_n"].sum()),
        rng=rng,
        level=level,
    )


def _tests(pairs, theme_scores, counts, indicators, rng, opts, values) -> pd.DataFrame:
    keys = ["area_code", "role", "theme"]
    if indicators is not None:  # only themes with an indicator to test against need replicates
        pairs = pairs[pairs["indicator"].isin(set(indicators["indicator"]))]
    resident = theme_scores[(theme_scores["role"] == "resident") & theme_scores["n"].notna()]
    tested = resident[resident["theme"].isin(set(pairs["theme"]))].reset_index(drop=True)
    rows = tested[keys].merge(counts.keys.reset_index(), on=keys, how="left")["index"]
    boot = bootstrap_medians(counts.counts[rows.to_numpy()], values, opts["replicates"], rng)
    return hypothesis_tests(pairs, tested, boot, indicators, rng=rng, level=opts["level"])


def validate_needs(
    index_table: pd.DataFrame,
    ratings: pd.DataFrame,
    *,
    id_column: str = "area_code",
    k: int = 5,
    need_classes: Sequence[int] = (3, 4),
    scale: Scale | tuple[int, int] | None = None,
    margin: float = 0.5,
    thresholds: tuple[float, float] | None = None,
    level: float = 0.95,
    min_answers: int = 10,
    replicates: int = REPLICATES,
    seed: int = SEED,
    shrinkage: bool = False,
    hypotheses: Pairs = None,
    indicators: pd.DataFrame | None = None,
    index_inputs: Mapping[str, Any] | None = None,
    aggregates: pd.DataFrame | None = None,
    overall: pd.DataFrame | None = None,
    scores: RoundScores | None = None,
    texts: ValidationTexts | None = None,
) -> ValidationResult:
    """Compare the social index with residents' (and experts') ratings, area by area.

    **Per area** (``areas``): ``area_code``, ``index``, ``class``, ``class_label``; for
    residents and experts ``<role>_n`` (respondents), ``<role>_median`` (all themes pooled),
    ``<role>_low``/``<role>_high`` (bootstrap interval over the area's people, ``level``);
    ``median_<theme>`` of residents; ``category`` and ``reason`` from the residents' interval
    (``expert_category``/``expert_reason`` from the experts'), see
    :mod:`analysis.stats.verdicts`. "Need" is an index class in ``need_classes``. The
    thresholds are the scale's midpoint -/+ ``margin`` steps (1–7: 3.5 and 4.5; 1–3: 1.5 and
    2.5) unless ``thresholds`` are given. A group is judged only when published (``k``) and
    with at least ``min_answers`` scores. With ``shrinkage=True`` two more columns,
    ``resident_median_eb`` and ``resident_eb_weight``: empirical-Bayes estimates pulled toward
    the Kommune's median (:mod:`analysis.stats.shrinkage`), not used for the category.

    **Per area, role and theme** (``theme_scores``): ``n``, ``median``, the exact interval
    ``low``–``high`` and ``category``/``reason``; suppressed groups keep a row without numbers.

    **Association** (``association``, ``summary``): Spearman's rho and Kendall's tau-b between
    index and residents' median with two-stage bootstrap intervals (``replicates``, ``seed``),
    p-values and the areas' and respondents' numbers (:func:`analysis.stats.association.
    associate`); agreement shows as a *negative* rho. ``summary`` says it in ``texts``'
    language. **Tests** (``tests``): the ``hypotheses`` pairs (default the catalogue's) against
    the latest year of each indicator in ``indicators``, with BH q-values. **Sensitivity**
    (``sensitivity``, needs ``index_inputs``, the keyword arguments of ``social_index`` for
    ``index_table``): classes and categories under shifted thresholds and the other ddof.

    The scale is ``scale``, else the ratings' ``scale_min``/``scale_max``, else 1–7.
    ``aggregates`` and ``overall`` may pass what ``aggregate_ratings(..., by=("area_code",
    "role", "theme"))`` and ``overall_scores(..., by=("area_code", "role"))`` computed from the
    same one-round ``ratings`` with the same ``k``; ``scores`` what
    :func:`analysis.stats.area_pieces.round_scores` computed from them with the same
    ``replicates`` and ``seed`` (or combined from each Quartier's: the same values). Each
    group's bootstrap is seeded by ``seed``, its Quartier and role, so a Quartier's interval does
    not change when another Quartier's answers do.

    Examples
    --------
    >>> index = pd.DataFrame({"area_code": ["A", "B"], "index": [1.8, -0.4], "class": [4, 2]})
    >>> ratings = pd.DataFrame({"response_id": range(24), "area_code": ["A"] * 12 + ["B"] * 12,
    ...                         "role": "resident", "theme": "play",
    ...                         "score": [2.0] * 12 + [5.0] * 12})
    >>> result = validate_needs(index, ratings)
    >>> result.areas[["area_code", "resident_low", "resident_high", "category"]].values.tolist()
    [['A', 2.0, 2.0, 'confirmed'], ['B', 5.0, 5.0, 'inconspicuous']]
    """
    check_inputs(index_table, ratings, id_column)
    scale = scale_of(ratings) if scale is None else scale_of(None, scale)
    thresholds = scale.thresholds(margin) if thresholds is None else tuple(map(float, thresholds))
    if not thresholds[0] <= thresholds[1]:
        raise ValueError("the lower threshold must not be above the upper one.")
    opts = {"level": level, "replicates": int(replicates), "min_answers": int(min_answers),
            "thresholds": thresholds, "need_classes": [int(c) for c in need_classes]}  # fmt: skip
    rng = np.random.default_rng(seed)
    per_theme = given_aggregates(aggregates, ("area_code", "role", "theme"), k, "aggregates")
    if per_theme is None:
        per_theme = aggregate_ratings(ratings, k=k, by=("area_code", "role", "theme"), scale=scale)
    groups = given_aggregates(overall, ("area_code", "role"), k, "overall")
    if groups is None:
        groups = overall_scores(ratings, k=k, by=("area_code", "role"), scale=scale)
    if scores is None:
        scores = round_scores(ratings, scale, replicates=int(replicates), seed=seed)
    elif scores.boot.shape[0] != int(replicates):
        found = scores.boot.shape[0]
        raise ValueError(f"the scores were bootstrapped {found} times, not {replicates}.")
    table, boot, counts = overall_table(
        groups, scores.overall, ROLES, level=level, boot=scores.boot
    )
    areas = _areas(index_frame(index_table, id_column), table, opts)
    themes = scores.themes
    theme_scores = _theme_scores(per_theme, themes, areas, opts)
    areas = _with_categories(areas, theme_scores, opts)
    if shrinkage:
        areas = _with_shrinkage(areas, table, boot, counts, scale.values)
    association = _association(areas, table, boot, rng, level)
    texts = texts or ValidationTexts()
    pairs = load_hypotheses(hypotheses, texts.locale)
    tests = _tests(pairs, theme_scores, themes, indicators, rng, opts, scale.values)
    sensitivity, variants = _sensitivity(areas, index_inputs, opts)
    params = {
        "k": k, "need_classes": opts["need_classes"], "scale": list(scale.as_tuple()),
        "margin": margin, "thresholds": list(thresholds), "level": level,
        "min_answers": min_answers, "replicates": replicates, "seed": seed,
        "shrinkage": shrinkage, "intervals": INTERVALS,
        "hypotheses": pairs[["theme", "indicator"]].to_dict("records"),
        "sensitivity": variants,
    }  # fmt: skip
    return ValidationResult(
        areas=areas,
        theme_scores=theme_scores,
        association=association,
        tests=tests,
        sensitivity=sensitivity,
        summary=association_sentence(association, texts),
        params=params,
    )
