"""Helpers for workspace tests: staff accounts and logging in through the real form."""

from __future__ import annotations

import re

from app.auth.services import create_user

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
