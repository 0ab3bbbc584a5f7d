"""Fixtures of the tests in this folder."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture
def all_logs(caplog):
    caplog.set_level(logging.DEBUG)
    for logger in logging.Logger.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            logger.disabled = False
    return caplog
