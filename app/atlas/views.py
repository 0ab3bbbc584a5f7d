"""Planner pages: indicators over time per Quartier, and the Sozialatlas."""

from __future__ import annotations

from flask import Response, abort, render_template, request

from app.core.access import load_campaign, load_kommune
from app.core.downloads import file_response
from app.services import atlas, dynamics, rounds, time_series

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


@load_kommune("planner")
def trends(kommune):
    context = time_series.trend_page(kommune, request.args)
    return render_template("atlas/trends.html", kommune=kommune, **context)


@load_kommune("planner")
def atlas_page(kommune):
    context = atlas.atlas_page(kommune, request.args)
    return render_template("atlas/atlas.html", kommune=kommune, **context)


@load_kommune("planner")
def atlas_figure(kommune, fmt):
    if fmt not in FORMATS:
        abort(404)
    context = atlas.atlas_page(kommune, request.args)
    if context["atlas"] is None:
        return Response(context["error"] or "", status=409, mimetype="text/plain")
    data = atlas.figure(kommune, context["atlas"], fmt)
    name = f"sozialatlas-{context['choice'].indicator}-{context['choice'].year}.{fmt}"
    return file_response(data, name, FORMATS[fmt])


@load_campaign("planner")
def rounds_page(campaign):
    context = rounds.rounds_page(campaign, request.args)
    return render_template("atlas/rounds.html", campaign=campaign, **context)


@load_kommune("planner")
def dynamics_page(kommune):
    chosen = request.args.getlist("indicators")
    context = dynamics.dynamics_page(kommune, request.args, chosen)
    return render_template("atlas/dynamics.html", kommune=kommune, args=request.args, **context)
