"""The README's "Where things are" tree, read as the folders it names.

A line is ``<indent><folder>/ [<folder>/ …]  <what is there>``: two spaces of indent per level;
several sibling folders may share a line; the description starts after two or more spaces.
"""

from __future__ import annotations

import re

HEADING = "## Where things are"


def map_block(readme: str) -> list[str]:
    """The lines of the first fenced block after the "Where things are" heading."""
    after = readme.split(HEADING, 1)[1]
    block = after.split("```", 2)[1]
    return [line for line in block.splitlines()[1:] if line.strip()]


def listed_folders(lines: list[str]) -> list[str]:
    """Every folder the tree names, as a path from the repository's root (``app/core``).

    >>> listed_folders(["app/  the app", "  core/ cli/  layers", "    x/  deep", "docs/"])
    ['app', 'app/core', 'app/cli', 'app/cli/x', 'docs']
    """
    folders: list[str] = []
    parents: list[str] = []
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if indent % 2:
            raise ValueError(f"odd indent in the map: {line!r}")
        names = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0].split(" ")
        if not all(name.endswith("/") for name in names):
            raise ValueError(f"not a folder in the map: {line!r}")
        parents = parents[: indent // 2]
        if len(parents) != indent // 2:
            raise ValueError(f"indented below nothing: {line!r}")
        for name in names:
            folders.append("/".join([*parents, name.rstrip("/")]))
        parents.append(names[-1].rstrip("/"))
    return folders


def folders_of(paths: list[str], suffix: str = "") -> set[str]:
    """Every folder (and its parents) holding one of ``paths`` that ends with ``suffix``."""
    found: set[str] = set()
    for path in paths:
        if not path.endswith(suffix):
            continue
        parts = path.split("/")[:-1]
        found.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return found
