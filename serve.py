"""Serve Quartierskompass with gunicorn's threaded worker, set up as measured in bench/README.md.

``make run`` starts it; a deployment starts one per app process (docs/deployment.md)::

    python serve.py --port 8001                     # http://127.0.0.1:8001
    python serve.py --port 8001 --behind-proxy      # behind nginx on this machine

Each worker loads the app after the fork (no database connection crosses processes), sets what
it loaded aside from the garbage collector (:func:`settle`) and then computes, in a background
thread, the results a planner's first download of an active survey needs
(``app.services.warm_up``, ``QK_WARM_RESULTS``).

gunicorn writes no access log here, its control socket is off, and the app filters client
addresses out of gunicorn's error log (``app/core/serverlog.py``). gunicorn itself trusts no
``X-Forwarded-*`` header: the app decides which proxy it believes (``QK_PROXY_FIX``,
``QK_TRUSTED_PROXIES``; ``app/core/security.py``). gunicorn runs on Linux and macOS (on Windows:
WSL).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os

#: Why these (bench/README.md, "Serving stack" and "64 clients"): one process with 8 threads
#: keeps two cores busy while some requests wait for the database, without more SQLite writers
#: than help; gunicorn's gthread worker waits on epoll, so its work per request does not grow
#: with the connections held open (waitress's did: 64 phones got half the answers of 16); a
#: phone on a walk keeps its connection open, so up to 1,000 connections and a backlog of 2,048.
GUNICORN = {
    "worker_class": "gthread",
    "workers": 1,
    "threads": 8,
    "worker_connections": 1000,
    "backlog": 2048,
    "keepalive": 60,
    # A report built in a request thread must not get the worker killed; the worker's
    # heartbeat is its own loop, so this only catches a worker that hangs as a whole.
    "timeout": 120,
    "graceful_timeout": 30,
    "accesslog": None,
    "errorlog": "-",
    "loglevel": "info",
    # gunicorn ≥ 25 opens a management socket in $HOME by default; nothing here uses it.
    "control_socket_disable": True,
    # One place decides about X-Forwarded-*: the app (QK_PROXY_FIX). gunicorn takes the scheme
    # from no header and passes the headers on untouched.
    "forwarded_allow_ips": "",
    "secure_scheme_headers": {},
}

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def options(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Serve Quartierskompass with gunicorn.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--app", default="wsgi:app", help="module:attribute of the WSGI app")
    parser.add_argument("--workers", type=int, default=GUNICORN["workers"],
                        help="worker processes (PostgreSQL only; SQLite wants one)")  # fmt: skip
    parser.add_argument("--threads", type=int, default=GUNICORN["threads"],
                        help="threads of each worker process")  # fmt: skip
    parser.add_argument(
        "--behind-proxy",
        action="store_true",
        help="a reverse proxy on this machine is in front: listen on loopback only and let the "
        "app trust its X-Forwarded-* headers (QK_PROXY_FIX=1 unless set)",
    )
    args = parser.parse_args(argv)
    if args.behind_proxy and args.host not in LOOPBACK:
        parser.error("--behind-proxy listens on this machine only (--host 127.0.0.1 or ::1)")
    return args


def settings(args: argparse.Namespace) -> dict[str, object]:
    """gunicorn's settings for ``args``."""
    host = f"[{args.host}]" if ":" in args.host else args.host
    return {**GUNICORN, "bind": [f"{host}:{args.port}"], "workers": args.workers,
            "threads": args.threads, "post_worker_init": warm}  # fmt: skip


def load(target: str):
    """The WSGI app named ``module:attribute``."""
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute or "app")


def warm(worker):
    """gunicorn's ``post_worker_init``: set the loaded app aside from the garbage collector
    (:func:`settle`), then start warming the results in this worker (our app only; the
    benchmarks' bare Flask app has no such setting); the thread, or None."""
    settle()
    if "QK_WARM_RESULTS" not in getattr(worker.wsgi, "config", {}):
        return None
    from app.services.warm_up import start_warm_up

    return start_warm_up(worker.wsgi)


def settle() -> None:
    """Keep what the worker has loaded (modules, classes, catalogues: about 300,000 objects) out
    of every later full garbage collection (``gc.freeze``).

    A full collection scans every tracked object while no thread of the worker runs: with the
    app loaded that took 0.14–0.19 s, often enough to be the p99 of answers at 16 clients
    (bench/README.md, "The garbage collector"). Frozen objects are never freed, so this runs
    once, before the first request, when all there is will live as long as the process.
    """
    gc.collect()
    gc.freeze()


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve until stopped (SIGTERM or Ctrl+C)."""
    args = options(argv)
    if args.behind_proxy:
        os.environ.setdefault("QK_PROXY_FIX", "1")

    from gunicorn.app.base import BaseApplication

    from app.core import serverlog

    class Server(BaseApplication):
        def load_config(self) -> None:
            # BaseApplication reads neither the command line nor a config file: only these.
            for name, value in settings(args).items():
                self.cfg.set(name, value)

        def load(self):
            # In each worker after the fork: no database connection is shared between processes.
            return load(args.app)

    # The filter sits on gunicorn's loggers before the arbiter logs; the workers inherit it.
    serverlog.install()
    Server().run()


if __name__ == "__main__":
    main()
