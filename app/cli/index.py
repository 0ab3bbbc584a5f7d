"""``flask index``: the saved index versions of a Kommune and which one a survey uses."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_babel import ngettext

from app.cli.options import FILE, planning_command
from app.services import index_versions, survey_index
from app.services.areas import find_kommune
from app.services.campaigns import find_campaign

index_cli = AppGroup("index", help="Saved index versions and the index each survey uses.")


def _version(kommune: str, name: str):
    place = find_kommune(kommune)
    try:
        return index_versions.find_version(place, name)
    except LookupError:
        raise click.ClickException(
            _("%(kommune)s has no index version “%(name)s”; see flask index versions.",
              kommune=place.name, name=name)
        ) from None  # fmt: skip


@index_cli.command("versions")
@click.option("--kommune", required=True)
@planning_command
def index_versions_list(kommune):
    """List the saved versions (newest first) with year, indicators and the surveys using them."""
    place = find_kommune(kommune)
    listing = survey_index.overview(place)["versions"]
    if not listing:
        click.echo(_("%(kommune)s has no saved index version yet.", kommune=place.name))
    for row in listing:
        version, users = row["version"], row["users"]
        surveys = ", ".join(f"{c.title} ({c.round_label})" for c in users) or "–"
        click.echo(
            "\t".join([version.name, str(version.params.get("year")),
                       ",".join(version.params.get("indicators", [])), surveys])
        )  # fmt: skip


@index_cli.command("rename")
@click.option("--kommune", required=True)
@click.argument("name")
@click.argument("new_name")
@planning_command
def index_rename(kommune, name, new_name):
    """Rename the version NAME to NEW_NAME."""
    version = _version(kommune, name)
    index_versions.rename_version(version, new_name)
    click.echo(_("The version is now called “%(name)s”.", name=version.name))


@index_cli.command("delete")
@click.option("--kommune", required=True)
@click.argument("name")
@planning_command
def index_delete(kommune, name):
    """Delete the version NAME (refused while a survey uses it)."""
    survey_index.delete_version(_version(kommune, name))
    click.echo(_("Index version “%(name)s” deleted.", name=name))


@index_cli.command("compare")
@click.option("--kommune", required=True)
@click.argument("first")
@click.argument("second")
@click.option("-o", "--output", "out", type=FILE, help="Write the whole comparison as CSV.")
@planning_command
def index_compare(kommune, first, second, out):
    """List the areas whose class differs between the versions FIRST and SECOND."""
    table = index_versions.compare_versions(_version(kommune, first), _version(kommune, second))
    changed = table[table["changed"]]
    for row in changed.itertuples():
        click.echo(
            f"{row.area_code}\t{row.class_label_first or '–'}\t{row.class_label_second or '–'}"
        )
    click.echo(ngettext("%(num)d area changes class.", "%(num)d areas change class.", len(changed)))
    if out:
        table.to_csv(out, index=False, encoding="utf-8")


@index_cli.command("use")
@click.option("--campaign", "token", required=True, help="Any link token of the survey.")
@click.option("--version", "name", help="The version to use (default: automatic).")
@planning_command
def index_use(token, name):
    """Make a survey use the version NAME, or the newest covering one without --version."""
    campaign = find_campaign(token)
    version = _version(campaign.kommune.name, name) if name else None
    survey_index.choose_version(campaign, version)
    chosen = survey_index.survey_index(campaign)
    click.echo(chosen.version.name if chosen.version else chosen.note)
