"""The served site of the offline browser tests: what reached the server, what was stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.core.extensions import db
from app.models import Response
from tests.support.factories import SurveyInfo


@dataclass
class Site:
    base: str
    app: object
    info: SurveyInfo
    log: list[str] = field(default_factory=list)  # "METHOD /path" of every request served

    def responses(self) -> list[tuple[str, str]]:
        with self.app.app_context():
            rows = db.session.scalars(select(Response).order_by(Response.id))
            return [(r.area.code, r.channel) for r in rows]

    def posts(self) -> int:
        return sum(1 for line in self.log if line.startswith("POST /api/"))


def answer(page, score: int) -> None:
    """Rate the first theme and send, tapping through the steps as a person would."""
    page.get_by_role("button", name="Weiter").click()
    page.get_by_role("button", name="Weiter").click()
    page.locator("#t-moving label").filter(has_text=str(score)).first.click()
    send = page.get_by_role("button", name="Antworten senden")
    while not send.is_visible():
        page.get_by_role("button", name="Weiter").click()
    send.click()


def queued(page) -> int:
    """Answers kept in the phone's IndexedDB queue."""
    return page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open("quartierskompass", 1);
            open.onsuccess = () => {
                const count = open.result.transaction("answers").objectStore("answers").count();
                count.onsuccess = () => resolve(count.result);
            };
        })"""
    )
