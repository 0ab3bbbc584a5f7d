"""The domain model: places, instruments, campaigns and the anonymous answers they collect."""

from app.models.accounts import STAFF_ROLES, LoginCounter, User
from app.models.bursts import SetAside
from app.models.funds import FundAllocation
from app.models.indicators import CatalogueEntry, Indicator, IndicatorValue, SavedCrosswalk
from app.models.instrument import Instrument, Theme
from app.models.jobs import ReportJob
from app.models.kreis_index import KreisIndexVersion
from app.models.measures import (
    Measure,
    MeasureBaseline,
    MeasureChange,
    MeasureNeed,
    MeasureNote,
    MeasurePublication,
)
from app.models.offers import Offer, OfferCategory, WalkingNetwork
from app.models.places import Area, Kommune, Kreis
from app.models.reviews import CommentReview
from app.models.roundtable import (
    AggregateSnapshot,
    IndexVersion,
    ValidationRecord,
    ValidationSettings,
)
from app.models.survey import (
    AGE_BANDS,
    AGE_BANDS_BY_AUDIENCE,
    CHILD_AGE_BANDS,
    GENDERS,
    ROLES,
    YEARS_IN_AREA,
    Campaign,
    Comment,
    Rating,
    Response,
    campaign_areas,
)

__all__ = [
    "STAFF_ROLES",
    "AggregateSnapshot",
    "CatalogueEntry",
    "IndexVersion",
    "LoginCounter",
    "User",
    "ValidationRecord",
    "ValidationSettings",
    "AGE_BANDS",
    "AGE_BANDS_BY_AUDIENCE",
    "CHILD_AGE_BANDS",
    "GENDERS",
    "ROLES",
    "YEARS_IN_AREA",
    "Area",
    "Campaign",
    "Comment",
    "CommentReview",
    "FundAllocation",
    "Indicator",
    "IndicatorValue",
    "KreisIndexVersion",
    "SavedCrosswalk",
    "Instrument",
    "Kommune",
    "Kreis",
    "Measure",
    "MeasureBaseline",
    "MeasureChange",
    "MeasureNeed",
    "MeasureNote",
    "MeasurePublication",
    "Offer",
    "OfferCategory",
    "Rating",
    "Response",
    "SetAside",
    "Theme",
    "ReportJob",
    "WalkingNetwork",
    "campaign_areas",
]

# The settings counter follows every ORM change (imported for its event listener).
from app.models import versions as _versions  # noqa: E402, F401
