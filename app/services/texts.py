"""The words ``analysis`` writes and draws, in the reader's language, built in one place.

``analysis.texts`` holds every word as an English default marked for translation (``N_``, so
``make extract-messages`` puts it into the catalogues); :func:`analysis_texts` translates each
with gettext in the current language (the planner's, or ``force_locale``'s). The round table's
questions and verdicts are the same messages the moderator's form shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass, replace
from typing import TypeVar

from flask_babel import gettext

from analysis.texts import Texts
from app.core.i18n import current_locale

T = TypeVar("T")


def translated(words: T) -> T:
    """``words`` (a Texts part, a mapping or a text) with every text translated; the
    ``locale`` fields become the current language."""
    if is_dataclass(words) and not isinstance(words, type):
        changes = {
            f.name: current_locale() if f.name == "locale" else translated(getattr(words, f.name))
            for f in fields(words)
        }
        return replace(words, **changes)
    if isinstance(words, Mapping):
        return {key: translated(value) for key, value in words.items()}  # type: ignore[return-value]
    if isinstance(words, str):
        return gettext(words)  # type: ignore[return-value]
    return words


def analysis_texts() -> Texts:
    """Every word of the result files (tables, charts, maps, report) in the current language."""
    return translated(Texts())
