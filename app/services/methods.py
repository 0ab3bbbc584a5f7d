"""How the needs validation works, in plain words, with the numbers of the survey at hand.

:func:`methods_sections` is the one source of the text: the methods page shows it, and the
report takes it as a section through its extension point (issue 14's report engine calls the
same function). Every number comes from :func:`app.services.validation.survey_validation`, so
the text says what the tables show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from flask_babel import gettext as _

from app.core.formatting import number
from app.models import Campaign
from app.services.validation import SurveyValidation, survey_validation

CATEGORIES = ("confirmed", "hidden", "resource", "inconspicuous", "unclear")


@dataclass
class Section:
    """A heading and its paragraphs."""

    title: str
    paragraphs: list[str] = field(default_factory=list)


def _own_areas(found: SurveyValidation) -> pd.DataFrame:
    areas = found.result.areas
    return areas[areas["area_code"].astype(str).isin(found.names)]


def _strength(found: SurveyValidation) -> Section:
    association = found.result.association
    n_areas, mde = int(association["n_areas"]), float(association["mde_rho"])
    section = Section(_("What the comparison can show"))
    section.paragraphs.append(
        _(
            "We compare the social index with how people here rate their Quartier: "
            "%(areas)d Quartiere with an index value and enough answers, %(people)s residents.",
            areas=n_areas,
            people=number(association["n_respondents"], 0),
        )  # fmt: skip
    )
    if mde == mde:  # NaN below four areas
        section.paragraphs.append(
            _(
                "With %(areas)d Quartiere a link between index and ratings shows reliably only "
                "from a strength of about %(mde)s (0 means no link, 1 a perfect one). A weaker "
                "link may exist; these data cannot show it.",
                areas=n_areas,
                mde=number(mde, 2),
            )  # fmt: skip
        )
    section.paragraphs.append(found.result.summary)
    return section


def _areas(found: SurveyValidation, k: int) -> Section:
    params, areas = found.params, _own_areas(found)
    counts = areas["category"].value_counts()
    reasons = areas.loc[areas["category"] == "unclear", "reason"].value_counts()
    section = Section(_("Each Quartier: a verdict only where the data carry it"))
    section.paragraphs += [
        _("The ratings run from %(low)d to %(high)d. For each Quartier we compute a range that "
          "would hold its true middle rating in %(level)s of 100 surveys like this one. It "
          "counts as rating low only when the whole range lies below %(lower)s, and as rating "
          "high only when it lies above %(upper)s.",
          low=params["scale"][0], high=params["scale"][1],
          level=number(100 * params["level"], 0), lower=number(params["thresholds"][0], 2),
          upper=number(params["thresholds"][1], 2)),
        _("Of %(n)d Quartiere: %(confirmed)d confirmed, %(hidden)d hidden, %(resource)d "
          "resource, %(inconspicuous)d inconspicuous, %(unclear)d unclear.",
          n=len(areas), **{c: int(counts.get(c, 0)) for c in CATEGORIES}),
        _("Unclear because of too few answers (fewer than %(min)d ratings, or fewer than k = "
          "%(k)d people): %(few)d. Unclear because the range reaches over a threshold: "
          "%(spans)d. Unclear because the Quartier has no index value: %(none)d.",
          min=params["min_answers"], k=k, few=int(reasons.get("too_few_answers", 0)),
          spans=int(reasons.get("interval_spans_threshold", 0)),
          none=int(reasons.get("no_index", 0))),
    ]  # fmt: skip
    return section


def _checks(found: SurveyValidation) -> Section:
    tests, sensitivity = found.result.tests, found.result.sensitivity
    section = Section(_("Many tests, and fragile verdicts"))
    notable = int((tests["q_value"] < 0.05).sum())
    section.paragraphs.append(
        _(
            "%(n)d pairs of a theme and an indicator were tested. Whoever tests many pairs finds "
            "some links by chance; the q-value allows for that. %(notable)d pairs have a q-value "
            "below 0.05.",
            n=len(tests),
            notable=notable,
        )  # fmt: skip
    )
    own = sensitivity[sensitivity["area_code"].astype(str).isin(found.names)]
    if len(own.columns) > 2:
        section.paragraphs.append(
            _(
                "%(fragile)d of %(n)d Quartiere change their index class or their category when "
                "the class limits move by 0.1 standard deviations or the standard deviation is "
                "computed the other way. Such verdicts are fragile.",
                fragile=int(own["fragile"].sum()),
                n=len(own),
            )  # fmt: skip
        )
    return section


def _limits(k: int) -> Section:
    return Section(
        _("What the comparison cannot show"),
        [
            _("It does not show causes. A link between index and ratings says that both point "
              "the same way, not why."),
            _("No link found does not mean there is none: with few Quartiere or few answers "
              "only strong links can be seen."),
            _("The people who answered chose to answer. They are not a random sample of the "
              "residents; groups that answer less often may be missing."),
            _("The index is a search strategy, not a verdict. The round table decides, with "
              "what people know about the place."),
            _("Results of groups with fewer than k = %(k)d people are never shown.", k=k),
        ],
    )  # fmt: skip


def methods_sections(campaign: Campaign) -> list[Section]:
    """The methods text for the campaign, with its numbers (the page and the report's section).

    Without a saved index version or answers the text says what the comparison needs and
    what it cannot show; otherwise it gives n, the minimal detectable effect, the verdicts
    and why Quartiere are unclear, the tests and the fragile verdicts.

    Example: ``[s.title for s in methods_sections(campaign)]`` is, in German, ``["Was der
    Abgleich zeigen kann", …, "Was der Abgleich nicht zeigen kann"]``.
    """
    k = campaign.min_group_size
    found = survey_validation(campaign)
    if found is None:
        waiting = Section(
            _("What the comparison can show"),
            [_("The comparison needs a saved index version and answers in this round. "
               "Once both are there, this page shows their numbers.")],
        )  # fmt: skip
        return [waiting, _limits(k)]
    return [_strength(found), _areas(found, k), _checks(found), _limits(k)]
