"""An answer the server always fails with a 500 does not hold up the phone's other answers.

A real server (waitress) with a wrapper in front of the app that answers 500 to every answer for
one Quartier, and a real Chromium on a phone: the other answers arrive, the broken one is shown as
"could not be sent" with "save as file" after N server errors, and stays on the phone for the file.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from tests.support.browser import browser_marks
from tests.support.offline import answer, queued

pytestmark = browser_marks()
BROKEN_AREA = "1 a"


def fail_answers_for(app, area: str) -> list[str]:
    """Make the served ``app`` answer 500 to every answer for ``area``; returns their UUIDs."""
    failed: list[str] = []
    inner = app.wsgi_app

    def wrapper(environ, start_response):
        if environ["REQUEST_METHOD"] == "POST" and environ["PATH_INFO"] == "/api/v1/responses":
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input"] = io.BytesIO(body)
            payload = json.loads(body)
            if payload.get("area") == area:
                failed.append(payload["uuid"])
                start_response("500 INTERNAL SERVER ERROR", [("Content-Type", "application/json")])
                return [b'{"message": "Internal Server Error"}']
        return inner(environ, start_response)

    app.wsgi_app = wrapper
    return failed


# The fixtures come from the offline module above; ruff takes the arguments for redefinitions.
def test_an_answer_that_always_gets_a_500_does_not_hold_up_the_others(site, phone):  # noqa: F811
    from playwright.sync_api import expect

    context, page = phone
    site.app.config["QK_OFFLINE_MAX_SERVER_ERRORS"] = 3
    failed = fail_answers_for(site.app, BROKEN_AREA)
    box = page.locator("#qk-queue")

    page.goto(f"{site.base}/s/{site.info.resident}/1%20a")
    answer(page, 3)
    expect(page.locator("#qk-saved")).to_be_visible()  # kept on the phone, thanked at once
    page.get_by_role("link", name="Ein anderes Quartier bewerten").click()
    page.get_by_role("link", name="Nordstadt").click()
    answer(page, 6)
    # Queued behind the broken one, and still sent: the server's own thank-you page opens.
    expect(page).to_have_url(re.compile(r"/thanks/[0-9a-f-]{36}$"), timeout=10_000)

    # After three 500s the broken answer is shown as not sent, with the file to save it.
    expect(box.locator("[data-failed] li")).to_have_text(
        "Altstadt: Konnte nicht gesendet werden. Bitte speichern Sie die Antwort als Datei. "
        "Geben Sie die Datei dem Team der Umfrage."
    )
    file_button = box.get_by_role("button", name="Als Datei speichern")
    expect(file_button).to_be_visible()
    assert len(failed) >= 3 and set(failed) == {failed[0]}

    # A later answer still flows past it.
    page.goto(f"{site.base}/s/{site.info.resident}/01100101")
    answer(page, 5)
    expect(page).to_have_url(re.compile(r"/thanks/[0-9a-f-]{36}$"), timeout=10_000)
    assert sorted(code for code, _ in site.responses()) == ["01100101", "15 b"]

    # Never dropped: it is still on the phone, and goes into the file.
    assert queued(page) == 1
    box = page.locator("#qk-queue")
    expect(box.locator("[data-failed] li")).to_have_count(1)
    with page.expect_download() as download:
        box.get_by_role("button", name="Als Datei speichern").click()
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [(a["area"], a["uuid"]) for a in saved["answers"]] == [(BROKEN_AREA, failed[0])]
