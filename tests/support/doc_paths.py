"""Repository paths named in the documentation: backticked paths and relative Markdown links.

A backticked word is a repository path when it starts with one of our top-level folders (``app/``,
``tests/``, …) or is a top-level file of ours; words with placeholders (``<id>``, ``*``, ``{x}``,
``…``) or a URL route are not paths. ``path::test_name`` and ``path:line`` name the path. A plan
may name a file that is still to be written as ```app/offers/` (new)``: such a path is not checked.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

TOP_FOLDERS = ("app", "analysis", "bench", "docs", "migrations", "tests", "tools", "translations")
TOP_FILES = ("README.md", "SECURITY.md", "Makefile", "pyproject.toml", "serve.py", "wsgi.py")
PLACEHOLDER = re.compile(r"[<>*{}…$ ]|\.\.\.")
BACKTICKED = re.compile(r"`([^`\n]+)`")
PLANNED = re.compile(r"\s*\(new\b")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _as_path(word: str) -> str | None:
    word = word.split("::")[0].rstrip(".,;:")
    word = re.sub(r":\d+(-\d+)?$", "", word)
    if PLACEHOLDER.search(word) or "//" in word:
        return None
    if word in TOP_FILES or word.split("/")[0] in TOP_FOLDERS and "/" in word:
        return word.rstrip("/")
    return None


def named_paths(text: str) -> set[str]:
    """The repository paths a Markdown text names in backticks.

    >>> sorted(named_paths("See `app/core/` and `tests/x.py::test_y`, not `/s/<token>` or `a.py`."))
    ['app/core', 'tests/x.py']
    >>> named_paths("A feature `app/offers/` (new) beside `app/index/`.")
    {'app/index'}
    """
    return {
        path
        for match in BACKTICKED.finditer(text)
        if not PLANNED.match(text, match.end()) and (path := _as_path(match.group(1)))
    }


def linked_paths(text: str, folder: Path, root: Path) -> set[str]:
    """The repository paths a Markdown text links to, relative to its ``folder``.

    >>> text = "[a](docs/cli.md) [b](https://x.org/) [c](#top)"
    >>> sorted(linked_paths(text, Path("/r"), Path("/r")))
    ['docs/cli.md']
    """
    found: set[str] = set()
    for target in LINK.findall(text):
        target = target.split("#")[0]
        if not target or ":" in target:
            continue
        found.add((folder / target).resolve().relative_to(root.resolve()).as_posix())
    return found


def missing_paths(documents: list[Path], root: Path) -> dict[str, list[str]]:
    """For each document, the paths it names or links to that do not exist under ``root``."""
    missing: dict[str, list[str]] = {}
    for document in documents:
        text = document.read_text(encoding="utf-8")
        paths = named_paths(text) | linked_paths(text, document.parent, root)
        absent = sorted(p for p in paths if not (root / p).exists())
        if absent:
            missing[document.relative_to(root).as_posix()] = absent
    return missing


PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def python_imports(text: str) -> list[tuple[str, str | None]]:
    """``(module, name)`` of every import in the ```python blocks of a Markdown text.

    >>> python_imports("```python\\nimport analysis\\nfrom analysis import Texts\\n```")
    [('analysis', None), ('analysis', 'Texts')]
    """
    found: list[tuple[str, str | None]] = []
    for block in PYTHON_BLOCK.findall(text):
        for node in ast.parse(block).body:
            if isinstance(node, ast.Import):
                found.extend((alias.name, None) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                found.extend((node.module or "", alias.name) for alias in node.names)
    return found


def broken_imports(documents: list[Path], root: Path) -> list[str]:
    """The imports shown in the documents' Python examples that do not resolve."""
    broken: list[str] = []
    for document in documents:
        for module, name in python_imports(document.read_text(encoding="utf-8")):
            try:
                value = importlib.import_module(module)
                if name is not None:
                    getattr(value, name)
            except (ImportError, AttributeError):
                where = document.relative_to(root).as_posix()
                shown = f"import {module}" if name is None else f"from {module} import {name}"
                broken.append(f"{where}: {shown}")
    return broken


DOTTED = re.compile(r"`((?:app|analysis)(?:\.[A-Za-z_]\w*)+)`")


def resolves(name: str) -> bool:
    """Whether a dotted name (``app.services.queries.COUNTED``) is a module or in one."""
    parts = name.split(".")
    for split in range(len(parts), 0, -1):
        try:
            value = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            if not hasattr(value, attribute):
                return False
            value = getattr(value, attribute)
        return True
    return False


def broken_names(documents: list[Path], root: Path) -> list[str]:
    """The dotted names of our code in backticks (not file names) that do not resolve."""
    return [
        f"{document.relative_to(root).as_posix()}: {name}"
        for document in documents
        for name in sorted(set(DOTTED.findall(document.read_text(encoding="utf-8"))))
        if name.rsplit(".", 1)[-1] not in {"py", "md", "json", "yaml", "html", "js"}
        and not resolves(name)
    ]
