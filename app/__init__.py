"""Quartierskompass: participatory neighbourhood assessment for municipal social planning."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from app.config import DefaultConfig, env_overrides


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults -> instance/config.py -> QK_* environment -> ``test_config``."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(env_overrides())
    if test_config:
        app.config.update(test_config)

    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'quartierskompass.sqlite3'}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance)

    _init_extensions(app)
    _register_blueprints(app)

    from app import cli

    cli.register(app)
    return app


def _instance_secret(instance: Path) -> str:
    """A random key kept in instance/, so that sessions survive restarts on a laptop."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _init_extensions(app: Flask) -> None:
    from app import i18n
    from app.core import security
    from app.database import tune_engine
    from app.extensions import babel, csrf, db, migrate

    db.init_app(app)
    with app.app_context():
        tune_engine(db.engine)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    from app.auth.access import init_app as init_auth

    init_auth(app)
    from app.core import ratelimit, serverlog

    ratelimit.init_app(app)
    serverlog.install()


def _register_blueprints(app: Flask) -> None:
    from app.api.routes import bp as api_bp
    from app.errors import register_error_handlers
    from app.main.routes import bp as main_bp
    from app.offline.routes import bp as offline_bp
    from app.paper.routes import bp as paper_bp
    from app.survey.routes import bp as survey_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(survey_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(offline_bp)
    _register_workspace(app)
    app.register_blueprint(paper_bp)
    register_error_handlers(app)


def _register_workspace(app: Flask) -> None:
    """Staff pages (login, planner, moderator) and the public results."""
    from app.auth.routes import bp as auth_bp
    from app.handover.routes import bp as handover_bp
    from app.moderator.routes import bp as moderator_bp
    from app.paper.staff import bp as paper_entry_bp
    from app.planner import blueprint as planner_blueprint
    from app.results.routes import bp as results_bp

    for blueprint in (
        auth_bp,
        planner_blueprint(),
        paper_entry_bp,
        handover_bp,
        moderator_bp,
        results_bp,
    ):
        app.register_blueprint(blueprint)
