"""The app as a real server process, started the way `make run` and the deployment start it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppProcess:
    """``python serve.py`` in a child process on a free port, with ``QK_*`` settings.

    ``with AppProcess(url, log, QK_RATE_LIMIT_ANSWERS=0) as server: server.base``. The child's
    output goes to ``log``; it is stopped (SIGTERM, then SIGKILL) when the block ends. The block
    starts once the app answers ``/healthz``: gunicorn listens before its worker has loaded the
    app, so an open port alone does not mean ready.
    """

    def __init__(self, database_url: str, log: Path, *args: str, **settings: object):
        self.port = free_port()
        self.log = log
        self.args = args
        self.env = {
            **os.environ,
            "QK_DATABASE_URL": database_url,
            "QK_SECRET_KEY": "shared by every app process of one deployment",
            **{key: str(value) for key, value in settings.items()},
        }
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> AppProcess:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "serve.py"), "--port", str(self.port), *self.args],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the app process stopped:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as reply:
                    if reply.status == 200:
                        return self
            except OSError:  # refused, or an error status while the worker starts (URLError)
                time.sleep(0.1)
        self.__exit__()
        raise AssertionError(f"the app process did not start in 60 s:\n{self.log.read_text()}")

    def __exit__(self, *exc) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
