"""A Kommune's settings of the needs validation: the threshold margin and the hypotheses.

The thresholds are relative to the instrument's scale (its midpoint minus and plus ``margin``
scale steps, :meth:`analysis.stats.scale.Scale.thresholds`), so one margin suits the 1–7 Place
Standard and the 1–3 children's version alike. The hypotheses are the theme–indicator pairs
tested with Benjamini–Hochberg q-values; the catalogue's documented pairs
(``analysis/data/hypotheses.json``) are the default. :func:`options` hands both to every
validation, and ``validate_needs`` records them in its ``params`` (the XLSX sheet "Metadaten").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources

from flask_babel import gettext as _
from sqlalchemy import select

from analysis.stats.hypotheses import load_hypotheses
from analysis.stats.scale import Scale
from app.core.database import write_transaction
from app.core.extensions import db
from app.core.i18n import current_locale, localized
from app.models import Instrument, Kommune, ValidationSettings
from app.models.accounts import utcnow
from app.services.index_settings import parse_number
from app.services.indicators import indicators_of

DEFAULT_MARGIN = 0.5


class ValidationSettingsError(ValueError):
    """Settings that cannot be used; the message is a sentence for the planner."""


def settings_of(kommune: Kommune) -> ValidationSettings | None:
    """The Kommune's stored settings (None: the defaults apply)."""
    return db.session.scalar(
        select(ValidationSettings).where(ValidationSettings.kommune_id == kommune.id)
    )


def _catalogue() -> list[dict]:
    """The catalogue's pairs with their rationale in every language (as stored in the file)."""
    text = resources.files("analysis").joinpath("data/hypotheses.json").read_text("utf-8")
    return json.loads(text)["hypotheses"]


def pairs_of(kommune: Kommune) -> list[dict]:
    """The pairs the Kommune tests, ``{"theme", "indicator", "rationale"}``: its own choice
    (with the catalogue's rationale where a pair is documented there) or the catalogue's."""
    stored = settings_of(kommune)
    catalogue = _catalogue()
    if stored is None or stored.hypotheses is None:
        return catalogue
    known = {(p["theme"], p["indicator"]): p.get("rationale", "") for p in catalogue}
    return [
        {**pair, "rationale": known.get((pair["theme"], pair["indicator"]), "")}
        for pair in stored.hypotheses
    ]


def options(kommune: Kommune) -> dict:
    """Keyword arguments for ``validate_needs``: ``margin`` and ``hypotheses``.

    Example: ``options(kommune)`` is ``{"margin": 0.5, "hypotheses": [...]}``, the catalogue's
    pairs until a planner saves the Kommune's own.
    """
    stored = settings_of(kommune)
    margin = DEFAULT_MARGIN if stored is None else float(stored.margin)
    return {"margin": margin, "hypotheses": pairs_of(kommune)}


def parse_margin(text: str) -> float:
    """The margin as a planner types it (``0,5``); ValidationSettingsError unless 0 ≤ m < 1.

    Examples
    --------
    >>> parse_margin("0,75")
    0.75
    """
    try:
        margin = parse_number(text)
    except ValueError:
        margin = -1.0
    if not 0 <= margin < 1:
        raise ValidationSettingsError(
            _("The margin must be a number from 0 to below 1 (in scale steps), e.g. 0.5.")
        )
    return margin


def save(kommune: Kommune, margin_text: str, chosen: Iterable[str]) -> ValidationSettings:
    """Store the margin and the chosen pairs (``"theme|indicator"``) for the Kommune.

    Pairs must name a theme of a stored instrument and one of the Kommune's indicators.
    """
    margin = parse_margin(margin_text)
    themes = {slug for slug, _title in theme_choices()}
    indicators = {i.key for i in indicators_of(kommune)}
    pairs = []
    for value in dict.fromkeys(chosen):
        theme, _sep, indicator = str(value).partition("|")
        if theme not in themes or indicator not in indicators:
            raise ValidationSettingsError(
                _("A hypothesis could not be read. Please check the form.")
            )
        pairs.append({"theme": theme, "indicator": indicator})
    with write_transaction():
        stored = settings_of(kommune)
        if stored is None:
            stored = ValidationSettings(kommune_id=kommune.id)
            db.session.add(stored)
        stored.margin, stored.hypotheses, stored.updated_at = margin, pairs, utcnow()
    return stored


def reset(kommune: Kommune) -> None:
    """Go back to the defaults (margin 0.5, the catalogue's pairs)."""
    with write_transaction():
        stored = settings_of(kommune)
        if stored is not None:
            db.session.delete(stored)


def theme_choices() -> list[tuple[str, str]]:
    """Every theme of the stored instruments (slug, title), each slug once, in order."""
    seen: dict[str, str] = {}
    for instrument in db.session.scalars(select(Instrument).order_by(Instrument.id)):
        for theme in instrument.themes:
            seen.setdefault(theme.slug, str(localized(theme.title)))
    return list(seen.items())


def form_context(kommune: Kommune) -> dict:
    """What the settings page shows: margin, the thresholds it gives on common scales, the
    themes × indicators grid with the pairs in use ticked, and whether they are the defaults."""
    stored = settings_of(kommune)
    margin = options(kommune)["margin"]
    pairs = load_hypotheses(pairs_of(kommune), current_locale())
    chosen = {f"{p.theme}|{p.indicator}" for p in pairs.itertuples()}
    indicators = indicators_of(kommune)
    keys = {i.key for i in indicators}
    return {
        "margin": margin,
        "examples": [(s, Scale(*s).thresholds(margin)) for s in ((1, 7), (1, 3))],
        "themes": theme_choices(),
        "indicators": [(i.key, str(localized(i.name))) for i in indicators],
        "chosen": chosen,
        "unused": [p for p in pairs.itertuples() if p.indicator not in keys],
        "defaults": stored is None,
        "updated_at": None if stored is None else stored.updated_at,
    }
