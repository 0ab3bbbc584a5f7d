"""Plain-language sentences about the association, for a council: German by default.

The caller passes a :class:`ValidationTexts` in its language (:data:`GERMAN`, :data:`ENGLISH`
or its own); numbers are formatted for the texts' locale with Babel.

How strong a correlation the data can show is the **minimum detectable effect**: the smallest
|rho| that a two-sided test at 5 % would find with 80 % probability among the given number of
areas (:func:`analysis.stats.association.mde_rho`). It is named with the usual words for
correlations: from 0.7 "very strong", from 0.5 "strong", from 0.3 "moderate", else "weak".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from babel.numbers import format_decimal

__all__ = ["ENGLISH", "GERMAN", "ValidationTexts", "association_sentence"]

_STRENGTHS = ((0.7, "very_strong"), (0.5, "strong"), (0.3, "moderate"), (0.0, "weak"))


@dataclass(frozen=True)
class ValidationTexts:
    """Sentence templates and words of one language; German unless told otherwise."""

    locale: str = "de"
    strength: Mapping[str, str] = field(
        default_factory=lambda: {
            "very_strong": "sehr starker",
            "strong": "starker",
            "moderate": "mittelstarker",
            "weak": "schwacher",
        }
    )
    only: str = (
        "Mit {n_areas} Quartieren lässt sich nur ein {strength} Zusammenhang sicher erkennen "
        "(ab etwa ρ = {mde})."
    )
    already: str = (
        "Mit {n_areas} Quartieren lässt sich schon ein {strength} Zusammenhang sicher erkennen "
        "(ab etwa ρ = {mde})."
    )
    too_few: str = (
        "Zu wenige Quartiere mit Index und genug Antworten ({n_areas}), um einen Zusammenhang "
        "zu prüfen."
    )
    agree: str = (
        "Statistik und Wahrnehmung stimmen überein: Je höher der Index, desto schlechter "
        "bewerten die Bewohner:innen ihr Quartier (ρ = {rho}, {level} %-Intervall {low} bis "
        "{high}; {n_respondents} Antwortende)."
    )
    disagree: str = (
        "Statistik und Wahrnehmung widersprechen sich: Je höher der Index, desto besser bewerten "
        "die Bewohner:innen ihr Quartier (ρ = {rho}, {level} %-Intervall {low} bis {high}; "
        "{n_respondents} Antwortende)."
    )
    open: str = (
        "Ein Zusammenhang ist nicht gesichert (ρ = {rho}, {level} %-Intervall {low} bis {high}; "
        "{n_respondents} Antwortende). Das heißt nicht, dass es keinen gibt."
    )
    no_interval: str = (
        "Ein Zusammenhang ist nicht gesichert (ρ = {rho}; zu wenige Quartiere für ein Intervall)."
    )


GERMAN = ValidationTexts()
ENGLISH = ValidationTexts(
    locale="en",
    strength={
        "very_strong": "a very strong",
        "strong": "a strong",
        "moderate": "a moderate",
        "weak": "a weak",
    },  # fmt: skip
    only="With {n_areas} areas only {strength} association can be detected reliably "
    "(from about ρ = {mde}).",
    already="With {n_areas} areas even {strength} association can be detected reliably "
    "(from about ρ = {mde}).",
    too_few="Too few areas with an index and enough answers ({n_areas}) to test an association.",
    agree="Statistics and perception agree: the higher the index, the worse residents rate "
    "their area (ρ = {rho}, {level} % interval {low} to {high}; {n_respondents} respondents).",
    disagree="Statistics and perception contradict each other: the higher the index, the "
    "better residents rate their area (ρ = {rho}, {level} % interval {low} to {high}; "
    "{n_respondents} respondents).",
    open="An association is not established (ρ = {rho}, {level} % interval {low} to {high}; "
    "{n_respondents} respondents). This does not mean there is none.",
    no_interval="An association is not established (ρ = {rho}; too few areas for an interval).",
)


def _number(value: float, texts: ValidationTexts, pattern: str = "0.00") -> str:
    return format_decimal(value, format=pattern, locale=texts.locale)


def association_sentence(association: Mapping, texts: ValidationTexts = GERMAN) -> str:
    """Two sentences: how strong a correlation the areas can show, and what was found.

    ``association`` as returned by :func:`analysis.stats.association.associate`. The index
    means more need when higher and ratings mean more room for improvement when lower, so
    agreement shows as a *negative* rho.

    Examples
    --------
    >>> association_sentence({"n_areas": 12, "mde_rho": 0.73, "rho": -0.2, "rho_low": -0.7,
    ...                       "rho_high": 0.4, "level": 0.95, "n_respondents": 1480})
    ... # doctest: +NORMALIZE_WHITESPACE
    'Mit 12 Quartieren lässt sich nur ein sehr starker Zusammenhang sicher erkennen (ab etwa
    ρ = 0,73). Ein Zusammenhang ist nicht gesichert (ρ = -0,20, 95 %-Intervall -0,70 bis 0,40;
    1.480 Antwortende). Das heißt nicht, dass es keinen gibt.'
    """
    n_areas = int(association["n_areas"])
    mde, rho = association["mde_rho"], association["rho"]
    if math.isnan(mde) or math.isnan(rho):
        return texts.too_few.format(n_areas=n_areas)
    word = next(name for bound, name in _STRENGTHS if mde >= bound)
    first = texts.only if word in ("very_strong", "strong") else texts.already
    parts = [first.format(n_areas=n_areas, strength=texts.strength[word], mde=_number(mde, texts))]
    low, high = association["rho_low"], association["rho_high"]
    if math.isnan(low) or math.isnan(high):
        parts.append(texts.no_interval.format(rho=_number(rho, texts)))
    else:
        template = texts.agree if high < 0 else texts.disagree if low > 0 else texts.open
        parts.append(
            template.format(
                rho=_number(rho, texts),
                low=_number(low, texts),
                high=_number(high, texts),
                level=_number(100 * association["level"], texts, "0.#"),
                n_respondents=_number(association["n_respondents"], texts, "#,##0"),
            )
        )
    return " ".join(parts)
