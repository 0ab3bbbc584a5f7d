"""Keep the catalogues complete: English msgstr = msgid, German from a dict of new translations.

Usage: python tools/i18n.py [NEW_GERMAN.py]   (after `make extract-messages`)
NEW_GERMAN.py defines DE = {msgid: German text}. Prints what is still missing.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent / "translations"


def fill(lang: str, new: dict[str, str]) -> list[str]:
    path = ROOT / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        message.flags.discard("fuzzy")
        if lang == "en" and not message.string:
            message.string = message.id
        elif key in new:
            message.string = new[key]
        if not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            missing.append(key)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=True, no_location=True)
    return missing


if __name__ == "__main__":
    german = runpy.run_path(sys.argv[1])["DE"] if len(sys.argv) > 1 else {}
    for lang, new in (("en", {}), ("de", german)):
        for key in fill(lang, new):
            print(f"{lang}: missing translation: {key}")
