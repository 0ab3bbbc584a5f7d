"""Match a table's area codes to a Kommune's areas when they differ only by form.

Each rule (:data:`RULES`, strictest first) brings both sides to a form that is compared:

* ``exact`` – the code as written;
* ``padding`` – case, spaces, ``_`` and ``-`` ignored, leading zeros dropped: ``0930`` ↔
  ``930``, ``1100101`` ↔ ``01100101``, ``1A`` ↔ ``1 a``;
* ``affix`` – a prefix or suffix without digits that every code of one side carries is
  dropped, then as ``padding``: ``STGT03`` ↔ ``03``, ``SR_12`` ↔ ``12``;
* ``digits`` – only the digits, as a number: ``STGT03`` ↔ ``3`` (``1 a`` and ``1 b`` both
  become ``1``, so neither matches);
* ``name`` – names: case, umlauts ↔ ``ae``/``oe``/``ue``, ``ß`` ↔ ``ss``, accents, hyphens,
  underscores, slashes, dots and spaces ignored, a leading number dropped (``03 Nordstadt`` ↔
  ``Nordstadt``). The table's names come from a names column, else from its codes.

A code that fits two areas is *ambiguous*; two table codes on one area are a *conflict*; both
stay unmatched. Unmatched codes are then checked for rows that are **not areas**, in this
order: a *total* (a name such as ``Stadt Köln``, ``Gesamt``, ``insgesamt``, or a code of only
zeros); a *higher level* (without leading zeros, the code begins the codes of at least two
matched rows and is shorter: Köln's Bezirk ``001`` over Stadtteile ``101``–``105``); a *name
on two levels* (the name of an area that another row matched). When all but one code of a conflict
are not areas, the one left keeps its area. :func:`propose_rule` tries every rule and puts the
one that matches most first; a crosswalk (:mod:`analysis.readers.crosswalks`) overrides rules.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from analysis.readers.errors import N_, Message, Nn_

__all__ = [
    "RULES",
    "CodeMatch",
    "NotArea",
    "mark_not_areas",
    "match_codes",
    "name_key",
    "propose_rule",
]

RULES = ("exact", "padding", "affix", "digits", "name")
SUMMARY = {
    "exact": Nn_("%(k)s of %(n)s code matches areas of this Kommune as it is.",
                 "%(k)s of %(n)s codes match areas of this Kommune as they are."),
    "padding": Nn_("%(k)s of %(n)s code matches areas of this Kommune when leading zeros, case "
                   "and spaces are ignored.",
                   "%(k)s of %(n)s codes match areas of this Kommune when leading zeros, case "
                   "and spaces are ignored."),
    "affix": Nn_("%(k)s of %(n)s code matches areas of this Kommune when '%(affix)s' is "
                 "dropped.",
                 "%(k)s of %(n)s codes match areas of this Kommune when '%(affix)s' is dropped."),
    "digits": Nn_("%(k)s of %(n)s code matches areas of this Kommune by its digits alone.",
                  "%(k)s of %(n)s codes match areas of this Kommune by their digits alone."),
    "name": Nn_("%(k)s of %(n)s name matches the names of areas of this Kommune.",
                "%(k)s of %(n)s names match the names of areas of this Kommune."),
    "crosswalk": Nn_("%(k)s of %(n)s code matches areas of this Kommune through the crosswalk.",
                     "%(k)s of %(n)s codes match areas of this Kommune through the crosswalk."),
}  # fmt: skip
TOTAL = N_("the total of the whole town")
LEVEL = Nn_(
    "a higher level: the code of %(count)s matched row begins with it",
    "a higher level: the codes of %(count)s matched rows begin with it",
)
SAME_NAME = N_("its name is also the name of area '%(area)s' (another level)")
_TOTAL_NAME = re.compile(
    r"(?i)^(?:stadt|gemeinde|kreis|landkreis|kommune|gesamtstadt|stadtgebiet)\b"
    r"|\b(?:gesamt|insgesamt|summe|zusammen|total|gesamtstadt)\b"
)
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True)
class NotArea:
    """A table code that names no area, the name it has in the table, and why."""

    code: str
    name: str
    why: Message


@dataclass
class CodeMatch:
    """How the distinct codes of a table meet a Kommune's areas under one rule.

    ``links`` maps a table code to its area codes (one, or several through a crosswalk);
    ``unmatched`` lists codes without an area; ``ambiguous`` codes that fit several areas;
    ``conflicts`` areas that several codes fit; ``missing`` areas without a row.
    """

    rule: str
    codes: list[str]
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)
    conflicts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    not_areas: list[NotArea] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    affix: str = ""
    problems: list[Message] = field(default_factory=list)

    @property
    def matched(self) -> int:
        """How many table codes have an area."""
        return len(self.links)

    def summary(self) -> Message:
        """The sentence "k of n codes match …" for this rule."""
        params = {"k": self.matched, "n": len(self.codes), "affix": self.affix}
        rule = "padding" if self.rule == "affix" and not self.affix else self.rule
        return Message.counted(SUMMARY[rule], params, count="n")


def name_key(name: str) -> str:
    """A name in the form the ``name`` rule compares.

    Examples
    --------
    >>> name_key("03 Nordstadt"), name_key("Mülheim_Süd"), name_key("MUELHEIM-SUED")
    ('nordstadt', 'muelheimsued', 'muelheimsued')
    """
    text = name.strip().casefold().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"^\d+[\s.:_-]*(?=\D)", "", text)
    return re.sub(r"[\W_]+", "", text)


def _padding(code: str) -> str:
    return re.sub(r"^0+(?=\d)", "", re.sub(r"[\s_-]+", "", code.casefold()))


def _digits(code: str) -> str:
    digits = re.sub(r"\D", "", code)
    return (digits.lstrip("0") or "0") if digits else ""


def _affixes(codes: Sequence[str]) -> tuple[str, str]:
    prefix = re.match(r"\D*", os.path.commonprefix(list(codes))).group(0)
    rest = [c[len(prefix) :] for c in codes]
    suffix = re.match(r"\D*", os.path.commonprefix([c[::-1] for c in rest])).group(0)[::-1]
    if any(len(c) <= len(suffix) for c in rest):
        suffix = ""
    return (prefix, suffix) if len(codes) > 1 else ("", "")


def _affix_key(prefix: str, suffix: str) -> Callable[[str], str]:
    return lambda code: _padding(code[len(prefix) : len(code) - len(suffix)])


def _keys(rule: str, codes, names, areas) -> tuple[dict, dict, str]:
    """Comparable forms of the table's codes and of the area codes, and the affix dropped."""
    if rule == "name":
        table = dict(zip(codes, names, strict=True))
        area_keys = {a: name_key(n) for a, n in areas.items()}
        return {c: name_key(table[c]) for c in codes}, area_keys, ""
    if rule == "affix":
        side_t, side_a = _affixes(codes), _affixes(list(areas))
        f_t, f_a = _affix_key(*side_t), _affix_key(*side_a)
        shown = " ".join(a for a in (*side_t, *side_a) if a)
        return {c: f_t(c) for c in codes}, {a: f_a(a) for a in areas}, shown
    form = {"exact": str.strip, "padding": _padding, "digits": _digits}[rule]
    return {c: form(c) for c in codes}, {a: form(a) for a in areas}, ""


