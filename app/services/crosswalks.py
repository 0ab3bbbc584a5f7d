"""A Kommune's saved crosswalk: which area(s) each code of its tables stands for.

Saved once (the web reads the uploaded file in the confined worker, see
:func:`analysis.readers.isolated.read_crosswalk`), used by every later indicator preview that
chooses it. Kept as JSON in ``instance/crosswalks/<kommune id>.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

from flask import current_app

from analysis.readers.crosswalks import Crosswalk
from app.models import Kommune


def _path(kommune: Kommune) -> Path:
    folder = Path(current_app.instance_path) / "crosswalks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{int(kommune.id)}.json"


def save_crosswalk(kommune: Kommune, crosswalk: Crosswalk) -> int:
    """Save (replace) the Kommune's crosswalk; returns how many table codes it links.

    Example: ``save_crosswalk(kommune, Crosswalk({"11": ("1",), "12": ("1",)}))`` gives 2.
    """
    _path(kommune).write_text(json.dumps(crosswalk.to_plain(), ensure_ascii=False), "utf-8")
    return len(crosswalk.links)


def saved_crosswalk(kommune: Kommune) -> Crosswalk | None:
    """The Kommune's saved crosswalk, or None."""
    path = _path(kommune)
    if not path.is_file():
        return None
    return Crosswalk.from_plain(json.loads(path.read_text("utf-8")))
