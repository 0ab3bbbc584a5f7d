"""The settings of an allocation of funds as a planner types them, in the web form or on the CLI.

:func:`settings` turns the typed texts into a :class:`FundSettings` (amounts in cents); the
web form and ``flask funds allocate`` both call it, so both refuse the same input with the same
sentence and allocate the same cents.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _

from app.services.index_settings import parse_number
from app.services.instruments import load_place_standard
from app.services.money import TooPrecise, parse_euros

#: The round table's verdicts on a Quartier's need, from the least to the most need.
NEED_ORDER = ("not_confirmed", "unclear", "confirmed")


class FundsError(ValueError):
    """Allocation settings that cannot be used; the message is a sentence for the planner."""


@dataclass(frozen=True)
class FundSettings:
    """What a planner chooses: amounts in cents, the indicator, factors, version, exclusions."""

    budget_cents: int
    base_cents: int
    population_indicator: str
    class_factors: list[float]
    index_version: str | None = None
    exclude: dict[str, str] = field(default_factory=dict)
    min_population: int | None = None
    #: Factors per verdict of the round table (in :data:`NEED_ORDER`); then no class factors.
    need_factors: dict[str, float] | None = None
    #: The round whose verdicts count (default: the newest round with verdicts).
    need_round: str | None = None
    #: The themes whose verdicts count (the most need among them); None: the overall verdict.
    need_themes: tuple[str, ...] | None = None


def _amount_errors(kind: str) -> tuple[str, str]:
    if kind == "base":
        return (
            _("The base amount must be an amount in euros, e.g. 5000 or 5.000,00."),
            _("The base amount must be in whole cents (two decimals at most)."),
        )
    return (
        _("The budget must be an amount in euros, e.g. 250000 or 250.000,00."),
        _("The budget must be in whole cents (two decimals at most)."),
    )


def parse_amount(text: str, kind: str = "budget") -> int:
    """An amount in euros as a planner types it, in cents; FundsError otherwise.

    A decimal comma or point; thousands may be grouped with points or spaces in the German
    way (``1.000.000,50``). At most two decimals: the allocation is exact to the cent.
    ``kind`` (``budget`` or ``base``) names the amount in the error's sentence.

    Examples
    --------
    >>> parse_amount("1.000.000,50"), parse_amount("250000"), parse_amount("12.5", "base")
    (100000050, 25000000, 1250)
    """
    not_amount, not_cents = _amount_errors(kind)
    try:
        amount = parse_euros(text)
    except TooPrecise:
        raise FundsError(not_cents) from None
    except ValueError:
        raise FundsError(not_amount) from None
    if amount is None:
        raise FundsError(not_amount)
    return int(amount * 100)


def split_factors(text: str) -> list[str]:
    """The factors' texts: separated by ``;`` or spaces (then a comma is a decimal comma, as in
    ``1; 1,5; 2; 3``), else by commas (``1,1.5,2,3`` as on the command line).

    Examples
    --------
    >>> split_factors("1; 1,5; 2; 3"), split_factors("1,1.5,2,3")
    (['1', '1,5', '2', '3'], ['1', '1.5', '2', '3'])
    """
    text = str(text or "").strip()
    if re.search(r"[;\s]", text):
        return [part for part in re.split(r"[;\s]+", text) if part]
    return [part for part in text.split(",") if part.strip()]


def parse_factors(parts: Sequence[str], what: str = "class") -> list[float]:
    """The factors per class (``what="verdict"``: per verdict), from least to most need;
    FundsError if unusable.

    Examples
    --------
    >>> parse_factors(["1", "1,5", "2", "3"])
    [1.0, 1.5, 2.0, 3.0]
    """
    parts = [p for p in (str(part).strip() for part in parts) if p]
    if not parts:
        raise FundsError(_("Give one factor per index class, e.g. 1; 1,5; 2; 3."))
    try:
        factors = [parse_number(part) for part in parts]
    except ValueError:
        raise FundsError(_("Factors must be numbers, e.g. 1; 1,5; 2; 3.")) from None
    if any(f < 0 for f in factors):
        raise FundsError(_("Factors must not be negative."))
    if any(b < a for a, b in zip(factors, factors[1:], strict=False)):
        if what == "verdict":
            raise FundsError(
                _("A confirmed need must not get a smaller factor than an unclear one, nor an "
                  "unclear need a smaller one than a need not confirmed: a Quartier with more "
                  "need may never get less.")
            )  # fmt: skip
        raise FundsError(
            _("Factors must not fall from one class to the next: a Quartier with more need "
              "may never get less. Give them from the least to the most need.")
        )  # fmt: skip
    return factors


def split_need_factors(text: str) -> dict[str, str]:
    """The factors per verdict as typed on the command line: ``verdict=factor`` pairs, split as
    in :func:`split_factors` (``confirmed=2,unclear=1.5`` or ``confirmed=2; unclear=1,5``).

    Examples
    --------
    >>> split_need_factors("confirmed=2; unclear=1,5; not_confirmed=1")
    {'confirmed': '2', 'unclear': '1,5', 'not_confirmed': '1'}
    """
    pairs = {}
    for part in split_factors(text):
        key, _sep, value = part.partition("=")
        pairs[key.strip().lower().replace("-", "_")] = value.strip()
    return pairs


def parse_need_factors(typed: Mapping[str, str]) -> dict[str, float]:
    """A factor for each verdict of the round table, ordered from the least to the most need
    (:data:`NEED_ORDER`); FundsError if one is missing, unknown, not a number or out of order.

    Examples
    --------
    >>> parse_need_factors({"confirmed": "2", "unclear": "1,5", "not_confirmed": "1"})
    {'not_confirmed': 1.0, 'unclear': 1.5, 'confirmed': 2.0}
    """
    typed = {str(k).strip(): str(v or "").strip() for k, v in typed.items()}
    unknown = sorted(set(typed) - set(NEED_ORDER))
    missing = [verdict for verdict in NEED_ORDER if not typed.get(verdict)]
    if unknown or missing:
        raise FundsError(
            _("Give one factor for each verdict of the round table: %(verdicts)s, e.g. "
              "confirmed=2, unclear=1.5, not_confirmed=1.", verdicts=", ".join(NEED_ORDER))
        )  # fmt: skip
    factors = parse_factors([typed[verdict] for verdict in NEED_ORDER], what="verdict")
    return dict(zip(NEED_ORDER, factors, strict=True))


def parse_themes(typed: Sequence[str] | str | None) -> tuple[str, ...] | None:
    """The themes whose verdicts count, as Place Standard slugs; None if none were chosen;
    FundsError naming an unknown one.

    Examples
    --------
    >>> parse_themes("") is None
    True
    """
    parts = split_factors(typed) if isinstance(typed, str) else [str(t) for t in typed or ()]
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in parts if part.strip()))
    if not chosen:
        return None
    slugs = [theme.slug for theme in load_place_standard().themes]
    unknown = [slug for slug in chosen if slug not in slugs]
    if unknown:
        raise FundsError(_("Unknown theme: %(unknown)s. Themes: %(themes)s.",
                           unknown=", ".join(unknown), themes=", ".join(slugs)))  # fmt: skip
    return chosen


def parse_exclusions(text: str) -> dict[str, str]:
    """Quartiere excluded by hand, one per line as ``code: reason``.

    Examples
    --------
    >>> parse_exclusions("3 a: new building area\\n7")
    {'3 a': 'new building area', '7': ''}
    """
    found = {}
    for line in str(text or "").splitlines():
        code, _sep, reason = line.partition(":")
        if code.strip():
            found[code.strip()] = reason.strip()
    return found


def _minimum(text: str | None) -> int | None:
    text = str(text or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise FundsError(_("The minimum target population must be a whole number, e.g. 50."))
    return int(text)


def settings(
    *,
    budget: str,
    population_indicator: str,
    class_factors: Sequence[str] = (),
    base: str = "0",
    index_version: str | None = None,
    exclude: Mapping[str, str] | None = None,
    min_population: str | None = None,
    need_factors: Mapping[str, str] | None = None,
    need_round: str | None = None,
    need_themes: Sequence[str] | str | None = None,
) -> FundSettings:
    """Settings from the typed texts of the web form or the CLI; FundsError with a sentence.

    With ``need_factors`` (verdict -> typed factor) the Quartiere are weighted by the round
    table's verdict in ``need_round`` instead of their index class; ``class_factors`` and
    ``index_version`` are then not used. With ``need_themes`` (theme slugs, or one text split
    by commas/spaces) the verdicts on those themes count instead of the overall verdict.
    """
    indicator = (population_indicator or "").strip()
    if not indicator:
        raise FundsError(_("Please choose the indicator of the target population."))
    by_need = need_factors is not None
    return FundSettings(
        budget_cents=parse_amount(budget, "budget"),
        base_cents=parse_amount(base or "0", "base"),
        population_indicator=indicator,
        class_factors=[] if by_need else parse_factors(class_factors),
        index_version=None if by_need else (index_version or "").strip() or None,
        exclude=dict(exclude or {}),
        min_population=_minimum(min_population),
        need_factors=parse_need_factors(need_factors) if by_need else None,
        need_round=((need_round or "").strip() or None) if by_need else None,
        need_themes=parse_themes(need_themes) if by_need else None,
    )
