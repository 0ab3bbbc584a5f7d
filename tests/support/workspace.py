"""Helpers for workspace tests: staff accounts and logging in through the real form."""

from __future__ import annotations

import re

from app.services.accounts import create_user

PASSWORD = "correct horse battery"


def make_user(email: str, role: str, kommunen: list[str], password: str = PASSWORD) -> int:
    return create_user(email, role, kommunen, password, create_kommunen=True).id


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'id="csrf_token"[^>]*value="([^"]+)"', html
    )
    assert match, "no CSRF token in page"
    return match.group(1)


def login(client, email: str, password: str = PASSWORD, follow: bool = False):
    html = client.get("/login").get_data(as_text=True)
    data = {"email": email, "password": password}
    if "csrf_token" in html:  # apps built without CSRF have no token field
        data["csrf_token"] = csrf_from(html)
    return client.post(
        "/login",
        data=data,
        follow_redirects=follow,
    )


def csrf_of(client, path: str) -> str:
    return csrf_from(client.get(path).get_data(as_text=True))


def answer(client, info, n: int, role: str = "resident", area: str | None = None, **extra):
    """Post ``n`` answers through the public JSON API (the residents' real path)."""
    from tests.support.factories import answer_payload

    token = {"resident": info.resident, "expert": info.expert}[role]
    for i in range(n):
        payload = answer_payload(info, token=token, area=area or info.area_codes[0], **extra)
        payload["comments"] = {
            "nature": {"good": f"Park {role} {i}", "improve": f"Mehr Bänke {role} {i}"}
        }
        response = client.post("/api/v1/responses", json=payload)
        assert response.status_code == 201, response.get_json()


def add_outlines(kommune: str = "Teststadt") -> None:
    """Give the Kommune's areas square outlines near Aachen (exports draw maps)."""
    import json

    from sqlalchemy import select

    from app.core.extensions import db
    from app.models import Area, Kommune

    areas = db.session.scalars(
        select(Area).join(Kommune).where(Kommune.name == kommune).order_by(Area.code)
    )
    for i, area in enumerate(areas):
        x, y = 6.08 + 0.01 * i, 50.77
        ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
        area.geometry = json.dumps({"type": "Polygon", "coordinates": [ring]})
        area.area_km2 = 0.8
    db.session.commit()


def demo_with_index(name: str = "Sozialindex 2024") -> int:
    """Musterstadt with its accounts and a saved index version (SGB II and child poverty,
    2024); returns the id of its 2025 survey."""
    from sqlalchemy import select

    from app.core.extensions import db
    from app.models import Campaign, Kommune
    from app.services import index_versions
    from app.services.demo import create_demo_accounts, load_demo

    load_demo()
    create_demo_accounts()
    kommune = db.session.scalar(select(Kommune).where(Kommune.name == "Musterstadt"))
    settings = {"indicators": ["sgb2_quote", "nef_u15"], "year": 2024, "options": {}}
    result = index_versions.compute_index(kommune, settings["indicators"], 2024)
    index_versions.save_version(kommune, name, settings, result)
    return db.session.scalar(select(Campaign.id).where(Campaign.round_label == "2025"))


def show_comments(app) -> None:
    """Mark every stored comment as reviewed and shown, as a planner would before a round table.

    Tests of what readers see use it; tests of the review itself go through the review page.
    """
    from sqlalchemy import update

    from app.core.extensions import db
    from app.models import Comment

    with app.app_context():
        db.session.execute(update(Comment).where(Comment.review == "new").values(review="shown"))
        db.session.commit()
