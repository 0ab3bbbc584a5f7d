"""Plain-language sentences about the association, for a council.

The caller passes a :class:`~analysis.texts.ValidationTexts` in the reader's language (English
by default);
numbers are formatted for the texts' locale with Babel.

How strong a correlation the data can show is the **minimum detectable effect**: the smallest
|rho| that a two-sided test at 5 % would find with 80 % probability among the given number of
areas (:func:`analysis.stats.association.mde_rho`). It is named with the usual words for
correlations: from 0.7 "very strong", from 0.5 "strong", from 0.3 "moderate", else "weak".
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from babel.numbers import format_decimal

from analysis.texts import ValidationTexts

__all__ = ["association_sentence"]

_STRENGTHS = ((0.7, "very_strong"), (0.5, "strong"), (0.3, "moderate"), (0.0, "weak"))


def _number(value: float, texts: ValidationTexts, pattern: str = "0.00") -> str:
    return format_decimal(value, format=pattern, locale=texts.locale)


def association_sentence(association: Mapping, texts: ValidationTexts | None = None) -> str:
    """Two sentences: how strong a correlation the areas can show, and what was found.

    ``association`` as returned by :func:`analysis.stats.association.associate`. The index
    means more need when higher and ratings mean more room for improvement when lower, so
    agreement shows as a *negative* rho.

    Examples
    --------
    >>> association_sentence({"n_areas": 12, "mde_rho": 0.73, "rho": -0.2, "rho_low": -0.7,
    ...                       "rho_high": 0.4, "level": 0.95, "n_respondents": 1480})
    ... # doctest: +NORMALIZE_WHITESPACE
    'With 12 areas only a very strong association can be detected reliably (from about
    ρ = 0.73). An association is not established (ρ = -0.20, 95-percent interval -0.70 to 0.40;
    1,480 respondents). This does not mean there is none.'
    """
    texts = texts or ValidationTexts()
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
