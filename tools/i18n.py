"""Keep the catalogues complete: English msgstr = msgid, other languages from dicts of translations.

Usage: python tools/i18n.py [NEW.py ...]   (after `make extract-messages`)
Each NEW.py defines any of DE, TR, AR, UK = {msgid: translated text}. German must be complete;
Turkish, Arabic and Ukrainian must translate every resident string (those found in
RESIDENT_SOURCES); staff-only strings may stay empty there and fall back to English.
Prints what is still missing.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
ROOT = REPO / "translations"
#: Languages with a full catalogue; English is the msgid itself.
FULL_LANGUAGES = ("en", "de")
#: Languages offered to residents only (app/core/config.py RESIDENT_LANGUAGES).
RESIDENT_ONLY_LANGUAGES = ("tr", "ar", "uk")
#: Files whose strings residents can see: templates and modules of the resident pages.
RESIDENT_SOURCES = (
    "app/templates/base.html",
    "app/core/formatting.py",
    "app/templates/main/*.html",
    "app/templates/errors/*.html",
    "app/templates/survey/*.html",
    "app/templates/results/*.html",
    "app/templates/paper/*.html",
    "app/templates/measures/public.html",
    "app/core/i18n.py",
    "app/core/errors.py",
    "app/core/links.py",
    "app/core/ratelimit.py",
    "app/main/*.py",
    "app/survey/*.py",
    "app/api/*.py",
    "app/results/*.py",
    "app/offline/*.py",
    "app/paper/*.py",
    "app/services/submissions.py",
    "app/services/answer_checks.py",
    "app/services/audience.py",
    "app/services/answer_forms.py",
    "app/services/answer_schema.py",
    "app/services/labels.py",
    "app/services/questionnaire.py",
    "app/services/results.py",
)
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def resident_msgids() -> set[str]:
    """Every msgid a resident page can show (singular form of plurals)."""
    found: set[str] = set()
    for pattern in RESIDENT_SOURCES:
        for path in sorted(REPO.glob(pattern)):
            method = "jinja2" if path.suffix == ".html" else "python"
            for _line, message, _comments, _context in extract_from_file(
                method, str(path), keywords=KEYWORDS
            ):
                found.add(message if isinstance(message, str) else message[0])
    return found


def fill(lang: str, new: dict[str, str], required: set[str] | None = None) -> list[str]:
    """Write ``new`` into the catalogue of ``lang``; return the required msgids still empty."""
    path = ROOT / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        message.flags.discard("fuzzy")
        empty = not message.string or (
            isinstance(message.string, tuple) and not any(message.string)
        )
        if lang == "en" and empty:
            message.string = message.id
        elif key in new:
            value = new[key]
            if isinstance(message.id, tuple) and isinstance(value, str):
                value = (value,) * max(len(message.string or ()), 2)
            message.string = value
        if required is not None and key not in required:
            continue
        if not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            missing.append(key)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=True, no_location=True)
    return missing


def main(paths: list[str]) -> None:
    new: dict[str, dict[str, str]] = {}
    for path in paths:
        found = runpy.run_path(path)
        for lang in FULL_LANGUAGES + RESIDENT_ONLY_LANGUAGES:
            new.setdefault(lang, {}).update(found.get(lang.upper(), {}))
    resident = resident_msgids()
    for lang in FULL_LANGUAGES + RESIDENT_ONLY_LANGUAGES:
        if not (ROOT / lang / "LC_MESSAGES" / "messages.po").exists():
            continue
        required = None if lang in FULL_LANGUAGES else resident
        for key in fill(lang, new.get(lang, {}), required):
            print(f"{lang}: missing translation: {key}")


if __name__ == "__main__":
    main(sys.argv[1:])
