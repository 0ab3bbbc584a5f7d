"""Which saved index version a survey uses, and how much of the survey a version covers.

A survey uses the version the planner chose for it, or by default the newest version of its
Kommune that *covers* it: a version covers a survey when it has an index value for at least
:data:`MIN_COVERED_AREAS` of the survey's Quartiere and for at least :data:`MIN_COVERED_SHARE`
of them (the validation against the ratings needs three areas; an index for fewer than half of
a survey's Quartiere says little about the survey). A version that covers too few is never
used silently: :func:`survey_index` then gives no version and a note that says why, which the
pages show and the downloads write into their metadata.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Campaign, IndexVersion, Kommune, campaign_areas
from app.services import index_versions
from app.services.index_settings import IndexSettingsError

#: A version covers a survey with index values for at least this many of its Quartiere …
MIN_COVERED_AREAS = 3
#: … and at least this share of them.
MIN_COVERED_SHARE = 0.5


def no_version_note() -> str:
    """The note of a Kommune without saved index versions."""
    return _("No index version has been saved yet.")


def rule() -> str:
    """The coverage rule as a sentence for the index page."""
    return _(
        "A survey uses an index version only if the version has values for at least %(min)d "
        "of the survey's Quartiere and for at least half of them.",
        min=MIN_COVERED_AREAS,
    )


@dataclass(frozen=True)
class Coverage:
    """How many of a survey's Quartiere have an index value in a version.

    Examples
    --------
    >>> Coverage(3, 4).enough, Coverage(2, 2).enough, Coverage(3, 7).enough
    (True, False, False)
    """

    covered: int
    total: int

    @property
    def enough(self) -> bool:
        """Whether the version may be used for the survey (see the module's rule)."""
        return self.covered >= MIN_COVERED_AREAS and self.covered >= MIN_COVERED_SHARE * self.total


def coverage(rows: Iterable[dict], codes: Iterable[str]) -> Coverage:
    """The coverage of the Quartiere ``codes`` by an index's rows (records with ``area_code``
    and ``index``).

    Examples
    --------
    >>> rows = [{"area_code": "1", "index": 0.5}, {"area_code": "2", "index": None}]
    >>> coverage(rows, ["1", "2", "3"])
    Coverage(covered=1, total=3)
    """
    codes = [str(code) for code in codes]
    valued = {str(r["area_code"]) for r in rows if r.get("index") is not None}
    return Coverage(sum(code in valued for code in codes), len(codes))


@dataclass(frozen=True)
class SurveyIndex:
    """The index a survey shows: ``version`` (None when none is usable) and ``note``, the
    sentence that says why there is none ("" when there is one)."""

    version: IndexVersion | None
    coverage: Coverage | None
    note: str


def _codes(campaign: Campaign) -> list[str]:
    # The codes only: ``campaign.areas`` would load every outline on each live refresh.
    stmt = select(Area.code).join(campaign_areas, campaign_areas.c.area_id == Area.id)
    return list(db.session.scalars(stmt.where(campaign_areas.c.campaign_id == campaign.id)))


def _too_few(version: IndexVersion, cover: Coverage) -> str:
    return _(
        "The index version “%(name)s” has values for only %(covered)d of the survey's "
        "%(total)d Quartiere (at least %(min)d and at least half are needed), so this survey "
        "shows no index. Choose another version on the index page.",
        name=version.name,
        covered=cover.covered,
        total=cover.total,
        min=MIN_COVERED_AREAS,
    )


def survey_index(campaign: Campaign) -> SurveyIndex:
    """The version ``campaign`` uses: its chosen one if that covers it, else (with no choice)
    the newest covering version of its Kommune; with none, a note that says why.

    Examples
    --------
    With a database session (see the tests)::

        survey_index(campaign).version.name
        # 'Sozialindex 2023'
    """
    codes = _codes(campaign)
    chosen = None
    if campaign.index_version_id is not None:
        chosen = db.session.get(IndexVersion, campaign.index_version_id)
    if chosen is not None:
        cover = coverage(chosen.result, codes)
        if cover.enough:
            return SurveyIndex(chosen, cover, "")
        return SurveyIndex(None, cover, _too_few(chosen, cover))
    saved = index_versions.versions(campaign.kommune)
    if not saved:
        return SurveyIndex(None, None, no_version_note())
    for version in saved:
        cover = coverage(version.result, codes)
        if cover.enough:
            return SurveyIndex(version, cover, "")
    newest = coverage(saved[0].result, codes)
    return SurveyIndex(None, newest, _too_few(saved[0], newest))


def newest_index(kommune: Kommune) -> SurveyIndex:
    """The Kommune's newest version, for views without a survey (the map of all Quartiere)."""
    saved = index_versions.versions(kommune)
    return SurveyIndex(saved[0], None, "") if saved else SurveyIndex(None, None, no_version_note())


def surveys_of(kommune: Kommune) -> list[Campaign]:
    """The Kommune's surveys, newest round first."""
    return list(
        db.session.scalars(
            select(Campaign)
            .where(Campaign.kommune_id == kommune.id)
            .order_by(Campaign.round_label.desc(), Campaign.id.desc())
        )
    )


def coverage_by_survey(kommune: Kommune, rows: list[dict]) -> list[tuple[Campaign, Coverage]]:
    """For an index's rows (saved or not yet saved) the coverage of each of the Kommune's
    surveys: what the planner sees before saving a version."""
    return [(c, coverage(rows, _codes(c))) for c in surveys_of(kommune)]


def find_survey(kommune: Kommune, campaign_id: int) -> Campaign:
    """The Kommune's survey with this id; LookupError for another Kommune's or none."""
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None or campaign.kommune_id != kommune.id:
        raise LookupError(campaign_id)
    return campaign


def overview(kommune: Kommune) -> dict:
    """The index page's lists: each version with the surveys that use it, and each survey
    with the index it shows and how much of it every version covers."""
    saved = index_versions.versions(kommune)
    surveys = []
    for campaign in surveys_of(kommune):
        choices = [(v, coverage(v.result, _codes(campaign))) for v in saved]
        surveys.append({"campaign": campaign, "index": survey_index(campaign), "choices": choices})
    used: dict[int, list[Campaign]] = {}
    for row in surveys:
        if row["index"].version is not None:
            used.setdefault(row["index"].version.id, []).append(row["campaign"])
    return {
        "versions": [{"version": v, "users": used.get(v.id, [])} for v in saved],
        "surveys": surveys,
    }


def users_of(version: IndexVersion) -> list[Campaign]:
    """The surveys that use ``version`` (chosen, or by default as their newest covering one)."""
    kommune = version.kommune
    used = [(c, survey_index(c).version) for c in surveys_of(kommune)]
    return [c for c, chosen in used if chosen is not None and chosen.id == version.id]


def choose_version(campaign: Campaign, version: IndexVersion | None) -> None:
    """Make ``campaign`` use ``version`` (None: the newest covering one); IndexSettingsError
    when the version belongs to another Kommune or covers too few of the survey's Quartiere."""
    if version is not None:
        if version.kommune_id != campaign.kommune_id:
            raise IndexSettingsError(_("This index version belongs to another Kommune."))
        cover = coverage(version.result, _codes(campaign))
        if not cover.enough:
            raise IndexSettingsError(_too_few(version, cover))
    with write_transaction():
        campaign.index_version_id = None if version is None else version.id


def delete_version(version: IndexVersion) -> None:
    """Delete ``version``; IndexSettingsError naming the surveys when a survey uses it."""
    users = users_of(version)
    if users:
        raise IndexSettingsError(
            _(
                "“%(name)s” is used by these surveys: %(surveys)s. Choose another version for "
                "them first.",
                name=version.name,
                surveys=", ".join(f"{c.title} ({c.round_label})" for c in users),
            )
        )
    with write_transaction():
        # Surveys that chose it although it no longer covers them fall back to automatic.
        for campaign in db.session.scalars(
            select(Campaign).where(Campaign.index_version_id == version.id)
        ):
            campaign.index_version_id = None
        db.session.delete(version)


def area_row(version: IndexVersion | None, area_code: str) -> dict | None:
    """One Quartier's row of ``version`` (a survey's, see :func:`survey_index`) with the
    version's name; None without a version or without the Quartier in it.

    Examples
    --------
    With a database session (see the tests)::

        area_row(survey_index(campaign).version, "4")["class_label"]
        # 'mittel'
    """
    if version is None:
        return None
    for row in version.result:
        if str(row.get("area_code")) == area_code:
            return {**row, "version": version.name}
    return None
