"""The German words of the result files, as the app builds them for a German planner."""

from __future__ import annotations

from functools import cache

from flask_babel import force_locale

from analysis.texts import Texts
from app import create_app
from app.services.texts import analysis_texts


@cache
def german_texts() -> Texts:
    """:class:`analysis.texts.Texts` translated from the German catalogue."""
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "texts", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    with app.app_context(), force_locale("de"):
        return analysis_texts()
