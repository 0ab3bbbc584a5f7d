"""Build hook: a wheel carries the migrations and the compiled catalogues inside ``app/``.

In a checkout both live at the repository's root (``migrations/``, ``translations/`` with the
``.po`` files); an installed app finds them as ``app/migrations`` and ``app/translations``
(``app.core.config.data_folder``). Everything else is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def compile_catalogues(source: Path, target: Path) -> None:
    """Write ``target/<lang>/LC_MESSAGES/messages.mo`` for every ``.po`` under ``source``."""
    for po_path in source.glob("*/LC_MESSAGES/messages.po"):
        mo_path = target / po_path.relative_to(source).with_suffix(".mo")
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as po_file, mo_path.open("wb") as mo_file:
            write_mo(mo_file, read_po(po_file))


class BuildWithData(build_py):
    """build_py, then the migrations and the compiled catalogues into the built ``app``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads both from the checkout
        app = Path(self.build_lib) / "app"
        shutil.copytree(
            ROOT / "migrations",
            app / "migrations",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            dirs_exist_ok=True,
        )
        compile_catalogues(ROOT / "translations", app / "translations")


if __name__ == "__main__":  # setuptools runs this file as __main__; the tests import it
    setup(cmdclass={"build_py": BuildWithData})