def _why_not_area(code: str, name: str, links: dict, areas: Mapping[str, str]) -> Message | None:
    if _TOTAL_NAME.search(name) or set(code.strip()) == {"0"}:
        return Message(TOTAL)
    stem = code.strip().lstrip("0")
    inside = [t for t in links if t != code and len(t.lstrip("0")) > len(stem)]
    count = sum(t.lstrip("0").startswith(stem) for t in inside) if stem else 0
    if count >= 2:
        return Message.counted(LEVEL, {"count": count})
    key = name_key(name)
    taken = {a for t, targets in links.items() if t != code for a in targets}
    same = [a for a in sorted(taken) if key and name_key(areas[a]) == key]
    if same:
        return Message(SAME_NAME, {"area": same[0]})
    return None


def mark_not_areas(match: CodeMatch, names: Mapping[str, str], areas: Mapping[str, str]) -> None:
    """Move codes that are not areas from ``unmatched`` and conflicts to ``not_areas``.

    ``names`` maps each table code to its name in the table. A conflict with one code left
    that is not ruled out gives that code its area.

    Examples
    --------
    >>> m = CodeMatch("exact", ["000", "101"], links={"101": ("101",)}, unmatched=["000"])
    >>> mark_not_areas(m, {"000": "Stadt Köln", "101": "Altstadt"}, {"101": "Altstadt"})
    >>> [(n.code, str(n.why)) for n in m.not_areas], m.unmatched
    ([('000', 'the total of the whole town')], [])
    """
    linked = dict(match.links)
    for area, codes in list(match.conflicts.items()):
        why = {c: _why_not_area(c, names[c], linked, areas) for c in codes}
        keep = [c for c in codes if why[c] is None]
        if len(keep) > 1:
            continue  # the planner decides which row is the area's
        match.not_areas.extend(NotArea(c, names[c], why[c]) for c in codes if why[c])
        if keep:
            match.links[keep[0]] = (area,)
        del match.conflicts[area]
    for code in list(match.unmatched):
        why = _why_not_area(code, names[code], linked, areas)
        if why is not None:
            match.not_areas.append(NotArea(code, names[code], why))
            match.unmatched.remove(code)
    match.unmatched.sort(key=match.codes.index)


