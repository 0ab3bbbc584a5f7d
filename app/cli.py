"""``flask`` commands: demo data and instruments; planning commands come from app.planning."""

from __future__ import annotations

import os

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from app.extensions import db

instruments_cli = AppGroup("instruments", help="Rating instruments (Place Standard and your own).")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the Musterstadt demo data if it is not there yet, and print the survey links."""
    from app.demo import load_demo
    from app.models import Campaign

    created = load_demo()
    click.echo("Demo data loaded." if created else "Demo data already present; nothing added.")
    base = os.environ.get("QK_BASE_URL") or f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"
    for campaign in db.session.scalars(select(Campaign).order_by(Campaign.round_label)):
        click.echo(f"{campaign.title}:")
        for role in ("resident", "expert", "group"):
            click.echo(f"  {role:9} {base}/s/{campaign.token_for(role)}")
    from app.auth.demo import create_demo_accounts

    click.echo(f"Staff login at {base}/login (demo passwords, see docs/workspace.md):")
    for email, role, password in create_demo_accounts():
        click.echo(f"  {role:9} {email}  password: {password}")


@instruments_cli.command("load")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
def instruments_load(path: str | None) -> None:
    """Store an instrument from a JSON file (default: the 14-theme Place Standard)."""
    from app.instruments import (
        InstrumentError,
        load_instrument,
        load_place_standard,
        read_instrument_file,
    )

    try:
        instrument = load_instrument(read_instrument_file(path)) if path else load_place_standard()
    except InstrumentError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Instrument '{instrument.slug}' with {len(instrument.themes)} themes is available.")


@instruments_cli.command("list")
def instruments_list() -> None:
    """List the stored instruments."""
    from app.models import Instrument

    for instrument in db.session.scalars(select(Instrument).order_by(Instrument.slug)):
        title = instrument.title.get(current_app.config["LANGUAGES"][0], instrument.slug)
        click.echo(f"{instrument.slug}\t{len(instrument.themes)} themes\t{title}")


def register(app: Flask) -> None:
    """Attach all command groups to the app."""
    app.cli.add_command(demo_command)
    app.cli.add_command(instruments_cli)
    from app.auth.cli import register as register_users

    register_users(app)
    try:
        from app.planning.cli import register as register_planning
    except ImportError:  # the planning commands are optional while they are being built
        return
    register_planning(app)
