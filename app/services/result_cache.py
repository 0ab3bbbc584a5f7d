"""Computed results kept while nothing they show has changed (issue 10 §3).

A planner opens the results page, then downloads one file after the other; each of them needs
the same computation (every counted rating read, aggregated, the validation's bootstrap). It is
kept here, in this process, under a key made of everything it depends on: the change counters
of the campaign and of every round it reads (``data_version``: answers, comments, bursts,
snapshot, indicators, index versions; ``settings_version``: Quartiere, themes, k, the chosen
index version), the language, the day and what the caller adds (validation settings,
round-table records). A change of any of them makes a new key; the old entry is never read
again and falls out when newer ones come in. Each app (and so each process and database) keeps
its own few entries.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from flask import current_app
from sqlalchemy import func, select

from app.core.extensions import db
from app.models import Campaign, Response

T = TypeVar("T")
N = TypeVar("N", bound=Hashable)

#: Entries kept per kind and app: whole computations (which hold every rating) for two
#: surveys at once; aggregates of many Quartiere (each moderator's page reads its own); one
#: piece per Quartier of a few large surveys (a piece holds that Quartier's ratings).
SIZES = {"exports": 2, "validation": 2, "offer_coverage": 8, "area_pieces": 2_000,
         "area_counts": 2_000}  # fmt: skip
DEFAULT_SIZE = 32


@dataclass
class _Store:
    entries: dict[str, OrderedDict[tuple, object]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _store() -> _Store:
    # On the app, not the module: two apps in one process (tests) never share an entry.
    return current_app.extensions.setdefault("qk_result_cache", _Store())


def answer_stamps(campaign_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Per campaign: how many responses it has and the largest id, ``{id: (count, max_id)}``.

    Answers are counted here, not by a counter on the campaign row: a counter every answer
    increases makes all answers of a campaign queue on that row's lock until each commit is
    synced (issue 10 §3, bench/README.md "the answers' row lock"). New answers raise both
    numbers, a deleted one lowers the count; everything else that changes results still
    increases ``data_version``. One grouped query on the ``response.campaign_id`` index.

    Examples
    --------
    With a database session (see the tests)::

        answer_stamps([campaign.id])
        # {7: (10233, 10412)}
    """
    ids = sorted({int(i) for i in campaign_ids})
    stmt = select(Response.campaign_id, func.count(), func.max(Response.id))
    stmt = stmt.where(Response.campaign_id.in_(ids)).group_by(Response.campaign_id)
    found = {row[0]: (int(row[1]), int(row[2])) for row in db.session.execute(stmt)}
    return {i: found.get(i, (0, 0)) for i in ids}


def campaign_key(campaigns: Iterable[Campaign], *extra: object) -> tuple:
    """The key of a computation over ``campaigns`` (ids, both change counters and the
    :func:`answer_stamps` each), today's date and ``extra`` (anything else it depends on, as
    hashable values).

    Examples
    --------
    With a database session (see the tests)::

        campaign_key([campaign], "de")
        # (((7, 3, 12, (10233, 10412)),), '2026-11-30', 'de')
    """
    campaigns = list(campaigns)
    stamps = answer_stamps(c.id for c in campaigns)
    versions = tuple(sorted((c.id, c.settings_version, c.data_version, stamps[c.id])
                            for c in campaigns))  # fmt: skip
    return (versions, dt.date.today().isoformat(), *extra)


def cached(kind: str, key: tuple, compute: Callable[[], T]) -> T:
    """``compute()``'s value for ``(kind, key)``, computed once while the key stays the same.

    Two requests with the same new key may both compute it (the lock is not held while
    computing, so one slow computation does not stop every other page); both get equal values.

    Examples
    --------
    In an app context (see the tests)::

        cached("demo", (1,), lambda: [42]) is cached("demo", (1,), lambda: [0])
        # True
    """
    store = _store()
    with store.lock:
        entries = store.entries.setdefault(kind, OrderedDict())
        if key in entries:
            entries.move_to_end(key)
            return entries[key]  # type: ignore[return-value]
    value = compute()
    with store.lock:
        entries[key] = value
        entries.move_to_end(key)
        while len(entries) > SIZES.get(kind, DEFAULT_SIZE):
            entries.popitem(last=False)
    return value


def cached_many(
    kind: str, keys: Mapping[N, tuple], compute: Callable[[list[N]], Mapping[N, T]]
) -> dict[N, T]:
    """The value of each name in ``keys`` (e.g. a Quartier's piece under its own data key):
    kept ones as they are, the others from one call of ``compute(missing names)``.

    One entry per name: a new key replaces the name's old value, so a survey whose answers
    stream in keeps one piece per Quartier, not one per answer.

    Examples
    --------
    In an app context (see the tests)::

        cached_many("demo", {"1 a": (3,), "2 b": (5,)}, lambda names: {n: n * 2 for n in names})
        # {'1 a': '1 a1 a', '2 b': '2 b2 b'}; computed again only for a name whose key changed
    """
    store, found = _store(), {}
    with store.lock:
        entries = store.entries.setdefault(kind, OrderedDict())
        for name, key in keys.items():
            kept = entries.get(name)
            if kept is not None and kept[0] == key:
                entries.move_to_end(name)
                found[name] = kept[1]
    missing = [name for name in keys if name not in found]
    fresh = dict(compute(missing)) if missing else {}
    with store.lock:
        for name in missing:
            found[name] = fresh[name]
            entries[name] = (keys[name], fresh[name])
            entries.move_to_end(name)
        while len(entries) > SIZES.get(kind, DEFAULT_SIZE):
            entries.popitem(last=False)
    return {name: found[name] for name in keys}


def clear() -> None:
    """Forget every entry of this app (tests; a process that wants its memory back)."""
    store = _store()
    with store.lock:
        store.entries.clear()
