"""Serve Quartierskompass with waitress, configured as measured in bench/README.md.

``make run`` starts it; a deployment starts one per app process (docs/deployment.md)::

    python serve.py --port 8001                     # http://127.0.0.1:8001
    QK_PROXY_FIX=1 python serve.py --port 8001 --behind-proxy   # behind nginx on this machine

waitress writes no access log, and the app filters client addresses out of waitress's own log
(``app/core/serverlog.py``).
"""

from __future__ import annotations

import argparse
import importlib

#: Why these (bench/README.md, "Serving stack"): 8 threads keep the two cores busy while some
#: requests wait for the database, without more SQLite writers than help; poll() instead of
#: select() has no limit of 1,024 descriptors; a phone on a walk keeps its connection open, so
#: the limit of connections is far above waitress's default of 100.
WAITRESS = {
    "threads": 8,
    "connection_limit": 1000,
    "backlog": 2048,
    "asyncore_use_poll": True,
    "channel_timeout": 60,
}
#: With --behind-proxy: the proxy on this machine may say who asked and over which scheme.
BEHIND_PROXY = {
    "trusted_proxy": "127.0.0.1",
    "trusted_proxy_count": 1,
    "trusted_proxy_headers": "x-forwarded-for x-forwarded-proto x-forwarded-host x-forwarded-port",
    "clear_untrusted_proxy_headers": True,
}


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve until stopped."""
    parser = argparse.ArgumentParser(description="Serve Quartierskompass with waitress.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--app", default="wsgi:app", help="module:attribute of the WSGI app")
    parser.add_argument("--behind-proxy", action="store_true", help="trust 127.0.0.1's headers")
    args = parser.parse_args(argv)
    module, _, attribute = args.app.partition(":")
    app = getattr(importlib.import_module(module), attribute or "app")

    from waitress import serve

    settings = {**WAITRESS, **(BEHIND_PROXY if args.behind_proxy else {})}
    serve(app, host=args.host, port=args.port, **settings)


if __name__ == "__main__":
    main()
