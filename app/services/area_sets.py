"""One area of a Kommune: rename, retire (or bring back), delete when nothing refers to it.

Replacing the whole set by a new file is :func:`app.services.areas.store_areas` with
``replace=True``; both keep areas that answers, values, surveys or round-table records refer
to (:func:`app.services.areas.referred`).
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Kommune
from app.services.areas import MAX_NAME, AreaError, referred


def _area(kommune: Kommune, code: str) -> Area:
    area = db.session.scalar(select(Area).where(Area.kommune_id == kommune.id, Area.code == code))
    if area is None:
        raise AreaError(_("%(kommune)s has no area '%(code)s'.", kommune=kommune.name, code=code))
    return area


def rename_area(kommune: Kommune, code: str, name: str) -> None:
    """Give an area a new name (the code stays: links and files use it)."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise AreaError(_("A name must have 1 to %(n)d characters.", n=MAX_NAME))
    with write_transaction():
        _area(kommune, code).name = name


def retire_area(kommune: Kommune, code: str, retired: bool = True) -> None:
    """Retire an area (kept for what refers to it, not offered in new surveys), or undo it."""
    with write_transaction():
        _area(kommune, code).retired = retired


def delete_area(kommune: Kommune, code: str) -> None:
    """Delete an area that nothing refers to; otherwise say to retire it instead."""
    with write_transaction():
        area = _area(kommune, code)
        if referred([area.id]):
            raise AreaError(
                _(
                    "Area '%(code)s' cannot be deleted: answers, values, surveys or round-table "
                    "records refer to it. Retire it instead.",
                    code=code,
                )
            )
        db.session.delete(area)
