"""The URL table of offline use: the service worker, a manifest and the pages to keep."""

from flask import Blueprint

from app.offline import views

bp = Blueprint("offline", __name__)
bp.add_url_rule("/sw.js", "worker", views.worker)
bp.add_url_rule("/offline/<token>/manifest.webmanifest", "manifest", views.manifest)
bp.add_url_rule("/offline/<token>/pages.json", "pages", views.pages)
