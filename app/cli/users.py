"""``flask users``: create and list staff accounts."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from app.services import accounts

users_cli = AppGroup("users", help="Staff accounts (admin, planner, moderator).")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "planner", "moderator"]), required=True)
@click.option("--kommune", "kommunen", multiple=True, help="Kommune the account may see.")
@click.option("--create-kommune", is_flag=True, help="Create Kommunen that do not exist yet.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--generate-password", is_flag=True, help="Generate a password and print it once.")
def users_create(email, role, kommunen, create_kommune, password_stdin, generate_password):
    """Create an account; the password is asked for unless read from stdin or generated."""
    generated = False
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif generate_password:
        password, generated = accounts.generate_password(), True
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = accounts.create_user(
            email, role, list(kommunen), password, create_kommunen=create_kommune
        )
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    scope = ", ".join(k.name for k in user.kommunen) or "all Kommunen"
    click.echo(f"Created {user.role} {user.email} for {scope}.")
    if generated:
        click.echo(f"Password (shown only now): {password}")


@users_cli.command("list")
def users_list() -> None:
    """List the accounts with role and Kommunen."""
    for user in accounts.all_users():
        scope = ", ".join(k.name for k in user.kommunen) or "*"
        click.echo(f"{user.email}\t{user.role}\t{scope}\t{'active' if user.active else 'off'}")
