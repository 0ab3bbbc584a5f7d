"""Campaigns (survey rounds) and the anonymous responses, ratings and comments they collect.

Nothing here identifies a person: no name, e-mail, IP address, user agent, cookie id or
time finer than the day is stored with a response (a test checks the schema for it).
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.extensions import db
from app.models.instrument import Instrument, Theme
from app.models.places import Area, Kommune

ROLES = ("resident", "expert", "group")
ALL_ROLES = ",".join(ROLES)
AGE_BANDS = ("under_18", "18_29", "30_44", "45_64", "65_79", "80_plus")
#: The children's instrument (ages 6 to 12) asks for these bands instead.
CHILD_AGE_BANDS = ("6_7", "8_9", "10_12")
#: Which bands a survey accepts, by its instrument's audience (``Instrument.audience``).
AGE_BANDS_BY_AUDIENCE = {"adults": AGE_BANDS, "children": CHILD_AGE_BANDS}
GENDERS = ("female", "male", "diverse")
YEARS_IN_AREA = ("under_1", "1_4", "5_9", "10_plus")
COMMENT_KINDS = ("good", "improve")
#: Where a comment stands in the review: only "shown" and "redacted" ones reach any reader.
REVIEW_STATES = ("new", "shown", "hidden", "redacted")
MAX_COMMENT_LENGTH = 2000


def new_token() -> str:
    """An unguessable public link token (96 random bits, URL-safe, 16 characters)."""
    return secrets.token_urlsafe(12)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


campaign_areas = Table(
    "campaign_area",
    db.metadata,
    Column("campaign_id", ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("area.id", ondelete="CASCADE"), primary_key=True),
)


def enabled_roles(roles: str) -> tuple[str, ...]:
    """The roles named in a campaign's ``roles`` column, in the order of ROLES.

    >>> enabled_roles("group,resident")
    ('resident', 'group')
    """
    chosen = set(roles.split(","))
    return tuple(role for role in ROLES if role in chosen)


def survey_status(opens_on: dt.date | None, closes_on: dt.date | None, day: dt.date) -> str:
    """``"open"``, ``"not_yet_open"`` or ``"closed"`` on ``day`` (no date: no limit that side).

    >>> survey_status(dt.date(2025, 5, 1), None, dt.date(2025, 4, 30))
    'not_yet_open'
    """
    if opens_on and day < opens_on:
        return "not_yet_open"
    if closes_on and day > closes_on:
        return "closed"
    return "open"


class Campaign(db.Model):
    """One survey round of a Kommune with one instrument over chosen areas."""

    __tablename__ = "campaign"
    __table_args__ = (
        CheckConstraint("min_group_size >= 1", name="min_group_size"),
        CheckConstraint("roles <> ''", name="roles"),
        CheckConstraint(
            "closes_on IS NULL OR opens_on IS NULL OR opens_on <= closes_on", name="dates"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(
        ForeignKey("kommune.id", ondelete="CASCADE"), index=True
    )
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instrument.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    #: The round this campaign belongs to, e.g. "2025"; rounds are compared over time.
    round_label: Mapped[str] = mapped_column(String(40))
    opens_on: Mapped[dt.date | None] = mapped_column(Date)
    closes_on: Mapped[dt.date | None] = mapped_column(Date)
    #: k: results of groups with fewer respondents are never shown or exported.
    min_group_size: Mapped[int] = mapped_column(Integer, default=5)
    resident_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    expert_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    group_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    public_results: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Who answers this survey, comma-separated (a subset of ROLES); other links answer 404.
    roles: Mapped[str] = mapped_column(String(40), default=ALL_ROLES, server_default=ALL_ROLES)
    #: The index version the planner chose for this survey; None: the newest that covers it
    #: (see ``app.services.survey_index``).
    index_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("index_version.id", ondelete="SET NULL"), index=True
    )
    #: Counts changes of what checking an answer needs (the campaign, its Quartiere, its
    #: instrument's themes): every process keys its cached checks by it (app.models.versions).
    settings_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Counts changes of what results show besides new answers (set-aside bursts, reviews,
    #: indicators …; app.models.versions). New answers are counted, not bumped here
    #: (app.services.result_cache.answer_stamps); live views and results key on both.
    data_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Who is responsible for the data (named in the residents' privacy notice), and the
    #: address of its privacy statement (http or https).
    privacy_body: Mapped[str] = mapped_column(String(200), default="", server_default="")
    privacy_url: Mapped[str] = mapped_column(String(500), default="", server_default="")

    kommune: Mapped[Kommune] = relationship()
    instrument: Mapped[Instrument] = relationship()
    areas: Mapped[list[Area]] = relationship(secondary=campaign_areas, order_by=Area.code)

    def token_for(self, role: str) -> str:
        return {
            "resident": self.resident_token,
            "expert": self.expert_token,
            "group": self.group_token,
        }[role]

    @property
    def enabled_roles(self) -> tuple[str, ...]:
        """The roles whose links are in use, in the order of ROLES."""
        return enabled_roles(self.roles)

    def status_on(self, day: dt.date) -> str:
        """``"open"``, ``"not_yet_open"`` or ``"closed"`` on the given day."""
        return survey_status(self.opens_on, self.closes_on, day)

    def __repr__(self) -> str:
        return f"<Campaign {self.title} {self.round_label}>"


class Response(db.Model):
    """One person's (or one moderated group's) answers for one area."""

    __tablename__ = "response"
    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="role"),
        CheckConstraint(
            f"age_band IS NULL OR {_in('age_band', AGE_BANDS + CHILD_AGE_BANDS)}", name="age_band"
        ),
        CheckConstraint(f"gender IS NULL OR {_in('gender', GENDERS)}", name="gender"),
        CheckConstraint(
            f"years_in_area IS NULL OR {_in('years_in_area', YEARS_IN_AREA)}", name="years_in_area"
        ),
        CheckConstraint(
            "(role = 'group' AND group_code IS NOT NULL AND group_size >= 2) OR "
            "(role <> 'group' AND group_code IS NULL AND group_size IS NULL)",
            name="group_fields",
        ),
        # The counts of one Quartier (live view, issue 10 §3) search its responses, not the
        # whole campaign's.
        db.Index("ix_response_campaign_area_role", "campaign_id", "area_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Generated by the client; a retry with the same UUID stores nothing new.
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    group_code: Mapped[str | None] = mapped_column(String(40))
    group_size: Mapped[int | None] = mapped_column(Integer)
    age_band: Mapped[str | None] = mapped_column(String(16))
    gender: Mapped[str | None] = mapped_column(String(16))
    years_in_area: Mapped[str | None] = mapped_column(String(16))
    #: How the answer arrived: web form, API, offline queue, paper typed in, file hand-over.
    channel: Mapped[str] = mapped_column(String(16), default="web")
    #: The day only: a finer timestamp could identify a person on a walk.
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    #: Set while a planner has set this answer aside (a burst): it then counts nowhere.
    set_aside_id: Mapped[int | None] = mapped_column(
        ForeignKey("set_aside.id", ondelete="SET NULL"), index=True
    )

    campaign: Mapped[Campaign] = relationship()
    area: Mapped[Area] = relationship()
    ratings: Mapped[list[Rating]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )
    comments: Mapped[list[Comment]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )


class Rating(db.Model):
    """A score for one theme, or empty for "can't say"; a CHECK keeps it inside the scale."""

    __tablename__ = "rating"
    __table_args__ = (
        ForeignKeyConstraint(
            ["theme_id", "scale_min", "scale_max"],
            ["theme.id", "theme.scale_min", "theme.scale_max"],
            name="fk_rating_theme_scale",
        ),
        CheckConstraint(
            "score IS NULL OR (score >= scale_min AND score <= scale_max)", name="score_in_scale"
        ),
        db.UniqueConstraint("response_id", "theme_id"),
        # Covers the score counts: a Quartier's ratings are counted from the index alone.
        db.Index("ix_rating_response_theme_score", "response_id", "theme_id", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), index=True
    )
    theme_id: Mapped[int] = mapped_column(Integer, index=True)
    score: Mapped[int | None] = mapped_column(SmallInteger)
    scale_min: Mapped[int] = mapped_column(SmallInteger)
    scale_max: Mapped[int] = mapped_column(SmallInteger)

    response: Mapped[Response] = relationship(back_populates="ratings")
    theme: Mapped[Theme] = relationship(
        foreign_keys=[theme_id], primaryjoin="Rating.theme_id == Theme.id"
    )


class Comment(db.Model):
    """Free text on a theme: what is good, or what could be better.

    A comment reaches readers only after review (``app.services.comments``): shown as written,
    or redacted – then ``redacted_text`` is shown and exported, and the original ``text`` is
    kept only as long as the raw answers (it is deleted with them).
    """

    __tablename__ = "comment"
    __table_args__ = (
        CheckConstraint(_in("kind", COMMENT_KINDS), name="kind"),
        CheckConstraint(f"length(text) BETWEEN 1 AND {MAX_COMMENT_LENGTH}", name="text_length"),
        CheckConstraint(_in("review", REVIEW_STATES), name="review"),
        CheckConstraint(
            "(review = 'redacted') = (redacted_text IS NOT NULL)", name="redacted_text"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), index=True
    )
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    review: Mapped[str] = mapped_column(String(10), default="new", server_default="new", index=True)
    redacted_text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="comments")
    theme: Mapped[Theme] = relationship()
