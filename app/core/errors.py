"""Error pages and JSON errors in the user's language, never a stack trace."""

from __future__ import annotations

from contextlib import suppress

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from app.core.extensions import db

#: Seconds a client waits before it sends again when the database cannot be reached.
RETRY_AFTER_SECONDS = 30


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        messages = {
            400: _("The request could not be understood."),
            403: _("You are not allowed to do this."),
            404: _("This page does not exist."),
            405: _("This action is not possible here."),
            413: _("The upload is too large."),
            500: _("Something went wrong on our side. Please try again later."),
        }
        default = messages.get(exc.code or 500, _("Something went wrong."))
        # Our own aborts carry a translated description; Werkzeug's defaults are English.
        custom = exc.description if exc.description != type(exc).description else None
        message = custom or default
        if _wants_json():
            return jsonify({"message": message}), exc.code
        return render_template("errors/error.html", message=message, code=exc.code), exc.code

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeout)
    def _database_unavailable(exc: Exception):
        # The database is down, restarting or locked past the busy timeout: nothing was stored,
        # and the offline queue (or the person) should try again, not give up as after a 500.
        current_app.logger.warning("database unavailable: %s", type(exc).__name__)
        with suppress(Exception):  # the connection may be gone; the session is dropped anyway
            db.session.rollback()
        message = _("The survey cannot store answers just now. Please try again in a minute.")
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        if _wants_json():
            return jsonify({"message": message}), 503, headers
        page = render_template("errors/error.html", message=message, code=503)
        return page, 503, headers

    @app.errorhandler(500)
    def _server_error(exc):
        message = _("Something went wrong on our side. Please try again later.")
        if _wants_json():
            return jsonify({"message": message}), 500
        return render_template("errors/error.html", message=message, code=500), 500
