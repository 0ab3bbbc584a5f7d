"""Login, logout and password change for staff."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from app.auth.forms import LoginForm, PasswordForm
from app.core import clients
from app.core.access import current_account, staff
from app.services import accounts


def _safe_next(target: str | None, default: str) -> str:
    """``target`` if it is a path on this site, else ``default``: the login sends nobody away.

    Browsers drop tabs and line breaks from addresses and read ``\\`` as ``/``, so
    ``/%09/evil.example`` or ``/\\evil.example`` would lead off-site; control characters also
    cannot go into a Location header. Such targets, and any with a scheme or a host, give
    ``default``.
    """
    if not target or "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def home_for(user) -> str:
    return url_for("moderator.home") if user.role == "moderator" else url_for("campaigns.home")


def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(
                form.email.data, form.password.data, client=clients.client_key("login")
            )
        except accounts.LoginRefused as exc:
            error = exc.message
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next"), home_for(user)))
    status = 200 if error is None else 401
    return render_template("auth/login.html", form=form, error=error), status


@staff("moderator")
def logout():
    accounts.end_sessions(current_account())
    logout_user()
    flash(_("You are logged out."))
    return redirect(url_for("auth.login"))


@staff("moderator")
def password():
    user = current_account()
    form = PasswordForm()
    error = None
    if form.validate_on_submit():
        try:
            accounts.change_password(user, form.current.data, form.new.data)
        except accounts.AccountError as exc:
            error = str(exc)
        else:
            login_user(user)  # this browser stays logged in with the new session token
            flash(_("Your password has been changed. Other sessions have been ended."))
            return redirect(home_for(user))
    return render_template("auth/password.html", form=form, error=error)
