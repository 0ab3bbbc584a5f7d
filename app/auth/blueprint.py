"""The URL table of staff accounts: login, logout, password change."""

from flask import Blueprint

from app.auth import views

bp = Blueprint("auth", __name__)
bp.add_url_rule("/login", "login", views.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", views.logout, methods=["POST"])
bp.add_url_rule("/account/password", "password", views.password, methods=["GET", "POST"])
