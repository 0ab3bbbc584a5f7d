"""Real Chromium for browser tests: Debian's build, driven by Playwright, no browser download.

Locally a missing Chromium skips the browser tests (``make browser`` installs it); in CI
(``CI`` set) it fails them, so that a machine without a browser cannot pass silently.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling home on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def launch(playwright):
    """Start headless Chromium with our flags."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def browser_marks() -> list[pytest.MarkDecorator]:
    """Marks for a browser test module: ``browser``, and outside CI a skip without Chromium."""
    marks = [pytest.mark.browser]
    if shutil.which(CHROMIUM) is None and not os.environ.get("CI"):
        marks.append(pytest.mark.skip(reason="Chromium is missing: run 'make browser'"))
    return marks
