"""JSON from outside, with its nesting bounded before the parser sees it.

Python's ``json`` parser recurses once per ``[`` or ``{``: a body of 100,000 brackets ends in a
RecursionError (a 500) instead of a clear refusal. A cheap scan – strings blanked out, brackets
counted with numpy – finds the depth first; only shallow documents are parsed.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np

#: Deeper than anything the app reads (an answer file is 5 levels deep).
MAX_DEPTH = 32
# A string runs to its closing quote or, unclosed, to the end. Possessive, and never failing once
# started: a failed attempt would be retried at every later quote, quadratic on '"\\"\\"\\"…'.
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*+(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
#: Brackets counted per numpy step, so that memory stays small for a body of millions of them.
_CHUNK = 1 << 20


class TooDeep(ValueError):
    """The document is nested deeper than ``limit`` levels."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"JSON nested deeper than {limit} levels")


def depth(data: bytes) -> int:
    """The deepest nesting of arrays and objects in ``data`` (brackets inside strings ignored).

    >>> depth(b'{"a": [1, {"b": "[[[["}]}'), depth(b"[" * 5 + b"]" * 5), depth(b"3")
    (3, 5, 0)
    """
    brackets = _STRING.sub(b'""', data).translate(None, _NOT_BRACKETS)
    deepest = level = 0
    for start in range(0, len(brackets), _CHUNK):
        codes = np.frombuffer(
            brackets, dtype=np.uint8, count=min(_CHUNK, len(brackets) - start), offset=start
        )
        steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1).astype(np.int32)
        levels = np.cumsum(steps, dtype=np.int64) + level
        deepest, level = max(deepest, int(levels.max())), int(levels[-1])
    return deepest


def loads(data: bytes | str, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON text; raise TooDeep past ``max_depth`` levels, ValueError if it is not JSON.

    >>> loads(b'{"answers": []}')
    {'answers': []}
    >>> loads(b"[" * 100_000)
    Traceback (most recent call last):
    ...
    app.core.safejson.TooDeep: JSON nested deeper than 32 levels
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    # No deeper than its number of opening brackets: an answer has a few, and the scan (numpy's
    # set-up above all) would cost more than parsing it.
    few = raw.count(b"[") + raw.count(b"{") <= max_depth
    if not few and depth(raw) > max_depth:
        raise TooDeep(max_depth)
    text = data if isinstance(data, str) else data.decode("utf-8-sig")
    return json.loads(text)
