"""The words a survey speaks to its residents with, chosen by its instrument's audience.

Adults are addressed with "Sie", children (the children's instrument, ages 6 to 12) with "du"
in short, plain sentences and asked for their own age bands. The survey's pages, its offline
notices, its refusals (form and API, once the survey is known), the paper questionnaire and the
QR posters all take their texts from here, so one form serves both audiences.
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

#: Every other sentence of the survey that speaks to the person: (adults, children). The
#: children's English differs too, so that German can say "du" where adults read "Sie".
# fmt: off
WORDS = {
    "until": (_l("You can take part until %(date)s."), _l("You can join in until %(date)s.")),
    "choose": (_l("Which Quartier do you want to rate?"),
               _l("Which Quartier do you want to tell us about?")),
    "no_match": (_l("No Quartier matches your search."),
                 _l("We found no Quartier with these words.")),
    "needs_signal": (
        _l("This Quartier is not saved on this phone. It needs signal: please try again where "
           "there is a connection, or choose a Quartier that was prepared."),
        _l("This Quartier is not on this phone. You need signal for it. Try again where there "
           "is signal, or take a Quartier that is already on the phone.")),
    "failed": (
        _l("Could not be sent. Please save it as a file and give the file to the survey team."),
        _l("Sending did not work. Ask an adult to save it as a file for the survey team.")),
    "saved": (
        _l("Your answers are saved on this phone. They are sent by themselves as soon as there "
           "is a connection."),
        _l("Your answers are safe on this phone. The phone sends them by itself when there is "
           "signal again.")),
    "prepare_failed": (
        _l("Not all Quartiere could be saved. Please try again with a better connection."),
        _l("Not all Quartiere are on this phone yet. Try again where the signal is better.")),
    "kept": (_l("If they cannot be sent, save them as a file and give it to the survey team."),
             _l("If sending does not work, an adult can save them as a file for the survey "
                "team.")),
    "check": (_l("Please check your answers:"), _l("Please look at your answers again:")),
    "check_api": (_l("Please check your answers."), _l("Please look at your answers again.")),
    "responsible": (_l("Responsible for your data: %(body)s."),
                    _l("Who looks after your answers: %(body)s.")),
    "nothing_rated": (
        _l("You have not rated any theme and not written a comment. An empty answer cannot be "
           "counted."),
        _l("You have not chosen a number for any theme and have not written anything. We cannot "
           "count an empty answer.")),
    "review": (_l("Your answers. You can change any of them before sending."),
               _l("These are your answers. You can still change them before you send them.")),
    "answers": (_l("Your answers"), _l("What you answered")),
    "send_hint": (_l("Send your answers now. You can skip any theme you cannot rate."),
                  _l("Now send your answers. It is fine to leave out a theme.")),
    "legend": (_l("Your rating"), _l("Your choice")),
    "chart": (_l("Your rating of %(area)s as a compass chart"),
              _l("What you think of %(area)s, as a compass")),
    "stale": (
        _l("Your page was open for a long time. Your answers are kept: please send them again."),
        _l("This page was open for a long time. Your answers are still here: please send them "
           "again.")),
    "area": (_l("Please choose a Quartier that belongs to this survey."),
             _l("Please choose a Quartier from the list of this survey.")),
    "rate_one": (_l("Please rate at least one theme."),
                 _l("Please choose a number for at least one theme.")),
    "age_band": (_l("Please choose one of the age groups of this survey."),
                 _l("Please choose from the list how old you are.")),
    "scale_values": (_l('Please choose one of the values on the scale, or "can\'t say".'),
                     _l('Please choose one of the numbers, or "can\'t say".')),
    "shorten": (
        _l("Please shorten your comment to at most %(max)d characters (it has %(length)d)."),
        _l("Your text is too long: it has %(length)d characters. Please make it shorter, at most "
           "%(max)d characters.")),
    "control": (_l("Please remove invisible control characters from your comment."),
                _l("Your text has invisible signs in it. Please write it again by hand.")),
    "option": (_l("Please choose one of the options."), _l("Please choose one from the list.")),
    "answer_id": (_l("The answer ID is missing or invalid. Please reload the page."),
                  _l("Something went wrong with this page. Please load it again.")),
    "not_in_survey": (
        _l("This Quartier is not part of the survey. Please choose it from the list."),
        _l("This Quartier is not in this survey. Please choose one from the list.")),
    "too_many": (
        _l("Many answers have just arrived from your network. Your answers are kept. Please "
           "send them again in %(minutes)d minutes."),
        _l("Many answers came from this network just now. Your answers are still here. Please "
           "send them again in %(minutes)d minutes.")),
    "group": (_l("Your group"), _l("About your group")),
    "group_id": (_l("Group ID (from the moderator)"), _l("Name of your group (ask the adult)")),
    "group_code": (_l("Please enter the group ID the moderator gave you."),
                   _l("Please write the name of your group. The adult tells you.")),
    "group_size": (
        _l("Please enter how many people are in the group (%(low)d to %(high)d)."),
        _l("Please write how many of you are in the group (%(low)d to %(high)d).")),
    "scale": (_l('Please choose a value from %(low)d to %(high)d, or "can\'t say".'),
              _l('Please choose a number from %(low)d to %(high)d, or "can\'t say".')),
    "not_yet_open": (_l("This survey has not started yet. Please come back later."),
                     _l("This survey has not started yet. Come back later!")),
    "closed": (_l("This survey has closed. Thank you for your interest."),
               _l("This survey is over. Thank you for wanting to join in!")),
    "poster_call": (_l("Rate your Quartier: scan the code with your phone."),
                    _l("Tell us about your Quartier: scan the code with a phone.")),
    "poster_privacy": (
        _l("Anonymous: we do not store your name, IP address or device. Results are only shown "
           "for groups of at least %(k)d people."),
        _l("You do not tell us your name. We do not store who you are. We only show results "
           "when at least %(k)d children have answered.")),
}
# fmt: on


def spoken(audience: str, name: str, **values: object) -> str:
    """The sentence ``name`` of :data:`WORDS` for ``audience``, in the current language.

    Examples
    --------
    >>> from app import create_app
    >>> with create_app({"TESTING": True}).test_request_context(headers={"Accept-Language": "de"}):
    ...     print(spoken("children", "scale", low=1, high=3))
    Bitte wähl eine Zahl von 1 bis 3 oder „Kann ich nicht sagen“.
    """
    adults, children = WORDS[name]
    text = str(children if audience == "children" else adults)
    return text % values if values else text


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
    #: The sentences of :data:`WORDS`, placeholders left for the page to fill in.
    words: dict[str, str]


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
    words = {name: spoken(audience, name) for name in WORDS}
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
            words=words,
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
        words=words,
    )


def not_in_survey(campaign: Campaign) -> str:
    """What a page of ``campaign`` says about a Quartier outside it (for
    :func:`app.core.links.survey_link`)."""
    return spoken(campaign.instrument.audience, "not_in_survey")


def survey_texts(campaign: Campaign) -> AudienceTexts:
    """The texts of ``campaign``'s survey: its instrument decides the audience.

    Examples
    --------
    With a database session (see the tests)::

        survey_texts(children_campaign).questions["age_band"]  # "Wie alt bist du?"
    """
    return audience_texts(campaign.instrument.audience, campaign.min_group_size)
