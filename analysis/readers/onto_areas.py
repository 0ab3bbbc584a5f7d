"""A file's values on a Kommune's areas: codes matched, rows that are not areas left out,
finer units aggregated.

:func:`onto_areas` decides how the table's codes reach the areas – a rule of form
(:func:`~analysis.readers.codes.match_codes`, or the best one :func:`~analysis.readers.codes.
propose_rule` finds), a crosswalk (:func:`~analysis.readers.crosswalks.match_crosswalk`) or a
code prefix (:func:`~analysis.readers.aggregate.prefix_links`) – and carries the values over:
one code to one area as they are; several codes to one area, or one code to several, through
:func:`~analysis.readers.aggregate.aggregate` (counts summed, shares weighted). What cannot be
placed is named in :attr:`OnAreas.unknown` for the caller to refuse or leave out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from analysis.readers.aggregate import aggregate, prefix_links
from analysis.readers.codes import CodeMatch, mark_not_areas, match_codes, propose_rule
from analysis.readers.crosswalks import Crosswalk, match_crosswalk
from analysis.readers.errors import Message, Nn_

__all__ = ["OnAreas", "onto_areas"]

PREFIX = Nn_("%(k)s of %(n)s code falls into areas of this Kommune by its first %(length)s "
             "characters.",
             "%(k)s of %(n)s codes fall into areas of this Kommune by their first %(length)s "
             "characters.")  # fmt: skip
VALUE_COLUMNS = ["area_code", "indicator", "year", "value"]


@dataclass
class OnAreas:
    """The values on the Kommune's area codes, how the codes matched, and what was left out.

    ``unknown`` are table codes that reach no area and are not recognised as rows that are
    not areas (``match.not_areas``): codes of no area, codes that fit several areas and
    several codes that fit one area without a crosswalk.
    """

    match: CodeMatch
    values: pd.DataFrame
    aggregated: bool = False
    unknown: list[str] = field(default_factory=list)
    problems: list[Message] = field(default_factory=list)

    def summary(self) -> Message:
        """The sentence "k of n codes match …"."""
        if self.match.rule == "prefix":
            params = {"k": self.match.matched, "n": len(self.match.codes),
                      "length": self.match.affix}  # fmt: skip
            return Message.counted(PREFIX, params, count="n")
        return self.match.summary()


def _prefix_match(codes: list[str], names: Mapping[str, str], areas, length: int) -> CodeMatch:
    match = CodeMatch("prefix", codes, affix=str(length))
    for code, (area,) in prefix_links(codes, length).items():
        if area in areas and len(code) > length:
            match.links[code] = (area,)
        else:
            match.unmatched.append(code)
    mark_not_areas(match, names, areas)
    reached = {a for targets in match.links.values() for a in targets}
    match.missing = [a for a in areas if a not in reached]
    return match


def _match(codes, names, areas, rule, crosswalk, prefix_length) -> CodeMatch:
    listed = [names.get(c, c) for c in codes]
    if prefix_length:
        return _prefix_match(codes, {c: names.get(c, c) for c in codes}, areas, prefix_length)
    if crosswalk is not None:
        return match_crosswalk(codes, areas, crosswalk, names=listed)
    if rule:
        return match_codes(codes, areas, rule=rule, names=listed)
    return propose_rule(codes, areas, names=listed)[0]


def _one_to_one(links: Mapping[str, Sequence[str]]) -> bool:
    targets = [a for areas in links.values() for a in areas]
    return all(len(a) == 1 for a in links.values()) and len(targets) == len(set(targets))


def onto_areas(
    values: pd.DataFrame,
    names: Mapping[str, str],
    areas: Mapping[str, str],
    *,
    source: str,
    rule: str | None = None,
    crosswalk: Crosswalk | None = None,
    prefix_length: int | None = None,
    shares: Sequence[str] = (),
    weight: str | None = None,
) -> OnAreas:
    """Carry ``values`` (``area_code, indicator, year, value``) onto ``areas`` (code → name).

    ``names`` are the table's names per code (for the ``name`` rule and for rows that are not
    areas); ``rule`` one of :data:`~analysis.readers.codes.RULES` (default: the rule that
    matches most); ``crosswalk`` or ``prefix_length`` link codes instead. ``shares`` and
    ``weight`` (indicator keys) are used when codes are aggregated.

    Examples
    --------
    >>> values = pd.DataFrame({"area_code": ["3", "4", "0"], "indicator": "EW",
    ...                        "year": 2020, "value": [10.0, 20.0, 30.0]})
    >>> placed = onto_areas(values, {"0": "Stadt gesamt"}, {"STGT03": "Nord", "STGT04": "Süd"},
    ...                     source="t.csv")
    >>> str(placed.summary()), placed.values["area_code"].tolist(), placed.unknown
    ("2 of 3 codes match areas of this Kommune when 'STGT' is dropped.", ['STGT03', 'STGT04'], [])
    """
    codes = list(dict.fromkeys(values["area_code"]))
    match = _match(codes, names, areas, rule, crosswalk, prefix_length)
    unknown = list(match.unmatched) + list(match.ambiguous)
    unknown += [c for hits in match.conflicts.values() for c in hits]
    placed = OnAreas(match, pd.DataFrame(columns=VALUE_COLUMNS), unknown=unknown)
    placed.problems = list(match.problems)
    linked = values[values["area_code"].isin(match.links)]
    if _one_to_one(match.links):
        moved = linked.assign(area_code=[match.links[c][0] for c in linked["area_code"]])
        placed.values = moved[VALUE_COLUMNS].reset_index(drop=True)
        return placed
    population = crosswalk.population if crosswalk is not None else None
    result = aggregate(linked, match.links, source=source, shares=shares, weight=weight,
                       link_population=population)  # fmt: skip
    placed.values, placed.aggregated = result.values[VALUE_COLUMNS], True
    placed.problems += result.problems
    return placed
