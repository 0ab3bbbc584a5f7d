"""Who may see what on staff pages, and the loader decorators every staff view uses.

Staff views name their role once, in the decorator that also loads their object:
``@load_campaign("planner")`` refuses anonymous users (login page, or 401 for JSON), a wrong
role (403) and a campaign of another Kommune (404, so that its existence is not revealed), and
passes the loaded ``campaign`` to the view. Public pages load their survey from the link token
with :func:`app.core.links.survey_link`. The role matrix test (``tests/app/test_role_matrix.py``)
reads ``required_role`` from every view.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.core.extensions import db, login_manager
from app.core.links import find_area
from app.models import Area, Campaign, Kommune, Kreis, Measure, User

F = TypeVar("F", bound=Callable[..., Any])

#: What each role may do: a planner can also run round tables, an admin everything.
GRANTS = {
    "admin": {"admin", "planner", "moderator"},
    "planner": {"planner", "moderator"},
    "moderator": {"moderator"},
}


def wants_json() -> bool:
    path = request.path
    return (
        path.endswith((".json", ".geojson")) or request.accept_mimetypes.best == "application/json"
    )


def require(role: str, kommune: int | None = None) -> User:
    """Return the logged-in user if they have ``role`` (and see ``kommune``); refuse otherwise.

    Anonymous users are sent to the login page (401 for JSON); a wrong role gives 403; a
    Kommune outside the user's scope gives 404, so that its existence is not revealed.
    """
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if role not in GRANTS.get(current_user.role, set()):
        abort(403, description=_("Your role does not allow this page."))
    if kommune is not None and not may_see_kommune(current_user, kommune):
        abort(404)
    return current_user._get_current_object()


def may_see_kommune(user: User, kommune_id: int) -> bool:
    """An admin without Kommunen sees all; others their own Kommunen and those of their Kreise."""
    if user.sees_all_kommunen or any(k.id == kommune_id for k in user.kommunen):
        return True
    kreis_id = db.session.scalar(select(Kommune.kreis_id).where(Kommune.id == kommune_id))
    return kreis_id is not None and any(k.id == kreis_id for k in user.kreise)


def may_see_kreis(user: User, kreis_id: int) -> bool:
    """Only the Kreis's own planners (and an admin without Kommunen) see a Kreis as a whole:
    a Kommune's planner sees their Kommune, not the others of its Kreis."""
    return user.sees_all_kommunen or any(k.id == kreis_id for k in user.kreise)


def current_account() -> User:
    """The logged-in staff member (inside a view that a decorator of this module guards)."""
    return current_user._get_current_object()


def _guarded(role: str, view: F, load: Callable[[dict], None]) -> F:
    @wraps(view)
    def wrapped(**kwargs: Any) -> Any:
        require(role)
        load(kwargs)
        return view(**kwargs)

    wrapped.required_role = role  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]


def staff(role: str) -> Callable[[F], F]:
    """Decorator: the view needs a logged-in user with ``role`` and loads no object."""
    return lambda view: _guarded(role, view, lambda kwargs: None)


def load_kommune(role: str) -> Callable[[F], F]:
    """Decorator: ``kommune_id`` of the URL becomes ``kommune``, if the user has ``role`` there."""

    def load(kwargs: dict) -> None:
        kwargs["kommune"] = kommune_for(role, kwargs.pop("kommune_id"))

    return lambda view: _guarded(role, view, load)


def load_kreis(role: str) -> Callable[[F], F]:
    """Decorator: ``kreis_id`` of the URL becomes ``kreis``, if the user is a planner of it."""

    def load(kwargs: dict) -> None:
        kreis = db.session.get(Kreis, kwargs.pop("kreis_id"))
        if kreis is None or not may_see_kreis(current_user, kreis.id):
            abort(404)
        kwargs["kreis"] = kreis

    return lambda view: _guarded(role, view, load)


def load_campaign(role: str, *, area: bool = False) -> Callable[[F], F]:
    """Decorator: ``campaign_id`` becomes ``campaign`` (and ``area_code`` becomes ``area``)."""

    def load(kwargs: dict) -> None:
        campaign = campaign_for(role, kwargs.pop("campaign_id"))
        kwargs["campaign"] = campaign
        if area:
            kwargs["area"] = campaign_area(campaign, kwargs.pop("area_code"))

    return lambda view: _guarded(role, view, load)


def load_measure(role: str) -> Callable[[F], F]:
    """Decorator: ``measure_id`` becomes ``measure``, if the user has ``role`` in its Kommune."""

    def load(kwargs: dict) -> None:
        measure = db.session.get(Measure, kwargs.pop("measure_id"))
        if measure is None:
            abort(404)
        require(role, kommune=measure.kommune_id)
        kwargs["measure"] = measure

    return lambda view: _guarded(role, view, load)


def kommune_for(role: str, kommune_id: int) -> Kommune:
    """The Kommune if the current user has ``role`` there; 404 if it is not theirs."""
    require(role, kommune=kommune_id)
    kommune = db.session.get(Kommune, kommune_id)
    if kommune is None:
        abort(404)
    return kommune


def campaign_for(role: str, campaign_id: int) -> Campaign:
    """The campaign if the current user has ``role`` in its Kommune; 404 otherwise."""
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        abort(404)
    require(role, kommune=campaign.kommune_id)
    return campaign


def campaign_area(campaign: Campaign, code: str) -> Area:
    """The campaign's area with the town's code, or 404."""
    area = find_area(campaign, code)
    if area is None:
        abort(404)
    return area


def visible_kommunen(user: User) -> list[Kommune]:
    """The Kommunen the user may see, by name."""
    if user.sees_all_kommunen:
        return list(db.session.scalars(select(Kommune).order_by(Kommune.name)))
    seen = {k.id: k for k in user.kommunen}
    seen.update({k.id: k for kreis in user.kreise for k in kreis.kommunen})
    return sorted(seen.values(), key=lambda k: k.name)


def visible_kreise(user: User) -> list[Kreis]:
    """The Kreise whose pages the user may open, by name."""
    if user.sees_all_kommunen:
        return list(db.session.scalars(select(Kreis).order_by(Kreis.name)))
    return list(user.kreise)


def unauthorized():
    """Anonymous access to a staff page: 401 for JSON, otherwise the login page."""
    if wants_json():
        response = jsonify({"message": _("Please log in.")})
        response.status_code = 401
        return response
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def load_user(user_id: str) -> User | None:
    """Flask-Login loader: the id must carry the user's current session token."""
    ident, _sep, token = (user_id or "").partition(":")
    if not ident.isdigit() or not token:
        return None
    user = db.session.get(User, int(ident))
    if user is None or not user.is_active:
        return None
    return user if hmac.compare_digest(user.session_token, token) else None


def init_app(app: Flask) -> None:
    """Set up Flask-Login with our loader and refusal."""
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
