"""A Kommune's own indicator definitions, used by the import like the built-in catalogue.

The built-in catalogue (``analysis/data/indicators.json``) is the same for everyone; a
planner adds what the Kommune's own tables hold (name, unit, direction, domain, definition,
source). An entry with a built-in key replaces the built-in one for this Kommune only.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.readers.catalogue import DOMAINS, load_catalogue
from app.core.database import write_transaction
from app.core.extensions import db
from app.models import CatalogueEntry, Indicator, Kommune

__all__ = ["DOMAINS", "CatalogueEntryError", "add_entry", "catalogue", "described",
           "domain_choices", "entries"]  # fmt: skip

#: What the form sends for "higher values mean …": more need, less need, or not said.
FORM_DIRECTIONS = {"higher": "higher_is_more_need", "lower": "lower_is_more_need", "": None}
LIMITS = {"key": 80, "name": 200, "unit": 40, "source": 300}


class CatalogueEntryError(ValueError):
    """An entry that cannot be saved; the message says what to change."""


def entries(kommune: Kommune) -> list[CatalogueEntry]:
    """The Kommune's own entries by key."""
    stmt = select(CatalogueEntry).where(CatalogueEntry.kommune_id == kommune.id)
    return list(db.session.scalars(stmt.order_by(CatalogueEntry.key)))


def catalogue(kommune: Kommune) -> pd.DataFrame:
    """The built-in catalogue with the Kommune's own entries (``source="planner"``).

    Example: ``catalogue(kommune).set_index("key").loc["spielflaeche", "unit"]``.
    """
    own = [
        {"key": e.key, "name": e.name, "unit": e.unit, "direction": e.direction,
         "domain": e.domain, "definition": e.definition, "references": e.source}
        for e in entries(kommune)
    ]  # fmt: skip
    return load_catalogue(own or None)


def described(kommune: Kommune, keys) -> dict[str, tuple[dict, str | None]]:
    """Name (per language) and unit an import gives each of ``keys`` that is not just its
    header: the Kommune's stored indicator's, else its catalogue entry's (what
    :func:`app.services.indicators.new_indicator` would create). Keys in neither are left out.

    Example: ``described(kommune, ["KI_09"])["KI_09"][1] == "%"``.
    """
    keys = list(dict.fromkeys(keys))
    stored = db.session.scalars(
        select(Indicator).where(Indicator.kommune_id == kommune.id, Indicator.key.in_(keys))
    )
    found = {i.key: (i.name or {}, i.unit) for i in stored}
    table = catalogue(kommune).set_index("key")
    for key in (k for k in keys if k not in found and k in table.index):
        entry = table.loc[key]
        found[key] = ({"de": entry["name_de"], "en": entry["name_en"]}, entry["unit"])
    return found


def _checked(fields: Mapping[str, str | None]) -> dict:
    """The form's fields stripped and checked; a sentence for the first thing that is wrong."""
    names = ("key", "name", "unit", "direction", "domain", "definition", "source")
    values = {k: (fields.get(k) or "").strip() for k in names}
    missing = {"key": _("Please give the indicator's key."),
               "name": _("Please give the indicator's name."),
               "unit": _("Please give the indicator's unit.")}  # fmt: skip
    for field, sentence in missing.items():
        if not values[field]:
            raise CatalogueEntryError(sentence)
    too_long = {"key": _("The key is longer than %(num)d characters."),
                "name": _("The name is longer than %(num)d characters."),
                "unit": _("The unit is longer than %(num)d characters."),
                "source": _("The source is longer than %(num)d characters.")}  # fmt: skip
    for field, limit in LIMITS.items():
        if len(values[field]) > limit:
            raise CatalogueEntryError(too_long[field] % {"num": limit})
    if values["direction"] not in FORM_DIRECTIONS:
        raise CatalogueEntryError(_("Higher values mean more need, less need, or leave it open."))
    if values["domain"] not in DOMAINS:
        raise CatalogueEntryError(_("Please choose one of the domains."))
    values["direction"] = FORM_DIRECTIONS[values["direction"]]
    return values


def add_entry(kommune: Kommune, fields: Mapping[str, str | None]) -> CatalogueEntry:
    """Add an indicator definition to the Kommune's catalogue (a form's mapping of strings).

    Example: ``add_entry(kommune, {"key": "spielflaeche", "name": "Spielfläche je Kind",
    "unit": "m²", "direction": "lower", "domain": "wohnen"})``.
    """
    values = _checked(fields)
    with write_transaction():
        taken = db.session.scalar(
            select(CatalogueEntry.id).where(
                CatalogueEntry.kommune_id == kommune.id, CatalogueEntry.key == values["key"]
            )
        )
        if taken is not None:
            raise CatalogueEntryError(
                _("The catalogue of %(kommune)s already has an indicator %(key)s.",
                  kommune=kommune.name, key=values["key"])
            )  # fmt: skip
        entry = CatalogueEntry(kommune_id=kommune.id, **values)
        db.session.add(entry)
    return entry


def domain_choices() -> list[tuple[str, str]]:
    """The catalogue's domains with their names in the user's language, for a form."""
    names = {"armut": _("Poverty"), "bildung": _("Education and upbringing"),
             "demografie": _("Demography"), "erwerb": _("Employment"),
             "gesundheit": _("Health"), "wohnen": _("Housing")}  # fmt: skip
    return [(slug, names[slug]) for slug in DOMAINS]
