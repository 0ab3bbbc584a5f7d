"""Planner pages: indicators over time per Quartier, and the Sozialatlas."""

from __future__ import annotations

from flask import render_template, request

from app.core.access import load_kommune
from app.services import time_series


@load_kommune("planner")
def trends(kommune):
    context = time_series.trend_page(kommune, request.args)
    return render_template("atlas/trends.html", kommune=kommune, **context)
