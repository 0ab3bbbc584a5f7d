"""Chapters that the app adds to the report (the report's extension point).

The core report (cover, summary, overview, map, quadrant, one profile per Quartier) is built
from the campaign's result tables. Everything else – methods, Sozialatlas, offers per category,
measures, funds – comes as a :class:`ReportSection`: the app builds each from its own service
and passes the list in, so adding a chapter never edits the core. A section's body is semantic
HTML (``h3``, ``p``, ``table`` with ``th scope``, ``figure``/``figcaption``, inline SVG with
``role="img"`` and a label), so the HTML page and the tagged PDF are accessible alike.

>>> part = ReportSection(key="methods", title="Wie die Prüfung arbeitet", html="<p>…</p>", order=80)
>>> [s.key for s in ordered([part, ReportSection("atlas", "Sozialatlas", "<p>…</p>", order=20)])]
['atlas', 'methods']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["ReportSection", "ordered"]

_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,40}$")


@dataclass(frozen=True)
class ReportSection:
    """One chapter of the report.

    Parameters
    ----------
    key:
        Stable name (lower-case letters, digits, ``-``/``_``); the chapter's anchor in the HTML.
    title:
        The chapter's heading in the reader's language.
    html:
        The chapter's body, already escaped (built from a template with autoescape).
    order:
        Where it goes among the added chapters (smaller first; equal orders keep their given order).
    """

    key: str
    title: str
    html: str
    order: int = 100

    def __post_init__(self) -> None:
        if not _KEY.match(self.key):
            raise ValueError(f"report section key {self.key!r} is not a plain name")


def ordered(sections: Iterable[ReportSection]) -> list[ReportSection]:
    """The sections in report order; a key given twice is a programming error.

    >>> ordered([ReportSection("a", "A", ""), ReportSection("a", "B", "")])
    Traceback (most recent call last):
    ValueError: report section 'a' is given twice
    """
    seen: set[str] = set()
    result = []
    for section in sorted(sections, key=lambda s: s.order):
        if section.key in seen:
            raise ValueError(f"report section {section.key!r} is given twice")
        seen.add(section.key)
        result.append(section)
    return result
