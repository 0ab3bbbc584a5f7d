"""The examples in the docstrings of analysis.coverage run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import analysis.coverage

MODULES = [f"analysis.coverage.{m.name}" for m in pkgutil.iter_modules(analysis.coverage.__path__)]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
