"""The examples in the docstrings of the parsing core (analysis.readers) run and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    f"analysis.readers.{name}"
    for name in (
        "aggregate",
        "codes",
        "columns",
        "crosswalks",
        "errors",
        "long",
        "numbers",
        "problems",
        "sheet",
        "wide",
        "years",
    )
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0  # every module shows how it is used
