"""What the analysis package needs of a campaign: :class:`analysis.outputs.data.CampaignData`,
read with the query functions of :mod:`app.services.queries`."""

from __future__ import annotations

import pandas as pd
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.outputs.data import CampaignData, SavedIndex
from app.core.extensions import db
from app.models import Campaign, Indicator
from app.services.queries import (
    areas_frame,
    comments_frame,
    earlier_rounds,
    indicator_info_frame,
    indicators_frame,
    ratings_frame,
    themes_frame,
)


def campaign_data(
    campaign: Campaign,
    lang: str = "de",
    *,
    index: SavedIndex | None = None,
    include_comments: bool = True,
    with_earlier_rounds: bool = True,
    ratings: pd.DataFrame | None = None,
) -> CampaignData:
    """What ``analysis.outputs.build.build_outputs`` needs of a campaign and its earlier rounds.

    Ratings and comments of every round of the same Kommune and instrument up to this campaign
    are included, so the report can compare with the previous round; k is this campaign's.
    ``index`` is the saved index the files show (see ``app.services.index_versions``).
    ``with_earlier_rounds=False`` reads this round only (what the validation uses);
    ``ratings``: their counted ratings if kept already (:mod:`app.services.result_pieces`)."""
    kommune = campaign.kommune
    rounds = earlier_rounds(campaign) if with_earlier_rounds else [campaign]
    ids = [c.id for c in rounds]
    ratings = ratings_frame(ids) if ratings is None else ratings
    earlier = sorted({c.round_label for c in rounds} - {campaign.round_label})
    earlier = [r for r in earlier if r in set(ratings["round"].unique())]
    codes = {area.code for c in rounds for area in c.areas}
    sources = db.session.scalars(
        select(Indicator.source)
        .where(
            Indicator.kommune_id == kommune.id,
            Indicator.key.in_(index.indicators if index else []),
        )
        .distinct()
    )
    with force_locale(lang):
        notes = [_("Survey: %(title)s", title=campaign.title), *sorted(s for s in sources if s)]
    return CampaignData(
        title=campaign.title,
        kommune=kommune.name,
        k=campaign.min_group_size,
        themes=themes_frame(campaign.instrument, lang),
        areas=areas_frame(kommune, codes),
        ratings=ratings,
        comments=comments_frame(ids) if include_comments else comments_frame([]),
        indicators=indicators_frame(kommune),
        indicator_info=indicator_info_frame(kommune, lang),
        index=index,
        include_comments=include_comments,
        source_note="; ".join(notes),
        round=campaign.round_label,
        previous_round=earlier[-1] if earlier else None,
    )
