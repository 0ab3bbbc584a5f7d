"""Quartierskompass: participatory neighbourhood assessment for municipal social planning."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from app import cli
from app.api.blueprint import bp as api_bp
from app.atlas.blueprint import bp as atlas_bp
from app.auth.blueprint import bp as auth_bp
from app.campaigns.blueprint import bp as campaigns_bp
from app.core import access, errors, formatting, i18n, ratelimit, security, serverlog, sessions
from app.core.config import DefaultConfig, data_folder, env_overrides
from app.core.database import tune_engine
from app.core.extensions import babel, csrf, db, migrate
from app.data.blueprint import bp as data_bp
from app.funds.blueprint import bp as funds_bp
from app.handover.blueprint import bp as handover_bp
from app.index.blueprint import bp as index_bp
from app.kreis.blueprint import bp as kreis_bp
from app.main.blueprint import bp as main_bp
from app.measures.blueprint import bp as measures_bp
from app.measures.blueprint import public_bp as public_measures_bp
from app.moderator.blueprint import bp as moderator_bp
from app.offers.blueprint import bp as offers_bp
from app.offline.blueprint import bp as offline_bp
from app.paper.blueprint import bp as paper_bp
from app.reports.blueprint import bp as reports_bp
from app.results.blueprint import bp as results_bp
from app.survey.blueprint import bp as survey_bp
from app.validation.blueprint import bp as validation_bp

#: Every feature's blueprint: residents' pages first, then the staff workspace.
BLUEPRINTS = (
    main_bp,
    survey_bp,
    api_bp,
    offline_bp,
    results_bp,
    public_measures_bp,
    paper_bp,
    auth_bp,
    campaigns_bp,
    data_bp,
    index_bp,
    atlas_bp,
    reports_bp,
    handover_bp,
    moderator_bp,
    validation_bp,
    funds_bp,
    kreis_bp,
    measures_bp,
    offers_bp,
)


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
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    errors.register_error_handlers(app)
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
    db.init_app(app)
    with app.app_context():
        tune_engine(db.engine)
    migrate.init_app(app, db, directory=str(data_folder("migrations")))
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    i18n.init_app(app)
    formatting.init_app(app)
    security.init_app(app)
    sessions.init_app(app)
    access.init_app(app)
    ratelimit.init_app(app)
    serverlog.install()
