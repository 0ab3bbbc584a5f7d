"""Our JavaScript inserts text, never HTML, and needs nothing the Content-Security-Policy refuses.

The browser tests (test_xss_browser.py) show it for the pages with hostile names; this review
of the sources keeps new code from bringing an HTML sink back unnoticed.
"""

from __future__ import annotations

import re

from tests.support.app import ROOT

STATIC = ROOT / "app" / "static"
#: Ways to turn a string into markup or code in a page.
SINKS = {
    "innerHTML assignment": re.compile(r"\.(?:inner|outer)HTML\s*\+?=(?!=)"),
    "insertAdjacentHTML": re.compile(r"insertAdjacentHTML\s*\("),
    "document.write": re.compile(r"document\.write(?:ln)?\s*\("),
    "createContextualFragment": re.compile(r"createContextualFragment\s*\("),
    "DOMParser": re.compile(r"DOMParser"),
    "jQuery-style html()": re.compile(r"\.html\s*\("),
    "Leaflet string content": re.compile(
        r"\.(?:bindTooltip|bindPopup|setContent|setTooltipContent|setPopupContent)\s*\(\s*"
        r"(?!function\b)[^)]*(?:\"|'|`|\+)"
    ),
    "eval": re.compile(r"\beval\s*\(|new\s+Function\s*\("),
    "string timer": re.compile(r"set(?:Timeout|Interval)\s*\(\s*[\"'`]"),
    "inline style attribute": re.compile(r"setAttribute\s*\(\s*[\"']style[\"']|\.style\.cssText"),
}
#: Reviewed exceptions, each with its reason.
REVIEWED = {
    # The round table swaps in the server's own fragment: the same autoescaped Jinja template
    # as the first page load, fetched from this site; no text is assembled in the script.
    ("js/roundtable.js", "innerHTML assignment"): 1,
    # The report job's page reads its own URL again (same-origin, the page's autoescaped Jinja
    # template) and copies two of its parts across: parsed by DOMParser, whose document runs no
    # script, and assigned as HTML; no text is assembled in the script.
    ("js/report_job.js", "DOMParser"): 1,
    ("js/report_job.js", "innerHTML assignment"): 1,
}


def _our_scripts():
    return [p for p in sorted(STATIC.rglob("*.js")) if "vendor" not in p.parts]


def test_no_script_of_ours_turns_text_into_markup_or_code():
    found: dict[tuple[str, str], int] = {}
    for path in _our_scripts():
        text = path.read_text(encoding="utf-8")
        for name, pattern in SINKS.items():
            hits = len(pattern.findall(text))
            if hits:
                found[(path.relative_to(STATIC).as_posix(), name)] = hits
    assert found == REVIEWED


def test_the_review_sees_the_old_tooltip_and_template_html():
    """The patterns catch what was there before: a string tooltip and an HTML template."""
    old_map = 'l.bindTooltip(f.properties.code + " " + f.properties.name);'
    old_survey = 'section.innerHTML = "<h1 tabindex=\\"-1\\"></h1>";'
    assert SINKS["Leaflet string content"].search(old_map)
    assert SINKS["innerHTML assignment"].search(old_survey)
    assert not SINKS["Leaflet string content"].search(
        "l.bindTooltip(function () { return label(f.properties); });"
    )
    assert not SINKS["innerHTML assignment"].search("return holder.innerHTML;")
    assert len(_our_scripts()) >= 5  # survey, offline, service worker, map, round table
