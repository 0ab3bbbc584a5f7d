"""Planner pages of a Kreis: overview, similar areas, a Kommune's profile."""

from __future__ import annotations

from flask import abort, render_template, request

from app.core.access import current_account, load_kreis, staff, visible_kreise
from app.services import kreis_pages
from app.services.kreis import find_kommune_in


@staff("planner")
def home():
    return render_template("kreis/home.html", kreise=visible_kreise(current_account()))


def _page(template: str, kreis, build, **extra):
    try:
        context = build()
    except ValueError as exc:
        context = {"error": str(exc)}
    return render_template(template, kreis=kreis, **extra, **context)


@load_kreis("planner")
def overview(kreis):
    args = request.args
    return _page("kreis/overview.html", kreis, lambda: kreis_pages.overview(
        kreis, args.get("year"), args.get("indicator"), args.getlist("index")))  # fmt: skip


@load_kreis("planner")
def similar(kreis):
    args = request.args
    return _page("kreis/similar.html", kreis, lambda: kreis_pages.similar_page(
        kreis, args.get("year"), args.get("area", ""), args.getlist("indicators")))  # fmt: skip


@load_kreis("planner")
def profile(kreis, kommune_id):
    try:
        kommune = find_kommune_in(kreis, kommune_id)
    except LookupError:
        abort(404)
    args = request.args
    return _page("kreis/profile.html", kreis, lambda: kreis_pages.profile_page(
        kreis, kommune, args.get("year"), args.getlist("index")), kommune=kommune)  # fmt: skip
