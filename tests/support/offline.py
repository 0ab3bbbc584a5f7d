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
