"""The front page and the health check."""

from flask import render_template


def index():
    return render_template("main/index.html")


def health():
    return {"status": "ok"}
