"""Weight of the survey page of one Quartier: requests, bytes before compression, other hosts.

Builds the Musterstadt demo in a temporary SQLite database, renders the survey page (all 14
themes) with Flask's test client and follows every asset the page loads (stylesheets, scripts,
images, icons, CSS url() and @import), the way a phone on a poor connection would have to.

    .venv/bin/python bench/page_weight.py [AREA_CODE]
"""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BUDGET_REQUESTS = 4
# 60 KB until issue 14 added the review page before sending, the bottom bar, the helpers'
# fold-out and the offline compass template to the one page a phone loads (67 KB; about 17 KB
# gzip-compressed, as nginx sends it).
BUDGET_BYTES = 70 * 1024
SURVEY_TOKEN = "musterstadt-2025"
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
# Elements and attributes that make the browser fetch something (links <a href> do not).
LOADING = {
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("audio", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
    ("image", "href"),
    ("use", "href"),
}


@dataclass
class PageWeight:
    """What loading one page costs."""

    url: str
    resources: list[tuple[str, int]] = field(default_factory=list)  # (url, bytes) in load order
    other_hosts: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    themes: int = 0

    @property
    def requests(self) -> int:
        return len(self.resources)

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.resources)


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value:
                continue
            if name == "style":
                self.inline_css.append(value)
            elif (tag, name) in LOADING or (tag, name.removeprefix("xlink:")) in LOADING:
                if name.endswith("srcset"):
                    self.urls.extend(part.split()[0] for part in value.split(",") if part.strip())
                else:
                    self.urls.append(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.inline_css.append(data)


def _css_references(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(css)]


def measure_client(client, path: str) -> PageWeight:
    """Fetch ``path`` and everything it loads with a Flask test client."""
    base = "http://localhost"
    result = PageWeight(url=path)
    queue, seen = [urljoin(base, path)], set()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        parts = urlsplit(url)
        if parts.scheme == "data":
            continue  # inline, no request
        if parts.netloc != "localhost" or parts.scheme not in ("http", "https"):
            result.other_hosts.append(url)
            continue
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        with client.get(local) as reply:
            body = reply.get_data()
            if reply.status_code != 200:
                result.missing.append(f"{local} ({reply.status_code})")
                continue
            kind = reply.mimetype
        result.resources.append((local, len(body)))
        found: list[str] = []
        if kind == "text/html":
            parser = _References()
            parser.feed(body.decode("utf-8"))
            found = parser.urls + [u for css in parser.inline_css for u in _css_references(css)]
            if len(result.resources) == 1:
                result.themes = body.decode("utf-8").count('class="theme"')
        elif kind == "text/css":
            found = _css_references(body.decode("utf-8"))
        queue.extend(urljoin(url, ref) for ref in found if not ref.startswith("#"))
    return result


def measure(area_code: str | None = None) -> PageWeight:
    """Build the demo in a temporary SQLite database and weigh one Quartier's survey page."""
    from app import create_app
    from app.core.extensions import db
    from app.core.links import campaign_for_token
    from app.services.demo import load_demo

    with tempfile.TemporaryDirectory(prefix="qk-weight-") as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'weight.sqlite3'}",
                "SECRET_KEY": "page-weight",
            }
        )
        app.instance_path = tmp
        with app.app_context():
            db.create_all()
            load_demo()
            campaign, _ = campaign_for_token(SURVEY_TOKEN)
            code = area_code or campaign.areas[0].code
        try:
            return measure_client(app.test_client(), f"/s/{SURVEY_TOKEN}/{quote(code)}")
        finally:
            with app.app_context():
                db.engine.dispose()


def main(argv: list[str]) -> int:
    weight = measure(argv[1] if len(argv) > 1 else None)
    print(f"Survey page {weight.url} ({weight.themes} themes)")
    for url, size in weight.resources:
        print(f"  {size:>8,} B  {url}")
    print(f"Requests: {weight.requests} (budget {BUDGET_REQUESTS})")
    print(
        f"Total before compression: {weight.total_bytes:,} B = {weight.total_bytes / 1024:.1f} KB "
        f"(budget {BUDGET_BYTES // 1024} KB)"
    )
    print(f"References to other hosts: {', '.join(weight.other_hosts) or 'none'}")
    if weight.missing:
        print(f"Missing assets: {', '.join(weight.missing)}")
    within = (
        weight.requests <= BUDGET_REQUESTS
        and weight.total_bytes <= BUDGET_BYTES
        and not weight.other_hosts
        and not weight.missing
    )
    print("Within budget." if within else "OVER BUDGET.")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
