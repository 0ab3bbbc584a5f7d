"""``flask measures``: a Kommune's measures as a list, or as a file for German Excel."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from app.cli.options import FILE, planning_command
from app.services import measure_exports, measures
from app.services.areas import find_kommune

measures_cli = AppGroup("measures", help="Measures (Maßnahmen): list them, export them.")
STATUSES = ("proposed", "planned", "running", "done", "stopped")


@measures_cli.command("list")
@click.option("--kommune", required=True)
@click.option("--status", type=click.Choice(STATUSES), help="Only measures in this state.")
@planning_command
def measures_list(kommune, status):
    """One line per measure, newest first: number, state, title, Quartiere, budget (EUR)."""
    place = find_kommune(kommune)
    found = measures.measures_of(place, status=status or "")
    if not found:
        click.echo(_("%(kommune)s has no measures yet.", kommune=place.name))
        return
    titles = measures.status_titles()
    for m in found:
        budget = "–" if m.budget is None else format_decimal(m.budget, "#,##0.00")
        codes = ", ".join(a.code for a in m.areas)
        click.echo(f"{m.id}\t{titles[m.status]}\t{m.title}\t{codes}\t{budget}")


def _format(fmt: str | None, path: Path) -> str:
    """The chosen format, else the file's ending; a clash or an unknown ending is refused."""
    suffix = path.suffix.lower().lstrip(".")
    if fmt is None and suffix not in measure_exports.MIMETYPES:
        raise click.ClickException(
            _("Give --format csv or --format xlsx, or a file ending in .csv or .xlsx.")
        )
    if fmt is not None and suffix in measure_exports.MIMETYPES and suffix != fmt:
        raise click.ClickException(
            _("The file ends in .%(suffix)s but --format is %(fmt)s.", suffix=suffix, fmt=fmt)
        )
    return fmt or suffix


@measures_cli.command("export")
@click.option("--kommune", required=True)
@click.option("--format", "fmt", type=click.Choice(sorted(measure_exports.MIMETYPES)),
              help="csv (German Excel) or xlsx with the evaluation (default: by -o).")  # fmt: skip
@click.option("-o", "--output", "out", type=FILE, required=True, help="The file to write.")
@planning_command
def measures_export(kommune, fmt, out):
    """Write the measures as CSV for German Excel or as XLSX (with their evaluation)."""
    place = find_kommune(kommune)
    path = Path(out)
    chosen = _format(fmt, path)
    if not path.parent.is_dir():
        raise click.ClickException(_("The folder '%(dir)s' does not exist.", dir=path.parent))
    data, _name, _mimetype = measure_exports.export(place, chosen)
    path.write_bytes(data)
    count = len(measures.measures_of(place))
    click.echo(ngettext("%(num)d measure written: %(path)s", "%(num)d measures written: %(path)s",
                        count, path=path))  # fmt: skip
