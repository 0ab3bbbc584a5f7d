"""The German words of the result files and messages, from the catalogues of this test run."""

from __future__ import annotations

import gettext
from functools import cache

from flask_babel import force_locale

from analysis.texts import Texts
from app import create_app
from app.core.config import DefaultConfig
from app.services.texts import analysis_texts


@cache
def german_texts() -> Texts:
    """:class:`analysis.texts.Texts` translated from the German catalogue."""
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "texts", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    with app.app_context(), force_locale("de"):
        return analysis_texts()


def german_catalogue() -> gettext.GNUTranslations:
    """The German catalogue as this run compiled it (tests/support/session.py), not a stale .mo."""
    folder = DefaultConfig.BABEL_TRANSLATION_DIRECTORIES
    return gettext.translation("messages", folder, languages=["de"])