def match_codes(
    codes: Sequence[str],
    areas: Mapping[str, str],
    *,
    rule: str = "exact",
    names: Sequence[str] | None = None,
) -> CodeMatch:
    """Match a table's codes (``names`` beside them, optional) to ``areas`` (code -> name).

    Examples
    --------
    >>> areas = {"STGT03": "Nordstadt", "STGT04": "Südstadt"}
    >>> m = match_codes(["3", "4", "0", "9"], areas, rule="digits",
    ...                 names=["Nordstadt", "Südstadt", "Stadt gesamt", "Ostfeld"])
    >>> m.links, m.unmatched, str(m.summary())
    ({'3': ('STGT03',), '4': ('STGT04',)}, ['9'],
     '2 of 4 codes match areas of this Kommune by their digits alone.')
    >>> [(n.code, str(n.why)) for n in m.not_areas]
    [('0', 'the total of the whole town')]
    """
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, not {rule!r}.")
    names = list(names) if names is not None else list(codes)
    if len(names) != len(codes):
        raise ValueError("names must give one name per code.")
    by_code = dict(zip(codes, names, strict=True))
    distinct = list(by_code)
    table_keys, area_keys, affix = _keys(rule, distinct, [by_code[c] for c in distinct], areas)
    index: dict[str, list[str]] = {}
    for area, key in area_keys.items():
        if key:
            index.setdefault(key, []).append(area)
    match = CodeMatch(rule, distinct, affix=affix)
    found: dict[str, list[str]] = {}
    for code in distinct:
        candidates = index.get(table_keys[code], []) if table_keys[code] else []
        if len(candidates) == 1:
            found.setdefault(candidates[0], []).append(code)
        elif candidates:
            match.ambiguous[code] = tuple(candidates)
        else:
            match.unmatched.append(code)
    for area, hits in found.items():
        if len(hits) == 1:
            match.links[hits[0]] = (area,)
        else:
            match.conflicts[area] = tuple(hits)
    mark_not_areas(match, by_code, areas)
    match.missing = [a for a in areas if a not in {x for v in match.links.values() for x in v}]
    return match


def propose_rule(
    codes: Sequence[str], areas: Mapping[str, str], *, names: Sequence[str] | None = None
) -> list[CodeMatch]:
    """Every rule's match, the one that matches most codes first (the stricter on a tie).

    Examples
    --------
    >>> best = propose_rule(["0930", "0920"], {"930": "Köpenick 3", "920": "Köpenick 2"})[0]
    >>> best.rule, best.matched
    ('padding', 2)
    """
    rules = [r for r in RULES if r != "name" or any(areas.values())]
    matches = [match_codes(codes, areas, rule=r, names=names) for r in rules]
    matches = [m for m in matches if m.rule != "affix" or m.affix]  # else the same as padding
    return sorted(matches, key=lambda m: (-m.matched, RULES.index(m.rule)))
