"""``flask kreis``: a Kreis (or StädteRegion) over its Kommunen and its planners."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from app.cli.options import planning_command
from app.services import kreis_setup

kreis_cli = AppGroup(
    "kreis", help="A Kreis over several Kommunen: create, attach, detach, planners."
)


@kreis_cli.command("create")
@click.argument("name")
@planning_command
def kreis_create(name):
    """Create the Kreis NAME."""
    kreis = kreis_setup.create_kreis(name)
    click.echo(_("Kreis '%(name)s' created.", name=kreis.name))


@kreis_cli.command("attach")
@click.option("--kreis", "kreis_name", required=True)
@click.argument("kommunen", nargs=-1, required=True)
@planning_command
def kreis_attach(kreis_name, kommunen):
    """Make the KOMMUNEN (their names) part of the Kreis."""
    kreis = kreis_setup.find_kreis(kreis_name)
    kreis_setup.attach(kreis, kommunen)
    names = ", ".join(k.name for k in kreis.kommunen)
    click.echo(_("%(kreis)s: %(kommunen)s.", kreis=kreis.name, kommunen=names))


@kreis_cli.command("detach")
@click.option("--kreis", "kreis_name", required=True)
@click.argument("kommunen", nargs=-1, required=True)
@planning_command
def kreis_detach(kreis_name, kommunen):
    """Take the KOMMUNEN (their names) out of the Kreis; saved Kreis index versions keep them."""
    kreis = kreis_setup.find_kreis(kreis_name)
    kreis_setup.detach(kreis, kommunen)
    names = ", ".join(k.name for k in kreis.kommunen) or "–"
    click.echo(_("%(kreis)s: %(kommunen)s.", kreis=kreis.name, kommunen=names))


@kreis_cli.command("grant")
@click.option("--kreis", "kreis_name", required=True)
@click.argument("email")
@planning_command
def kreis_grant(kreis_name, email):
    """Make the planner EMAIL a planner of the whole Kreis."""
    kreis = kreis_setup.find_kreis(kreis_name)
    user = kreis_setup.grant(kreis, email)
    click.echo(_("%(email)s now plans for %(kreis)s.", email=user.email, kreis=kreis.name))


@kreis_cli.command("revoke")
@click.option("--kreis", "kreis_name", required=True)
@click.argument("email")
@planning_command
def kreis_revoke(kreis_name, email):
    """EMAIL plans for the Kreis no more (their own Kommunen stay theirs)."""
    kreis = kreis_setup.find_kreis(kreis_name)
    user = kreis_setup.revoke(kreis, email)
    click.echo(_("%(email)s no longer plans for %(kreis)s.", email=user.email, kreis=kreis.name))
