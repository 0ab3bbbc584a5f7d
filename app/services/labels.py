"""Translatable labels for the coarse, optional demographic questions."""

from flask_babel import lazy_gettext as _l

QUESTIONS = {
    "age_band": _l("Your age"),
    "gender": _l("Your gender"),
    "years_in_area": _l("How long have you lived here?"),
}

OPTIONS = {
    "age_band": {
        "under_18": _l("under 18"),
        "18_29": _l("18 to 29"),
        "30_44": _l("30 to 44"),
        "45_64": _l("45 to 64"),
        "65_79": _l("65 to 79"),
        "80_plus": _l("80 or older"),
        "6_7": _l("6 or 7 years"),
        "8_9": _l("8 or 9 years"),
        "10_12": _l("10 to 12 years"),
    },
    "gender": {"female": _l("female"), "male": _l("male"), "diverse": _l("diverse")},
    "years_in_area": {
        "under_1": _l("less than 1 year"),
        "1_4": _l("1 to 4 years"),
        "5_9": _l("5 to 9 years"),
        "10_plus": _l("10 years or more"),
    },
}

ROLE_NAMES = {
    "resident": _l("Residents"),
    "expert": _l("Professionals"),
    "group": _l("Moderated group"),
}
