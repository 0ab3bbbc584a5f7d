"""Uploaded files waiting for the planner's confirmation, kept in instance/uploads/.

Each upload is a folder named after the Kommune's id and a random token, so a preview can
span several requests (and processes) and nobody can name a path or another Kommune's upload.
It holds the file as ``upload.<suffix>`` and ``name.txt``, the name the planner's file had:
messages use it, paths never do. No request parses the file: the readers of
``analysis.readers.isolated`` do, in their confined worker process.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path

from flask import current_app
from werkzeug.datastructures import FileStorage

AREA_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip")
TABLE_SUFFIXES = (".csv", ".txt", ".xlsx")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,40}$")
MAX_AGE = 24 * 3600
MAX_NAME = 120


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def suffix_of(filename: str) -> str:
    name = (filename or "").lower()
    return ".geojson" if name.endswith(".geojson") else Path(name).suffix


def display_name(filename: str | None) -> str:
    """The file's own name as the browser sent it: no folders, no control characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:MAX_NAME] or "upload"


def save_upload(upload: FileStorage, kommune_id: int, suffixes: tuple[str, ...]) -> str | None:
    """Store the file and return its token, or None if its type is not accepted."""
    suffix = suffix_of(upload.filename or "")
    if suffix not in suffixes:
        return None
    _clean_old()
    token = secrets.token_urlsafe(18)
    folder = _folder() / f"{kommune_id}-{token}"
    folder.mkdir()
    upload.save(folder / f"upload{suffix}")
    (folder / "name.txt").write_text(display_name(upload.filename), encoding="utf-8")
    return token


def upload_path(token: str, kommune_id: int) -> Path | None:
    """The stored file of this token and Kommune, or None."""
    if not _TOKEN.match(token or ""):
        return None
    folder = _folder() / f"{kommune_id}-{token}"
    found = sorted(folder.glob("upload.*")) if folder.is_dir() else []
    return found[0] if found else None


def original_name(path: Path) -> str:
    """The name the planner's file had (kept beside the stored upload)."""
    try:
        return display_name((path.parent / "name.txt").read_text(encoding="utf-8"))
    except OSError:
        return path.name


def discard(path: Path) -> None:
    """Remove a stored upload (its folder)."""
    if path.parent.parent == _folder():
        shutil.rmtree(path.parent, ignore_errors=True)


def _clean_old() -> None:
    limit = time.time() - MAX_AGE
    for path in _folder().iterdir():
        if path.stat().st_mtime >= limit:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def area_preview_context(preview) -> dict:
    """What the areas preview page shows of a read upload: its first rows, CRS and outlines."""
    table = preview.frame.drop(columns="geometry").head(200).astype(object)
    return {
        "frame": table.where(table.notna(), None),
        "source_crs": preview.source_crs,
        "geojson": preview.frame.to_json(),
    }
