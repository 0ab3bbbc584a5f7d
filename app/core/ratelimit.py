"""Per-client limits that keep nothing: sliding windows in memory, keyed by salted hashes.

The answer limit counts *stored* answers per client network (``app.core.clients``): a phone
whose queue retries the same answer, or a person who corrects a mistake, uses no extra slot.
Each process keeps its own windows; with several worker processes a client may get the limit
once per process (SECURITY.md).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask, current_app
from flask_babel import gettext as _

from app.core.clients import client_key

EXTENSION = "qk_rate_limits"


class SlidingWindow:
    """At most ``limit`` events per ``seconds`` for each key; thread-safe, in memory only.

    Example
    -------
    >>> window = SlidingWindow(clock=lambda: 100.0)
    >>> window.take(b"k", limit=1, seconds=60), window.take(b"k", limit=1, seconds=60)
    (0.0, 60.0)
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_keys: int = 200_000):
        self.clock = clock
        self.max_keys = max_keys
        self._events: dict[bytes, deque[float]] = {}
        self._lock = threading.Lock()

    def take(self, key: bytes, *, limit: int, seconds: float) -> float:
        """Record one event for ``key`` and return 0.0, or return the seconds until one is free.

        A refused event is not recorded, so waiting is enough to get through again.
        """
        with self._lock:
            now = self.clock()
            events = self._recent(key, now - seconds)
            if len(events) >= limit:
                return max(events[0] + seconds - now, 1.0)
            events.append(now)
            if len(self._events) > self.max_keys:
                self._sweep(now - seconds)
            return 0.0

    def give_back(self, key: bytes) -> None:
        """Undo one event of ``key`` (an attempt that did not use its slot)."""
        with self._lock:
            events = self._events.get(key)
            if events:
                events.pop()

    def clear(self, key: bytes) -> None:
        """Forget every event of ``key``."""
        with self._lock:
            self._events.pop(key, None)

    def count(self, key: bytes, seconds: float) -> int:
        """How many events ``key`` has in the last ``seconds``."""
        with self._lock:
            return len(self._recent(key, self.clock() - seconds))

    def __len__(self) -> int:
        return len(self._events)

    def _recent(self, key: bytes, since: float) -> deque[float]:
        events = self._events.setdefault(key, deque())
        while events and events[0] <= since:
            events.popleft()
        return events

    def _sweep(self, since: float) -> None:
        """Drop keys without recent events; if still too many, the longest-idle ones.

        Trimming to nine tenths of the bound keeps a flood of new keys from sorting on every call.
        """
        for key in [k for k, events in self._events.items() if not events or events[-1] <= since]:
            del self._events[key]
        overflow = len(self._events) - self.max_keys * 9 // 10
        if overflow > 0:
            idle = sorted(self._events, key=lambda k: self._events[k][-1])[:overflow]
            for key in idle:
                del self._events[key]


@dataclass
class Limits:
    """The process's windows: stored answers per client, login attempts per client and account."""

    answers: SlidingWindow
    logins: SlidingWindow


def init_app(app: Flask) -> None:
    """Give the app its own (empty) windows."""
    app.extensions[EXTENSION] = Limits(answers=SlidingWindow(), logins=SlidingWindow())


def limits() -> Limits:
    """The current app's windows."""
    return current_app.extensions[EXTENSION]


class TooManyAnswers(Exception):
    """This client sent many answers just now; ``retry_after`` is in whole seconds."""

    def __init__(self, wait: float):
        self.retry_after = max(1, math.ceil(wait))
        super().__init__(self.retry_after)

    @property
    def minutes(self) -> int:
        """The wait in whole minutes, as the person is told."""
        return max(1, math.ceil(self.retry_after / 60))

    @property
    def message(self) -> str:
        """A sentence for the person; their answers are kept by the page or the phone."""
        return _(
            "Many answers have just arrived from your network. Your answers are kept. "
            "Please send them again in %(minutes)d minutes.",
            minutes=self.minutes,
        )


@dataclass
class Slot:
    """A reserved place in the answer window; set ``used`` once an answer was stored."""

    used: bool = False


@contextmanager
def answer_slot() -> Iterator[Slot]:
    """Reserve one answer for the current client, or raise TooManyAnswers.

    The slot is given back unless the block marks it used, so refused answers and repeats of
    an answer already stored do not count. Reserving before storing keeps the limit exact
    when many requests arrive at once.

    Example
    -------
    ``with answer_slot() as slot: slot.used = submit(...).created``
    """
    config = current_app.config
    limit = int(config.get("QK_RATE_LIMIT_ANSWERS") or 0)
    slot = Slot()
    if limit <= 0:  # switched off
        yield slot
        return
    window, key = limits().answers, client_key("answers")
    wait = window.take(key, limit=limit, seconds=float(config["QK_RATE_LIMIT_SECONDS"]))
    if wait:
        raise TooManyAnswers(wait)
    try:
        yield slot
    finally:
        if not slot.used:
            window.give_back(key)
