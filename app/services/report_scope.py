"""Which Quartiere get a profile in a survey's report, and whether the web can build it in time.

A report of a big city (542 Quartiere: over 1,000 pages) takes WeasyPrint many minutes, far
beyond the 60 s a proxy waits for a download. So the web builds at most :func:`profile_budget`
profiles; the planner chooses Quartiere (by code, by their parent area such as a Bezirk, or by
the index class), and the whole report is built by ``flask report build`` on the server. The
overview table, the map and the quadrant always show every Quartier.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from app.models import Campaign
from app.services.index_versions import saved_index
from app.services.survey_index import survey_index

__all__ = ["ReportScope", "ReportScopeError", "choices", "profile_budget", "report_scope"]

#: Between codes typed into one field; not spaces: codes such as "1 a" have them.
_SPLIT = re.compile(r"[,;\n]+")


def profile_budget() -> int:
    """How many profiles a web request may build (``QK_REPORT_PROFILE_BUDGET``, default 50:
    with the overview of 542 Quartiere about 200 pages, some 25–30 s of CPU; bench/README.md)."""
    return int(current_app.config["QK_REPORT_PROFILE_BUDGET"])


class ReportScopeError(Exception):
    """A choice of Quartiere that cannot be built; ``message`` is a sentence for the planner."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ReportScope:
    """The Quartiere with a profile: ``codes`` (None: all of the survey's ``total``)."""

    codes: tuple[str, ...] | None
    total: int

    @property
    def profiles(self) -> int:
        """How many profiles the report will have."""
        return self.total if self.codes is None else len(self.codes)

    def check_budget(self) -> None:
        """ReportScopeError with the two ways out when the web cannot build this in time."""
        budget = profile_budget()
        if self.profiles > budget:
            raise ReportScopeError(
                _(
                    "This report would have %(n)d Quartier profiles – more than the %(budget)d "
                    "that can be built while you wait. Either choose the Quartiere for the "
                    "report (by code, Bezirk or index class), or have the whole report built on "
                    "the server with “flask report build”.",
                    n=self.profiles,
                    budget=budget,
                )
            )


def _words(values: Sequence[str]) -> list[str]:
    return [word.strip() for value in values for word in _SPLIT.split(str(value)) if word.strip()]


def _by_class(campaign: Campaign, classes: list[str]) -> set[str]:
    version = survey_index(campaign).version
    if version is None:
        raise ReportScopeError(_("The survey has no index yet, so there are no index classes."))
    table = saved_index(version).result.table
    if not all(c.isdigit() for c in classes):
        raise ReportScopeError(_("Please choose index classes by their number."))
    wanted = {int(c) for c in classes}
    return {str(code) for code, k in zip(table["area_code"], table["class"], strict=True)
            if k == k and k is not None and int(k) in wanted}  # fmt: skip


def report_scope(campaign: Campaign, args: Mapping[str, Sequence[str]]) -> ReportScope:
    """The Quartiere chosen by ``args`` (lists of strings, as a request's or the CLI's):
    ``areas`` (codes; several in one value separated by commas), ``parent`` (codes of parent
    areas, e.g. Bezirke: their Quartiere) and ``classes`` (index class numbers); several
    given: the Quartiere that fit all. Nothing given: every Quartier. ReportScopeError for an
    unknown code or a choice that leaves no Quartier.

    Examples
    --------
    With a database session (see the tests)::

        report_scope(campaign, {"classes": ["4"]}).codes  # -> ("0007", "0012")
    """
    areas = list(campaign.areas)
    codes, parents = _words(args.get("areas", ())), _words(args.get("parent", ()))
    classes = _words(args.get("classes", ()))
    if not (codes or parents or classes):
        return ReportScope(None, len(areas))
    chosen = {a.code for a in areas}
    unknown = sorted(set(codes) - chosen)
    if unknown:
        raise ReportScopeError(
            _("These codes are not Quartiere of this survey: %(codes)s.", codes=", ".join(unknown))
        )
    if codes:
        chosen &= set(codes)
    if parents:
        known = {a.parent.code for a in areas if a.parent is not None}
        missing = sorted(set(parents) - known)
        if missing:
            raise ReportScopeError(
                _("No Quartier of this survey lies in %(codes)s.", codes=", ".join(missing))
            )
        chosen &= {a.code for a in areas if a.parent is not None and a.parent.code in parents}
    if classes:
        chosen &= _by_class(campaign, classes)
    if not chosen:
        raise ReportScopeError(_("No Quartier fits this choice; please choose again."))
    return ReportScope(tuple(a.code for a in areas if a.code in chosen), len(areas))


def choices(campaign: Campaign) -> dict[str, list[tuple[str, str]]]:
    """What the form offers: the survey's Quartiere, their parent areas and the index classes
    (value, label) – classes only when the survey has an index."""
    areas = list(campaign.areas)
    parents = {a.parent.code: a.parent.name for a in areas if a.parent is not None}
    found = {"areas": [(a.code, f"{a.name} ({a.code})") for a in areas],
             "parents": [(code, f"{name} ({code})") for code, name in sorted(parents.items())],
             "classes": []}  # fmt: skip
    version = survey_index(campaign).version
    if version is not None:
        table = saved_index(version).result.table.dropna(subset=["class"])
        labels = dict(zip(table["class"].astype(int), table["class_label"], strict=True))
        found["classes"] = [(str(k), f"{k} – {labels[k]}") for k in sorted(labels)]
    return found
