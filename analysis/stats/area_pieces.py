"""A survey's results in pieces, one per Quartier, computed alone and combined (issue 10 §3).

Every statistic the result files need is either a group's own (a group is one round, Quartier
and role, or one theme of it) or follows from the groups' counts: score counts and counted
people give the aggregates (:func:`analysis.stats.aggregate.aggregate_counts`), per-person
score counts and a bootstrap seeded per group give the overall intervals
(:func:`analysis.stats.scores.pooled_bootstrap`). So the counts of one Quartier can be computed
from its ratings alone and kept while its answers stay; a new answer makes only its own
Quartier's piece new, and :func:`combine` puts the kept and the new pieces together.

The whole survey in one piece and the same survey in one piece per Quartier, combined, give the
same tables and the same bootstrap replicates (tested): there is one computation, and the app
only decides which pieces it can keep.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.stats.scale import Scale
from analysis.stats.score_counts import count_people
from analysis.stats.score_counts import count_scores as count_score_values
from analysis.stats.scores import GroupCounts, count_scores, pooled_bootstrap

__all__ = [
    "REPLICATES",
    "ROLES",
    "SEED",
    "ResultPiece",
    "RoundScores",
    "bootstrap_settings",
    "combine",
    "result_piece",
    "round_scores",
    "split",
]

#: The groups a validation judges.
ROLES = ("resident", "expert")
BY = ("round", "area_code", "role")
#: Bootstrap replicates and seed of a validation unless its options say otherwise.
REPLICATES, SEED = 1000, 0


def bootstrap_settings(options: Mapping[str, Any]) -> tuple[int, int]:
    """Replicates and seed in a validation's keyword ``options`` (``validate_needs``'s).

    Examples
    --------
    >>> bootstrap_settings({"margin": 0.5}), bootstrap_settings({"replicates": 200, "seed": 7})
    ((1000, 0), (200, 7))
    """
    return int(options.get("replicates", REPLICATES)), int(options.get("seed", SEED))


@dataclass
class RoundScores:
    """One round's scores of residents and experts as a validation reads them.

    ``overall``: per area and role the counts per scale point and per person; ``themes``: per
    area, role and theme the counts; ``boot``: the bootstrap medians of ``overall``'s groups,
    ``(replicates, groups)``.
    """

    overall: GroupCounts
    themes: GroupCounts
    boot: np.ndarray


@dataclass
class ResultPiece:
    """Counts of some Quartiere's answers, every round: ``counts`` (score counts per round,
    area_code, role, theme and score), ``people`` (``n_respondents`` and ``n_scorers`` per
    round, area_code and role) and the current round's :class:`RoundScores` (``now``)."""

    counts: pd.DataFrame
    people: pd.DataFrame
    now: RoundScores


def round_scores(ratings: pd.DataFrame, scale: Scale, *, replicates: int, seed: int) -> RoundScores:
    """The :class:`RoundScores` of one round's ``ratings`` (other roles are left out).

    Examples
    --------
    >>> r = pd.DataFrame({"response_id": np.repeat(range(12), 2), "area_code": "A",
    ...                   "role": "resident", "theme": ["x", "y"] * 12, "score": 2.0})
    >>> found = round_scores(r, Scale(1, 3), replicates=50, seed=0)
    >>> found.overall.counts.tolist(), found.themes.counts.tolist(), found.boot.shape
    ([[0, 24, 0]], [[0, 12, 0], [0, 12, 0]], (50, 1))
    """
    scored = ratings[ratings["role"].isin(ROLES).to_numpy()]
    overall = count_scores(scored, ["area_code", "role"], scale)
    themes = count_scores(scored, ["area_code", "role", "theme"], scale, people=False)
    boot = pooled_bootstrap(overall, replicates=replicates, seed=seed)
    return RoundScores(overall, themes, boot)


def result_piece(
    ratings: pd.DataFrame, *, current: str, scale: Scale, replicates: int, seed: int
) -> ResultPiece:
    """The :class:`ResultPiece` of ``ratings`` (one Quartier's, or any set of whole Quartiere's:
    every round, columns as ``analysis.outputs.data.CampaignData.ratings``); ``current`` is the
    round the validation reads.

    Examples
    --------
    >>> r = pd.DataFrame({"response_id": [1, 1, 2], "round": "2026", "area_code": "A",
    ...                   "role": "resident", "theme": ["x", "y", "x"], "score": [1.0, 3.0, None]})
    >>> piece = result_piece(r, current="2026", scale=Scale(1, 3), replicates=10, seed=0)
    >>> piece.counts["count"].tolist(), piece.people["n_scorers"].tolist()
    ([1, 1, 1], [1])
    """
    now = ratings[(ratings["round"].astype("str") == str(current)).to_numpy()]
    return ResultPiece(
        counts=count_score_values(ratings, [*BY, "theme"]),
        people=count_people(ratings, BY),
        now=round_scores(now, scale, replicates=replicates, seed=seed),
    )


