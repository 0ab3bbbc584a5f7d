"""Server processes for the benchmarks: the serving stacks measured, started and stopped.

A stack is a command line around a WSGI target (``wsgi:app`` for Quartierskompass,
``bench.bare:app`` for the baseline). The server runs in its own process group; its CPU time is
read from ``/proc`` for the whole process tree (gunicorn's master and workers).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

#: The stacks compared; RUN_STACK is the one `make run` and docs/deployment.md use.
STACKS: dict[str, list[str]] = {
    # waitress as `make run` served before: 4 threads, select(), at most 100 connections.
    "waitress-default": ["waitress-serve"],
    # serve.py: what `make run` and the deployment use (gunicorn gthread, 1 worker x 8 threads).
    "serve.py": ["serve.py"],
    # The documented PostgreSQL deployment: one worker process per core (docs/deployment.md).
    "serve.py-2": ["serve.py", "--workers=2"],
    # serve.py with fewer or more threads than its 8.
    **{f"serve.py-t{n}": ["serve.py", f"--threads={n}"] for n in (2, 4, 16)},
    # waitress as serve.py started it until 2026-12-01: 8 threads, poll(), 1,000 connections.
    "waitress-8-poll": [
        "waitress-serve",
        "--threads=8",
        "--connection-limit=1000",
        "--backlog=2048",
        "--asyncore-use-poll",
        "--channel-timeout=60",
    ],
    "waitress-16-poll": [
        "waitress-serve",
        "--threads=16",
        "--connection-limit=1000",
        "--backlog=2048",
        "--asyncore-use-poll",
        "--channel-timeout=60",
    ],
    # serve.py's settings with fewer threads: does 64 clients' slump come from threads?
    **{
        f"waitress-{n}-poll": [
            "waitress-serve",
            f"--threads={n}",
            "--connection-limit=1000",
            "--backlog=2048",
            "--asyncore-use-poll",
            "--channel-timeout=60",
        ]
        for n in (2, 4)
    },
    "gunicorn-1x4": ["gunicorn", "--worker-class=gthread", "--workers=1", "--threads=4"],
    "gunicorn-1x8": ["gunicorn", "--worker-class=gthread", "--workers=1", "--threads=8"],
    "gunicorn-2x8": ["gunicorn", "--worker-class=gthread", "--workers=2", "--threads=8"],
}

RUN_STACK = "serve.py"


def command(stack: str, target: str, port: int) -> list[str]:
    """The command line that serves ``target`` with ``stack`` on 127.0.0.1:``port``."""
    program, *options = STACKS[stack]
    if program == "serve.py":
        return [sys.executable, str(ROOT / program), *options, f"--port={port}", f"--app={target}"]
    if program == "waitress-serve":
        return [str(BIN / program), *options, "--host=127.0.0.1", f"--port={port}", target]
    # gunicorn: no access log (its default), errors only, no config file, no control socket.
    return [
        str(BIN / program),
        *options,
        "--config=/dev/null",
        "--no-control-socket",
        "--log-level=warning",
        "--keep-alive=75",
        f"--bind=127.0.0.1:{port}",
        target,
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One server process; ``with Server(...) as server:`` waits until the app answers."""

    def __init__(self, stack: str, target: str, env: Mapping[str, str], log: Path):
        self.stack, self.target, self.port = stack, target, free_port()
        self.env = {**os.environ, **env}
        self.log = log
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command(self.stack, self.target, self.port),
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.stack} {self.target} stopped; see {self.log}")
            # Ready when the app answers, not when the port is open: gunicorn's master listens
            # before its workers have loaded the app (the first requests would wait for that).
            try:
                urllib.request.urlopen(self.base + "/", timeout=5).close()
                return self
            except urllib.error.HTTPError:
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.stack} {self.target} did not start within 60 s")

    def __exit__(self, *exc) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def cpu_seconds(self) -> float:
        """User + system CPU of the server and every process below it, so far."""
        assert self.process is not None
        return sum(_cpu(pid) for pid in _tree(self.process.pid))


def _children() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            found.setdefault(parent, []).append(int(entry.name))
    return found


def _tree(pid: int) -> list[int]:
    children, pending, found = _children(), [pid], []
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children.get(current, []))
    return found


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
