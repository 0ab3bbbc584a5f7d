"""Security headers on every response, Secure cookies and the trusted proxy (docs/deployment.md).

One ``after_request`` hook sets the headers, so no view has to remember them:

- ``Content-Security-Policy``: scripts, styles, fonts and fetches only from this site; no inline
  script or style (the templates have none), no plugins, no ``<base>``, forms only to this site,
  no framing. PDFs get only ``frame-ancestors``, because Chromium's PDF viewer is itself an
  inline-styled plugin page that a stricter policy on the PDF would block.
- ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` (survey tokens are in
  URLs) and ``X-Frame-Options: DENY`` everywhere.
- ``Cache-Control: no-store`` on staff pages, on every download and on the thank-you page.
- ``Strict-Transport-Security`` when the request came over HTTPS.

It also marks the session cookie ``Secure`` for an https ``QK_BASE_URL`` (or
``QK_SECURE_COOKIES``), trusts ``QK_PROXY_FIX`` proxies' X-Forwarded-* headers when they come
from ``QK_TRUSTED_PROXIES`` (and removes them from anyone else), and switches
matplotlib to plain text for the whole process. docs/deployment.md describes the settings.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

import matplotlib
from flask import Flask, request
from flask.wrappers import Response
from werkzeug.middleware.proxy_fix import ProxyFix

from analysis.figures.style import PLAIN_TEXT
from app.core.clients import proxy_count, trusted_networks
from app.core.config import allowed_origins, secure_cookies
from app.core.i18n import RESIDENT_BLUEPRINTS

#: Blueprints anyone may open (resident pages, the public paper questionnaire); the rest is staff.
PUBLIC_BLUEPRINTS = frozenset(RESIDENT_BLUEPRINTS)
#: Public pages whose content belongs to one person and must not stay in a shared cache.
PRIVATE_ENDPOINTS = frozenset({"survey.thanks"})
HSTS = "max-age=31536000; includeSubDomains"
#: A tile URL's host may begin with a ``{s}`` placeholder (a.tile…, b.tile…).
_SUBDOMAIN_PLACEHOLDER = re.compile(r"^\{[a-z]+\}\.")


def tile_source(tile_url: str | None) -> str | None:
    """The CSP source expression for a Leaflet tile URL template, e.g. ``https://*.tile.osm.org``.

    Raises
    ------
    ValueError
        If the URL is not http(s) or has a placeholder anywhere in its host but the first label.

    Examples
    --------
    >>> tile_source("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")
    'https://*.tile.openstreetmap.org'
    >>> tile_source("https://tiles.stadt.example:8443/{z}/{x}/{y}.png")
    'https://tiles.stadt.example:8443'
    """
    if not tile_url:
        return None
    parts = urlsplit(tile_url)
    host = _SUBDOMAIN_PLACEHOLDER.sub("*.", parts.netloc)
    if parts.scheme not in ("http", "https") or not host or re.search(r"[{}@\s]", host):
        raise ValueError(
            f"QK_MAP_TILE_URL: {tile_url!r} must be an http(s) URL whose host has at most a "
            "leading {s} placeholder"
        )
    return f"{parts.scheme}://{host}"


def content_security_policy(tile_url: str | None = None) -> str:
    """The policy of every page: everything from this site only, images also from the tiles.

    Examples
    --------
    >>> "script-src 'self';" in content_security_policy()
    True
    """
    images = " ".join(filter(None, ["'self'", "data:", tile_source(tile_url)]))
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": images,
        "font-src": "'self'",
        "connect-src": "'self'",
        "manifest-src": "'self'",
        "worker-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def is_staff_request() -> bool:
    """Whether this request is for a staff page (everything but resident pages and static files)."""
    return request.endpoint != "static" and request.blueprint not in PUBLIC_BLUEPRINTS


def _needs_no_store(response: Response) -> bool:
    # send_file names every file it sends; outside /static/ such a file is a download.
    download = "Content-Disposition" in response.headers and request.endpoint != "static"
    return download or is_staff_request() or request.endpoint in PRIVATE_ENDPOINTS


def _add_headers(policy: str, response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = (
        "frame-ancestors 'none'" if response.mimetype == "application/pdf" else policy
    )
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "no-referrer"
    if _needs_no_store(response):
        headers["Cache-Control"] = "no-store"
    if request.is_secure:
        headers["Strict-Transport-Security"] = HSTS
    return response


class TrustedProxies:
    """werkzeug's ``ProxyFix`` for requests whose peer is one of the trusted proxies; from any
    other peer every ``X-Forwarded-*`` header is removed first, so the app sees the peer as it is.

    The server passes the headers on as the client sent them (gunicorn does, ``serve.py``), so
    this is the one place that decides whom to believe.
    """

    def __init__(self, wsgi_app, hops: int, networks) -> None:
        self.plain, self.networks = wsgi_app, networks
        self.proxied = ProxyFix(
            wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops
        )

    def trusted(self, peer: str | None) -> bool:
        try:
            address = ipaddress.ip_address((peer or "").strip())
        except ValueError:
            return False
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return any(address in network for network in self.networks)

    def __call__(self, environ, start_response):
        if self.trusted(environ.get("REMOTE_ADDR")):
            return self.proxied(environ, start_response)
        for key in [key for key in environ if key.startswith("HTTP_X_FORWARDED_")]:
            del environ[key]
        return self.plain(environ, start_response)


def init_app(app: Flask) -> None:
    """Check the settings, mark cookies Secure, trust the proxy, add the headers, plain charts.

    Raises ``ValueError`` at start-up for a malformed QK_ALLOWED_ORIGINS or QK_MAP_TILE_URL, so
    that a typo shows at once instead of as refused answers or missing map tiles.
    """
    config = app.config
    allowed_origins(config.get("QK_ALLOWED_ORIGINS"))
    if secure_cookies(config):
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True
    hops = proxy_count(config.get("QK_PROXY_FIX"))
    if hops > 0:
        app.wsgi_app = TrustedProxies(  # type: ignore[method-assign]
            app.wsgi_app, hops, trusted_networks(config.get("QK_TRUSTED_PROXIES"))
        )
    # Every chart the server draws carries user text. analysis marks its drawing functions plain
    # text, but matplotlib's settings are global: two requests drawing at once could restore
    # each other's settings. The server never draws math, so plain text holds process-wide.
    matplotlib.rcParams.update(PLAIN_TEXT)
    policy = content_security_policy(config.get("QK_MAP_TILE_URL"))
    app.after_request(lambda response: _add_headers(policy, response))
