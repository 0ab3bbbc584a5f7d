"""The repository's own files, as the checks in ``tests/checks/`` see them.

Everything is found relative to this file, so the checks work in any clone or worktree.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Folders of our own Python code (not .venv, not build output, not node_modules).
CODE_FOLDERS = ("app", "analysis", "bench", "tests", "tools")


def python_files(*folders: str, root: Path = REPO) -> list[Path]:
    """Every ``.py`` file under ``folders`` of ``root`` (default: the folders of our own code)."""
    files: list[Path] = []
    for folder in folders or CODE_FOLDERS:
        files.extend(p for p in (root / folder).rglob("*.py") if "__pycache__" not in p.parts)
    return sorted(files)


def tracked_files(root: Path = REPO) -> list[str]:
    """The paths git tracks in ``root``, relative and with forward slashes."""
    result = subprocess.run(
        ["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True, text=True
    )
    return [path for path in result.stdout.split("\0") if path]


def relative(path: Path, root: Path = REPO) -> str:
    """``path`` relative to ``root`` with forward slashes, as the allow-lists name files."""
    return path.relative_to(root).as_posix()
