"""A Kommune's saved crosswalk: which area(s) each code of its tables stands for.

Saved once (the web reads the uploaded file in the confined worker, see
:func:`analysis.readers.isolated.read_crosswalk`), used by every later indicator preview that
chooses it. Kept in the database (``SavedCrosswalk``), so every app process sees the same one.
"""

from __future__ import annotations

from datetime import UTC, datetime

from analysis.readers.crosswalks import Crosswalk
from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Kommune, SavedCrosswalk


def save_crosswalk(kommune: Kommune, crosswalk: Crosswalk) -> int:
    """Save (replace) the Kommune's crosswalk; returns how many table codes it links.

    Example: ``save_crosswalk(kommune, Crosswalk({"11": ("1",), "12": ("1",)}))`` gives 2.
    """
    now = datetime.now(UTC).replace(tzinfo=None)
    with write_transaction():
        saved = db.session.get(SavedCrosswalk, kommune.id)
        if saved is None:
            saved = SavedCrosswalk(kommune_id=kommune.id)
            db.session.add(saved)
        saved.links, saved.saved_at = crosswalk.to_plain(), now
    return len(crosswalk.links)


def saved_crosswalk(kommune: Kommune) -> Crosswalk | None:
    """The Kommune's saved crosswalk, or None."""
    saved = db.session.get(SavedCrosswalk, kommune.id)
    return None if saved is None else Crosswalk.from_plain(saved.links)
