"""Login, logout and password change for staff."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.auth import services
from app.auth.access import require, staff
from app.auth.forms import LoginForm, PasswordForm
from app.core import clients

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only paths on this site, so that the login page cannot send people elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("planner.home")


def home_for(user) -> str:
    return url_for("moderator.home") if user.role == "moderator" else url_for("planner.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.email.data, form.password.data, client=clients.client_key("login")
            )
        except services.LoginRefused as exc:
            error = exc.message
        else:
            login_user(user)
            target = request.args.get("next")
            return redirect(_safe_next(target) if target else home_for(user))
    status = 200 if error is None else 401
    return render_template("auth/login.html", form=form, error=error), status


@bp.post("/logout")
@staff("moderator")
def logout():
    services.end_sessions(current_user._get_current_object())
    logout_user()
    flash(_("You are logged out."))
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@staff("moderator")
def password():
    user = require("moderator")
    form = PasswordForm()
    error = None
    if form.validate_on_submit():
        try:
            services.change_password(user, form.current.data, form.new.data)
        except services.AccountError as exc:
            error = str(exc)
        else:
            login_user(user)  # this browser stays logged in with the new session token
            flash(_("Your password has been changed. Other sessions have been ended."))
            return redirect(home_for(user))
    return render_template("auth/password.html", form=form, error=error)
