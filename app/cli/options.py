"""What the ``flask`` commands share: index options, lists, the CLI's language and its errors."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError, ProgrammingError

from analysis.exports.office import code_keys
from analysis.exports.tables import write_csv
from analysis.readers.catalogue import CatalogueError, direction_sign, load_catalogue
from analysis.readers.errors import InputFileError
from analysis.stats.index import IndexResult
from app.core.file_messages import file_error
from app.services.index_settings import parse_numbers

MISSING_HELP = "Texts that mean a missing value here, e.g. -,-9999 (default: the Destatis signs)."
FILE = click.Path(dir_okay=False)


def split_list(text: str | None) -> list[str] | None:
    """``"A, B,C"`` -> ``["A", "B", "C"]``; None stays None."""
    if text is None:
        return None
    return [part.strip() for part in text.split(",") if part.strip()]


def _numbers(text: str | None, option: str) -> list[float] | None:
    parts = split_list(text)
    if parts is None:
        return None
    try:
        return parse_numbers(parts)
    except ValueError:
        raise click.ClickException(
            _("%(option)s takes numbers separated by commas, not '%(text)s'.",
              option=option, text=text)
        ) from None  # fmt: skip


def index_options(command: Callable) -> Callable:
    """Add the options of the social index (indicators, weights, classes …) to a command."""
    options = [
        click.option("--indicators", required=True, help="Index indicators, e.g. S1,S3,S4."),
        click.option("--weights", help="One weight per indicator, e.g. 1,1,2 (default: equal)."),
        click.option("--reverse", help="Indicators where LOWER values mean more need."),
        click.option("--min-population", type=float, help="Exclude areas with fewer residents."),
        click.option("--method", type=click.Choice(["z-sum-z", "minmax"]), default="z-sum-z"),
        click.option("--classes", type=click.Choice(["sd", "quantile"]), default="sd"),
        click.option(
            "--quantiles",
            type=click.IntRange(2, 20),
            default=4,
            help="Number of quantile classes (with --classes quantile).",
        ),
        click.option(
            "--thresholds", help="SD class limits, default -1,1,1.5 (write --thresholds=…)."
        ),
        click.option("--labels", help="Class names, default hoch,mittel,niedrig,sehr niedrig."),
        click.option("--excel", is_flag=True, help="Write the CSV for German Excel (; and 1,5)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def index_kwargs(opts: dict[str, Any], *, catalogue_directions: bool) -> dict[str, Any]:
    """Turn the parsed index options into keyword arguments of ``social_index``."""
    indicators = split_list(opts["indicators"]) or []
    if not indicators:
        raise click.ClickException(_("Name at least one indicator (--indicators A,B,C)."))
    directions: dict[str, int] = {}
    if catalogue_directions:
        catalogue = load_catalogue()
        # Entries whose source defines no direction stay for the planner to confirm.
        directed = set(catalogue.loc[catalogue["direction"].notna(), "key"])
        known = [i for i in indicators if i in directed]
        directions = direction_sign(catalogue, known)
    for key in split_list(opts["reverse"]) or []:
        if key not in indicators:
            raise click.ClickException(
                _("--reverse names %(key)s, which is not among --indicators.", key=key)
            )
        directions[key] = -1
    kwargs: dict[str, Any] = {
        "indicators": indicators,
        "weights": _numbers(opts["weights"], "--weights"),
        "method": opts["method"],
        "classes": opts["classes"],
        "quantiles": opts["quantiles"],
        "thresholds": _numbers(opts["thresholds"], "--thresholds"),
        "labels": split_list(opts["labels"]),
        "min_population": opts["min_population"],
    }
    if directions:
        kwargs["directions"] = directions
    return kwargs


def write_table(table, path: Path, excel: bool) -> Path:
    """A CSV for scripts, or with ``excel`` for German Excel (``;``, decimal comma, codes as
    text)."""
    return write_csv(
        table, path, excel_decimal="," if excel else None, text_columns=code_keys(table.columns)
    )


def write_index(result: IndexResult, out: str, excel: bool) -> str:
    """Write the index table as CSV and its parameters beside it; return a one-line summary."""
    path = Path(out)
    if path.parent and not path.parent.is_dir():
        raise click.ClickException(_("The folder '%(dir)s' does not exist.", dir=path.parent))
    write_table(result.table, path, excel)
    params = path.with_name(path.stem + ".params.json")
    params.write_text(
        json.dumps(result.params, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    table = result.table
    included = table[table["excluded_reason"] == ""]
    counts = included.groupby("class_label", sort=False, dropna=False).size()
    order = included.drop_duplicates("class").sort_values("class")["class_label"]
    classes = ", ".join(f"{label} {counts[label]}" for label in order)
    return ngettext(
        "%(num)d area in the index, %(excluded)d excluded; classes: %(classes)s. "
        "Written: %(csv)s, %(params)s",
        "%(num)d areas in the index, %(excluded)d excluded; classes: %(classes)s. "
        "Written: %(csv)s, %(params)s",
        len(included),
        excluded=len(table) - len(included),
        classes=classes,
        csv=path,
        params=params,
    )


def cli_language() -> str:
    """The shell's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) if we have it, else English.

    As with gettext, a plain "C" or "POSIX" shell gets the untranslated English messages, the
    language of the commands' help and of the analysis package's error messages.
    """
    languages = current_app.config["LANGUAGES"]
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        code = os.environ.get(variable, "").split(":")[0][:2].lower()
        if code in languages:
            return code
    return "en"


def planning_command(command: Callable) -> Callable:
    """Run a command in the shell's language; user errors become one line and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with force_locale(cli_language()):
            try:
                return command(*args, **kwargs)
            except click.ClickException:
                raise
            except InputFileError as exc:  # English templates, translated here
                raise click.ClickException(file_error(exc)) from None
            except (ValueError, CatalogueError, OSError) as exc:
                raise click.ClickException(str(exc)) from None
            except (OperationalError, ProgrammingError) as exc:
                raise click.ClickException(
                    _(
                        "The database cannot be used (%(error)s). Check QK_DATABASE_URL and "
                        "run 'flask db upgrade'.",
                        error=str(exc.orig).strip().splitlines()[0],
                    )
                ) from None

    return wrapper
