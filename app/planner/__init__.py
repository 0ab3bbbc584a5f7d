"""Planner pages: surveys, QR posters, areas, indicators, index, results and downloads."""

from flask import Blueprint


def blueprint() -> Blueprint:
    """The planner blueprint with the routes of every planner module attached."""
    from app.planner import bursts_view, index_map, results, routes, setup  # noqa: F401 - attach routes

    return routes.bp
