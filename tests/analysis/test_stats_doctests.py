"""The examples in the docstrings of analysis.stats (and the scale-aware helpers) run and hold."""

import doctest
import importlib
import pkgutil

import pytest

import analysis.stats

MODULES = [
    *(f"analysis.stats.{m.name}" for m in pkgutil.iter_modules(analysis.stats.__path__)),
    "analysis.stats.aggregate",
    "analysis.figures.maps",
    "analysis.stats.validate",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0  # every module shows how it is used
