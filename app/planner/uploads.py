"""Uploaded files waiting for the planner's confirmation, kept in instance/uploads/.

A file is stored under a random token and the Kommune's id, so a preview can span several
requests (and processes) and nobody can name a path or another Kommune's upload.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

import pyogrio
from flask import current_app
from werkzeug.datastructures import FileStorage

AREA_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip")
TABLE_SUFFIXES = (".csv", ".txt", ".xlsx")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,40}$")
MAX_AGE = 24 * 3600


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def suffix_of(filename: str) -> str:
    name = (filename or "").lower()
    return ".geojson" if name.endswith(".geojson") else Path(name).suffix


def save_upload(upload: FileStorage, kommune_id: int, suffixes: tuple[str, ...]) -> str | None:
    """Store the file and return its token, or None if its type is not accepted."""
    suffix = suffix_of(upload.filename or "")
    if suffix not in suffixes:
        return None
    _clean_old()
    token = secrets.token_urlsafe(18)
    upload.save(_folder() / f"{kommune_id}-{token}{suffix}")
    return token


def upload_path(token: str, kommune_id: int) -> Path | None:
    """The stored file of this token and Kommune, or None."""
    if not _TOKEN.match(token or ""):
        return None
    found = sorted(_folder().glob(f"{kommune_id}-{token}.*"))
    return found[0] if found else None


def discard(path: Path) -> None:
    path.unlink(missing_ok=True)


def _clean_old() -> None:
    limit = time.time() - MAX_AGE
    for path in _folder().iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def layer_fields(path: Path) -> list[str]:
    """The attribute fields of a GeoJSON, GeoPackage or zipped Shapefile."""
    source = f"/vsizip/{path}" if path.suffix == ".zip" else str(path)
    return [str(f) for f in pyogrio.read_info(source)["fields"]]
