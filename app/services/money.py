"""Amounts of money as planners type them: one parser for measures' budgets and funds.

German (``12.345,67 €``) and English (``12,345.67``) forms are read exactly to the cent;
a third decimal is refused, never rounded, because budgets and allocations add up to the cent.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")
_PLAIN = re.compile(r"\d+([.,]\d+)?")


class TooPrecise(ValueError):
    """An amount with more than two decimals (a fraction of a cent)."""


def parse_euros(text: str) -> Decimal | None:
    """An amount in euros, exact to the cent, as Germans or the English type it; None if empty.

    Examples
    --------
    >>> parse_euros("12.345,67 €"), parse_euros("1.000"), parse_euros("2500.5"), parse_euros("")
    (Decimal('12345.67'), Decimal('1000.00'), Decimal('2500.50'), None)
    >>> parse_euros("1,234")
    Traceback (most recent call last):
    ...
    app.services.money.TooPrecise: '1,234' has more than two decimal places
    """
    cleaned = str(text).replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        cleaned = cleaned.replace(thousands, "").replace(decimal_mark, ".")
    elif _GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")
    elif not _PLAIN.fullmatch(cleaned):
        raise ValueError(f"{text!r} is not an amount")
    cleaned = cleaned.replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not an amount") from None
    if amount.as_tuple().exponent < -2:
        raise TooPrecise(f"{text!r} has more than two decimal places")
    return amount.quantize(Decimal("0.01"))
