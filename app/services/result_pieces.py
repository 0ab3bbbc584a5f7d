"""A survey's counts in pieces, one per Quartier, each kept while its Quartier's answers stay.

One new answer changes one Quartier. The result files and the results page need counts of every
Quartier (:mod:`analysis.stats.area_pieces`; the aggregates' score counts), but only the changed
Quartier's have to be read and computed again: the others are kept in this process
(:func:`app.services.result_cache.cached_many`) under their own key.

**A Quartier's key** (:func:`area_keys`) holds, per round read: the campaign's id and
``settings_version`` (its Quartiere, themes and their scales, k; the round's label), when its raw
answers were deleted (if they were), and the count, largest id and sum of ids of the Quartier's
counted responses (those not set aside). A new answer raises count, largest id and sum; setting a
burst aside or taking it back changes count and sum; an answer's ratings are never changed once
stored. Not in the key, because a piece does not depend on them: the language, the day, the
index version, comments and their review, indicators and the round-table records (the callers
key the whole computation on those, :func:`app.services.result_cache.campaign_key`). The
validation's replicates and seed and the current round are part of a piece's key.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import pandas as pd
from sqlalchemy import func, select

from analysis.stats.area_pieces import ResultPiece, bootstrap_settings, result_piece, split
from analysis.stats.scale import scale_of
from app.core.extensions import db
from app.models import AggregateSnapshot, Area, Campaign, Response
from app.services import result_cache
from app.services.queries import COUNTED, RATINGS_DTYPES, ratings_frame, themes_frame
from app.services.score_counts import people_frame, score_counts_frame


def area_keys(rounds: Sequence[Campaign]) -> dict[str, tuple]:
    """Per Quartier code with counted answers in ``rounds``: the key its pieces are kept under.

    Two small grouped queries on the ``response (campaign_id, area_id, role)`` index.

    Examples
    --------
    With a database session (see the tests)::

        area_keys([campaign])["1 a"]
        # (((7, 3, None),), ((7, 412, 10233, 2090411),))
    """
    ids = sorted(c.id for c in rounds)
    deleted = dict(
        db.session.execute(
            select(AggregateSnapshot.campaign_id, AggregateSnapshot.raw_deleted_at).where(
                AggregateSnapshot.campaign_id.in_(ids)
            )
        ).all()
    )
    campaigns = tuple(sorted((c.id, c.settings_version, deleted.get(c.id)) for c in rounds))
    stmt = (
        select(Response.campaign_id, Response.area_id, func.count(), func.max(Response.id),
               func.sum(Response.id))
        .where(Response.campaign_id.in_(ids), COUNTED)
        .group_by(Response.campaign_id, Response.area_id)
    )  # fmt: skip
    found = db.session.execute(stmt).all()
    codes = dict(db.session.execute(select(Area.id, Area.code).where(
        Area.id.in_({row[1] for row in found}))).all())  # fmt: skip
    answers: dict[str, list[tuple]] = {}
    for campaign_id, area_id, count, largest, total in found:
        answers.setdefault(codes[area_id], []).append((campaign_id, count, largest, int(total)))
    return {code: (campaigns, tuple(sorted(rows))) for code, rows in answers.items()}


def _split(frame: pd.DataFrame, codes: list[str]) -> dict[str, pd.DataFrame]:
    """Rows of ``frame`` by Quartier code (every code present, maybe with no rows)."""
    parts = {str(code): part.reset_index(drop=True)
             for code, part in frame.groupby("area_code", sort=False, observed=True)}  # fmt: skip
    return {code: parts.get(code, frame.iloc[:0]) for code in codes}


def campaign_pieces(
    campaign: Campaign, rounds: Sequence[Campaign], options: dict
) -> tuple[pd.DataFrame, list[ResultPiece] | None]:
    """The counted ratings of ``rounds`` and one result piece per Quartier (None without
    answers), for :func:`analysis.outputs.results.compute_results`; ``options`` are the
    validation's (replicates and seed). Only Quartiere whose key changed are read.

    Examples
    --------
    With a database session (see the tests)::

        ratings, pieces = campaign_pieces(campaign, earlier_rounds(campaign), {})
        compute_results(campaign_data(campaign, ratings=ratings), pieces=pieces)
    """
    replicates, seed = bootstrap_settings(options)
    scale = scale_of(themes_frame(campaign.instrument, "en"))
    ids = tuple(sorted(c.id for c in rounds))
    extra = (campaign.round_label, replicates, seed)
    keys: dict[Hashable, tuple] = {
        (ids, code): (*extra, *key) for code, key in area_keys(rounds).items()
    }

    def compute(missing: list) -> dict:
        # All missing Quartiere in one read and one computation, then split: the same pieces
        # as one by one (every group is one Quartier's), without the fixed cost of each.
        codes = [code for _ids, code in missing]
        ratings = ratings_frame(ids, codes)
        whole = result_piece(ratings, current=campaign.round_label, scale=scale,
                             replicates=replicates, seed=seed)  # fmt: skip
        parts, pieces = _split(ratings, codes), split(whole, codes)
        return {(ids, code): (parts[code], pieces[code]) for code in codes}

    kept = result_cache.cached_many("area_pieces", keys, compute)
    if not kept:
        return pd.DataFrame(columns=list(RATINGS_DTYPES)).astype(RATINGS_DTYPES), None
    ordered = [kept[name] for name in sorted(kept)]
    ratings = pd.concat([part for part, _piece in ordered], ignore_index=True)
    return ratings, [piece for _part, piece in ordered]


def area_counts(campaign: Campaign) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The campaign's score counts and counted people (as :func:`score_counts_frame` and
    :func:`people_frame` give them for the whole campaign), counted again only for Quartiere
    whose key changed.

    Examples
    --------
    With a database session (see the tests)::

        counts, people = area_counts(campaign)
    """
    keys = {(campaign.id, code): key for code, key in area_keys([campaign]).items()}

    def compute(missing: list) -> dict:
        codes = [code for _id, code in missing]
        counts = _split(score_counts_frame([campaign.id], codes), codes)
        people = _split(people_frame([campaign.id], codes), codes)
        return {(campaign.id, code): (counts[code], people[code]) for code in codes}

    kept = result_cache.cached_many("area_counts", keys, compute)
    if not kept:
        return score_counts_frame([]), people_frame([])
    ordered = [kept[name] for name in sorted(kept)]
    return (pd.concat([c for c, _p in ordered], ignore_index=True),
            pd.concat([p for _c, p in ordered], ignore_index=True))  # fmt: skip
