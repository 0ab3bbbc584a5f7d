"""A Kommune's saved crosswalk: which area(s) each code of its tables stands for.

Saved once (the web reads the uploaded file in the confined worker, see
:func:`analysis.readers.isolated.read_crosswalk`), used by every later indicator preview that
chooses it. Kept in the database (``SavedCrosswalk``), so every app process sees the same one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from os import PathLike

from flask_babel import gettext as _

from analysis.readers.crosswalks import Crosswalk, read_crosswalk_file
from app.core.database import write_transaction
from app.core.extensions import db
from app.core.file_messages import file_error
from app.models import Kommune, SavedCrosswalk
from app.services.indicators import IndicatorError

#: What names the Kommune's saved crosswalk where a file could be given (``--crosswalk saved``).
SAVED = "saved"


def refusal(crosswalk: Crosswalk, name: str) -> str | None:
    """Why a crosswalk file read as ``name`` cannot be saved (its unreadable rows, or no
    links at all), or None; the web and the CLI refuse with the same sentence."""
    if crosswalk.problems or not crosswalk.links:
        problems = [file_error(p.as_error(name), name) for p in crosswalk.problems[:5]]
        return " ".join(problems) or _("'%(file)s' links no codes.", file=name)
    return None


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


def crosswalk_for(kommune: Kommune, given: str | PathLike | None) -> Crosswalk | None:
    """The crosswalk an import uses: :data:`SAVED` the Kommune's saved one, else the file
    ``given`` (read in this process: the CLI's door); None without one. IndicatorError with
    a sentence when nothing is saved.

    Example: ``crosswalk_for(kommune, "saved")`` or ``crosswalk_for(kommune, "cw.csv")``.
    """
    if given is None:
        return None
    if str(given) != SAVED:
        return read_crosswalk_file(given)
    saved = saved_crosswalk(kommune)
    if saved is None:
        raise IndicatorError(
            _("%(kommune)s has no saved crosswalk yet. Save one first (flask indicators "
              "crosswalk FILE --kommune …, or on the import page).", kommune=kommune.name)
        )  # fmt: skip
    return saved
