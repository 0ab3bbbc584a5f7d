"""The words a survey speaks to its residents with, chosen by its instrument's audience.

Adults are addressed with "Sie", children (the children's instrument, ages 6 to 12) with "du"
in short, plain sentences and asked for their own age bands. The web form, the thank-you page
and the paper questionnaire all take their texts from here, so one form serves both audiences.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import AGE_BANDS_BY_AUDIENCE, Campaign
from app.services.labels import OPTIONS, QUESTIONS

#: Children are asked in their own words; the answer values stay the same.
CHILD_QUESTIONS = {
    "age_band": _l("How old are you?"),
    "gender": _l("You are …"),
    "years_in_area": _l("How long have you been living here?"),
}
CHILD_GENDERS = {"female": _l("a girl"), "male": _l("a boy"), "diverse": _l("diverse")}


@dataclass(frozen=True)
class AudienceTexts:
    """The resident-facing texts of one survey, in the current language."""

    start: str
    privacy: str
    about_you: str
    thanks: str
    #: The thank-you page: its headings, and the sentence with an ``%(area)s`` to fill in.
    compass: str
    ratings: str
    saved: str
    #: The paper questionnaire's instruction above the themes.
    paper_hint: str
    questions: dict[str, str]
    options: dict[str, dict[str, str]]


def audience_texts(audience: str, min_group_size: int) -> AudienceTexts:
    """The texts for ``audience`` ("adults" or "children"), in the current language.

    Examples
    --------
    >>> from app import create_app
    >>> with create_app({"TESTING": True}).test_request_context():
    ...     texts = audience_texts("children", 5)
    >>> list(texts.options["age_band"])
    ['6_7', '8_9', '10_12']
    """
    children = audience == "children"
    bands = AGE_BANDS_BY_AUDIENCE[audience]
    options = {name: {v: str(label) for v, label in OPTIONS[name].items()} for name in OPTIONS}
    options["age_band"] = {band: options["age_band"][band] for band in bands}
    if not children:
        return AudienceTexts(
            start=_("Before you start"),
            privacy=_(
                "Your answers are anonymous. We do not store your name, your e-mail address, "
                "your IP address or your device. We only store the day of your answer. Results "
                "are only shown for groups of at least %(k)s people.",
                k=min_group_size,
            ),
            about_you=_("About you (optional)"),
            thanks=_("Thank you for your answers!"),
            compass=_("Your compass"),
            ratings=_("Your ratings"),
            saved=_("Your rating of %(area)s has been saved."),
            paper_hint=_("Tick one box per theme. You can skip any theme you cannot rate."),
            questions={name: str(text) for name, text in QUESTIONS.items()},
            options=options,
        )
    options["gender"] = {value: str(label) for value, label in CHILD_GENDERS.items()}
    return AudienceTexts(
        start=_("This is how it works"),
        privacy=_(
            "You do not tell us your name. We do not store who you are, and not your phone or "
            "computer either. We only store the day. We only show results when at least "
            "%(k)s children have answered.",
            k=min_group_size,
        ),
        about_you=_("About you (you can skip this)"),
        thanks=_("Thank you for taking part!"),
        compass=_("This is your compass"),
        ratings=_("What you chose"),
        saved=_("We have saved what you think of %(area)s."),
        paper_hint=_("Make one cross for each theme. You can leave out a theme."),
        questions={name: str(text) for name, text in CHILD_QUESTIONS.items()},
        options=options,
    )


def survey_texts(campaign: Campaign) -> AudienceTexts:
    """The texts of ``campaign``'s survey: its instrument decides the audience.

    Examples
    --------
    With a database session (see the tests)::

        survey_texts(children_campaign).questions["age_band"]  # "Wie alt bist du?"
    """
    return audience_texts(campaign.instrument.audience, campaign.min_group_size)
