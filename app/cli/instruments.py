"""``flask instruments``: load and list rating instruments."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.services.instruments import (
    InstrumentError,
    load_instrument,
    load_shipped,
    read_instrument_file,
    stored_instruments,
)

instruments_cli = AppGroup("instruments", help="Rating instruments (Place Standard and your own).")


@instruments_cli.command("load")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
def instruments_load(path: str | None) -> None:
    """Store an instrument from a JSON file (default: the shipped ones, the 14-theme Place
    Standard and its children's version on a 1–3 scale)."""
    try:
        loaded = [load_instrument(read_instrument_file(path))] if path else load_shipped()
    except InstrumentError as exc:
        raise click.ClickException(str(exc)) from exc
    for instrument in loaded:
        click.echo(
            f"Instrument '{instrument.slug}' with {len(instrument.themes)} themes "
            f"(scale {instrument.scale_min}–{instrument.scale_max}) is available."
        )


@instruments_cli.command("list")
def instruments_list() -> None:
    """List the stored instruments."""
    for instrument in stored_instruments():
        title = instrument.title.get(current_app.config["LANGUAGES"][0], instrument.slug)
        click.echo(f"{instrument.slug}\t{len(instrument.themes)} themes\t{title}")
