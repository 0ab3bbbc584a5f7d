"""Serving the service worker from the site root, a manifest per survey and its pages to keep."""

from __future__ import annotations

from pathlib import Path

from flask import Response, jsonify, request, url_for
from flask_babel import gettext as _

from app.core.links import survey_link

WORKER = Path(__file__).resolve().parent.parent / "static" / "sw.js"
#: Static files every survey page needs; the service worker keeps them for use without signal.
ASSETS = ("css/app.css", "js/survey.js", "js/offline.js")
THEME_COLOUR = "#005a8c"


def survey_scope() -> str:
    """The pages the service worker controls: every survey page, and nothing of the workspace."""
    return f"{request.script_root}/s/"


def worker():
    # Served from the root (not /static/) so that it may control /s/; never cached by HTTP,
    # so that a fixed worker reaches every phone on its next visit.
    reply = Response(WORKER.read_bytes(), mimetype="text/javascript")
    reply.headers["Cache-Control"] = "no-cache"
    return reply


@survey_link()
def manifest(campaign, role, token: str):
    body = {
        "name": campaign.title,
        "short_name": _("Quartierskompass"),
        "start_url": url_for("survey.choose_area", token=token),
        "scope": survey_scope(),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {
                "src": url_for("static", filename=f"icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in (192, 512)
        ]
        + [
            {
                "src": url_for("static", filename="icons/icon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
            }
        ],
    }
    reply = jsonify(body)
    reply.mimetype = "application/manifest+json"
    return reply


@survey_link()
def pages(campaign, role, token: str):
    """What "prepare this phone for the walk" keeps: the list and every Quartier's form."""
    urls = [url_for("survey.choose_area", token=token)]
    urls += [url_for("survey.answer", token=token, area_code=a.code) for a in campaign.areas]
    assets = [url_for("static", filename=name) for name in ASSETS]
    reply = jsonify({"pages": urls, "assets": assets})
    reply.headers["Cache-Control"] = "no-store"
    return reply
