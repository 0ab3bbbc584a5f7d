"""The cookie session is for pages: the JSON API gets none.

An answer sent by a phone needs no session (the survey token, the Origin check and the answer's
UUID protect the API, see ``app/api/views.py``), yet opening and saving Flask's signed cookie
session – and Flask-Login looking into it – cost CPU on every answer (bench/README.md). Requests
under ``/api/`` get Flask's null session instead: nothing is read from the cookie, no cookie is
set, and the reply does not vary by cookie.
"""

from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

#: Where the JSON API lives (its blueprint's prefix, ``/api/v1``, and any later version).
API_PATH = "/api/"


class PageSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie session, opened for every request except the JSON API's.

    Example
    -------
    ``app.session_interface = PageSessions()``
    """

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path.startswith(API_PATH):
            return None  # Flask then uses its null session, which is never saved
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    """Give pages the cookie session and the API none."""
    app.session_interface = PageSessions()
