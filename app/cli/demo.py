"""``flask demo``: the Musterstadt demo data, its survey links and staff logins."""

from __future__ import annotations

import os

import click
from flask.cli import with_appcontext

from app.services.campaigns import all_campaigns, open_first
from app.services.demo import create_demo_accounts, load_demo
from app.services.submissions import today


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the Musterstadt demo data if it is not there yet, and print the survey links."""
    created = load_demo()
    click.echo("Demo data loaded." if created else "Demo data already present; nothing added.")
    base = os.environ.get("QK_BASE_URL") or f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"
    day = today()
    for campaign in open_first(all_campaigns(), day):
        closed = (
            " (closed: answers are no longer taken)" if campaign.status_on(day) == "closed" else ""
        )
        click.echo(f"{campaign.title}{closed}:")
        for role in ("resident", "expert", "group"):
            click.echo(f"  {role:9} {base}/s/{campaign.token_for(role)}")
    click.echo(f"Staff login at {base}/login (demo passwords, see docs/workspace.md):")
    for email, role, password in create_demo_accounts():
        click.echo(f"  {role:9} {email}  password: {password}")
