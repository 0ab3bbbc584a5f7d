"""The import contracts of the layers (docs/architecture.md), checked on the source's syntax tree.

``app/<feature>`` imports no other feature; ``app/core`` imports no feature, service or CLI;
``app/models`` no feature, service or CLI; ``app/services`` no feature or CLI; ``app/cli`` no
feature; ``analysis`` neither ``app`` nor Flask. Relative imports are resolved first, and an
import inside a function counts like one at the top.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

# Sub-packages of app/ that are layers, not features; every other sub-package is a feature.
LAYERS = ("core", "models", "services", "cli")
FORBIDDEN_LAYERS = {
    "core": ("features", "services", "cli"),
    "models": ("features", "services", "cli"),
    "services": ("features", "cli"),
    "cli": ("features",),
}


def module_name(path: Path, root: Path) -> str:
    """The dotted name of the module in ``path`` (``app/core/__init__.py`` → ``app.core``)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(path: Path, root: Path) -> Iterator[tuple[int, str]]:
    """``(line, dotted name)`` of every import in ``path``, relative ones made absolute."""
    name = module_name(path, root)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            # ``from app import survey`` imports the sub-package survey, so name it.
            yield from ((node.lineno, f"{module}.{alias.name}") for alias in node.names)


def features(root: Path) -> set[str]:
    """The names of app's feature packages: every sub-package that is not a layer."""
    return {
        p.parent.name for p in (root / "app").glob("*/__init__.py") if p.parent.name not in LAYERS
    }


def _part_of_app(name: str, feature_names: set[str]) -> str | None:
    """Which part of app a dotted name belongs to: a layer, "features", or None."""
    parts = name.split(".")
    if parts[0] != "app" or len(parts) < 2:
        return None
    if parts[1] in LAYERS:
        return parts[1]
    return "features" if parts[1] in feature_names else None


def violations(root: Path) -> list[str]:
    """Every import that breaks a contract, as ``path:line: module imports name (why)``."""
    feature_names = features(root)
    found: list[str] = []
    for path in sorted((root / "app").rglob("*.py")) + sorted((root / "analysis").rglob("*.py")):
        source = module_name(path, root).split(".")
        for line, name in imported_names(path, root):
            why = _broken_rule(source, name, feature_names)
            if why:
                found.append(f"{path.relative_to(root).as_posix()}:{line}: imports {name} ({why})")
    return found


def _broken_rule(source: list[str], name: str, feature_names: set[str]) -> str | None:
    top = name.split(".")[0]
    if source[0] == "analysis":
        if top == "app" or top == "flask" or top.startswith("flask_"):
            return "analysis is pure Python: no app, no Flask"
        return None
    if len(source) < 2:
        return None
    target = _part_of_app(name, feature_names)
    if source[1] in feature_names:
        if target == "features" and name.split(".")[1] != source[1]:
            return "a feature never imports another feature"
        return None
    if target in FORBIDDEN_LAYERS.get(source[1], ()):
        return f"app/{source[1]} may not import {target}"
    return None
