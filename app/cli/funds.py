"""``flask funds``: allocate a budget across a Kommune's Quartiere by need, exact to the cent."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from app.cli.options import FILE, planning_command
from app.services import fund_files, funds
from app.services.areas import find_kommune
from app.services.fund_settings import settings, split_factors, split_need_factors

funds_cli = AppGroup("funds", help="Need-based allocation of funds across Quartiere.")


@funds_cli.command("allocate")
@click.option("--kommune", required=True)
@click.option("--budget", required=True, help="The budget in euros, e.g. 1000000.")
@click.option("--population-indicator", required=True, help="Indicator of the target population.")
@click.option("--class-factors", help="Factors per index class, least to most need: 1,1.5,2,3")
@click.option(
    "--need-factors",
    help="Factors per verdict of the round table instead: confirmed=2,unclear=1.5,not_confirmed=1",
)
@click.option("--need-round", help="The round whose verdicts count (default: the newest).")
@click.option("--need-themes", help="Only the verdicts on these themes count (the most need "
              "among them), e.g. play,work; default: the overall verdict.")  # fmt: skip
@click.option("--base", default="0", show_default=True, help="Base amount per Quartier in euros.")
@click.option("--index-version", help="The saved index version (default: the newest).")
@click.option("--min-population", help="Leave out Quartiere with a smaller target population.")
@click.option("--save", "name", help="Also save the allocation under this name.")
@click.option("-o", "--output", "out", type=FILE, required=True,
              help="The table: .csv (German Excel) or .xlsx.")  # fmt: skip
@planning_command
def funds_allocate(kommune, budget, population_indicator, class_factors, need_factors, need_round,
                   need_themes, base, index_version, min_population, name, out):  # fmt: skip
    """Allocate BUDGET: base per Quartier plus a share by population x the factor of its index
    class or of the round table's verdict on its need."""
    place = find_kommune(kommune)
    path = Path(out)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise click.ClickException(_("The output file must end in .csv or .xlsx."))
    if not path.parent.is_dir():
        raise click.ClickException(_("The folder '%(dir)s' does not exist.", dir=path.parent))
    if (class_factors is None) == (need_factors is None):
        raise click.ClickException(_("Give either --class-factors or --need-factors."))
    chosen = settings(
        budget=budget, base=base, population_indicator=population_indicator,
        class_factors=split_factors(class_factors or ""), index_version=index_version,
        min_population=min_population, need_round=need_round, need_themes=need_themes,
        need_factors=None if need_factors is None else split_need_factors(need_factors),
    )  # fmt: skip
    result = funds.compute(place, chosen)
    if name:
        funds.save(place, name, result)
    path.write_bytes(fund_files.export(name or path.stem, result, fmt))
    table = result.allocation.table
    click.echo(_("%(n)d of %(total)d Quartiere take part; %(cents)d cents allocated (the budget). "
                 "Written: %(path)s", n=result.params["n_included"], total=len(table),
                 cents=int(table["amount_cents"].sum()), path=path))  # fmt: skip