def _groups(parts: Sequence[GroupCounts]) -> GroupCounts:
    """Group counts of disjoint sets of groups, one after the other."""
    offsets = np.cumsum([0, *(len(p.keys) for p in parts[:-1])])
    return GroupCounts(
        keys=pd.concat([p.keys for p in parts], ignore_index=True),
        counts=np.concatenate([p.counts for p in parts]),
        person_counts=np.concatenate([p.person_counts for p in parts]),
        person_group=np.concatenate(
            [p.person_group + o for p, o in zip(parts, offsets, strict=True)]
        ),
        scale=parts[0].scale,
    )


def combine(pieces: Sequence[ResultPiece]) -> ResultPiece:
    """The pieces of different Quartiere as one (as if computed from all their ratings at once).

    Examples
    --------
    >>> def piece(area, score):
    ...     r = pd.DataFrame({"response_id": [area], "round": "1", "area_code": area,
    ...                       "role": "resident", "theme": "x", "score": [score]})
    ...     return result_piece(r, current="1", scale=Scale(1, 3), replicates=5, seed=0)
    >>> both = combine([piece("A", 1.0), piece("B", 3.0)])
    >>> both.now.overall.keys["area_code"].tolist(), both.now.boot.shape
    (['A', 'B'], (5, 2))
    """
    if not pieces:
        raise ValueError("combine needs at least one piece.")
    nows = [p.now for p in pieces]
    return ResultPiece(
        counts=pd.concat([p.counts for p in pieces], ignore_index=True),
        people=pd.concat([p.people for p in pieces], ignore_index=True),
        now=RoundScores(
            overall=_groups([n.overall for n in nows]),
            themes=_groups([n.themes for n in nows]),
            boot=np.concatenate([n.boot for n in nows], axis=1),
        ),
    )


def _subset(counts: GroupCounts, chosen: np.ndarray) -> GroupCounts:
    """The groups ``chosen`` (a boolean mask) of ``counts``, with their people."""
    remap = np.full(len(counts.keys), -1)
    remap[chosen] = np.arange(int(chosen.sum()))
    people = remap[counts.person_group] >= 0
    return GroupCounts(
        keys=counts.keys[chosen].reset_index(drop=True),
        counts=counts.counts[chosen],
        person_counts=counts.person_counts[people],
        person_group=remap[counts.person_group[people]],
        scale=counts.scale,
    )


def split(piece: ResultPiece, codes: Sequence[str]) -> dict[str, ResultPiece]:
    """The piece of each Quartier in ``codes`` out of ``piece`` (of several): what
    :func:`result_piece` gives for that Quartier's ratings alone, since every group is one
    Quartier's and draws from its own generator. Computing many Quartiere at once and splitting
    saves the fixed cost of each computation.

    Examples
    --------
    >>> r = pd.DataFrame({"response_id": [1, 2], "round": "1", "area_code": ["A", "B"],
    ...                   "role": "resident", "theme": "x", "score": [1.0, 3.0]})
    >>> parts = split(result_piece(r, current="1", scale=Scale(1, 3), replicates=5, seed=0),
    ...               ["A", "B"])
    >>> parts["B"].now.overall.counts.tolist(), parts["B"].counts["score"].tolist()
    ([[0, 0, 1]], [3.0])
    """
    now = piece.now
    counts = dict(tuple(piece.counts.groupby("area_code", sort=False, observed=True)))
    people = dict(tuple(piece.people.groupby("area_code", sort=False, observed=True)))
    out = {}
    for code in codes:
        overall = now.overall.keys["area_code"].to_numpy() == code
        themes = now.themes.keys["area_code"].to_numpy() == code
        out[code] = ResultPiece(
            counts=counts.get(code, piece.counts.iloc[:0]).reset_index(drop=True),
            people=people.get(code, piece.people.iloc[:0]).reset_index(drop=True),
            now=RoundScores(
                _subset(now.overall, overall), _subset(now.themes, themes), now.boot[:, overall]
            ),  # fmt: skip
        )
    return out
