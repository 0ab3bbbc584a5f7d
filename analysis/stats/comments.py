"""Residents' comments grouped: identical or near-identical comments once, with how often.

"Wir werden nie gefragt." six times reads as one voice six times over; a round table and a
report show it once with its count. Near-identical means equal after ignoring case, spaces,
punctuation and emoji – not similar in meaning, which would need a judgement no code should make
for a council.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["comment_key", "group_comments"]

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def comment_key(text: str) -> str:
    """What two comments must share to count as the same: letters and digits, in lower case.

    Examples
    --------
    >>> comment_key("Wir werden  NIE gefragt!!") == comment_key("wir werden nie gefragt.")
    True
    """
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return _NOT_WORD.sub(" ", folded).strip()


def group_comments(texts: Iterable[str]) -> list[tuple[str, int]]:
    """Each distinct comment once (its first wording), with its count; most frequent first,
    then in the order they came.

    Examples
    --------
    >>> group_comments(["Mehr Bänke", "Zu laut", "mehr bänke!", "Mehr  Bänke."])
    [('Mehr Bänke', 3), ('Zu laut', 1)]
    >>> group_comments(["?!", "…"])  # nothing but punctuation: kept apart, as written
    [('?!', 1), ('…', 1)]
    """
    first: dict[str, str] = {}
    counts: dict[str, int] = {}
    for text in texts:
        key = comment_key(text) or f"\0{text}"
        first.setdefault(key, str(text))
        counts[key] = counts.get(key, 0) + 1
    order = {key: position for position, key in enumerate(first)}
    keys = sorted(first, key=lambda key: (-counts[key], order[key]))
    return [(first[key], counts[key]) for key in keys]
