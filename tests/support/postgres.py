"""Start a throw-away PostgreSQL server for the test session (initdb + pg_ctl in a temp dir)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def bindir() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    raise PostgresUnavailable(
        "PostgreSQL is not installed: run 'make test' (it installs it) or "
        "'apt-get install postgresql', or set QK_TEST_BACKENDS=sqlite."
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TemporaryPostgres:
    """A PostgreSQL cluster in a temporary directory, listening on 127.0.0.1 only.

    Tests run it without fsync (nothing needs to survive a crash of the machine); ``durable=True``
    keeps PostgreSQL's defaults, for benchmarks that compare the cost of a commit.
    """

    def __init__(self, durable: bool = False) -> None:
        self.durable = durable
        self.bindir = bindir()
        self.root = Path(tempfile.mkdtemp(prefix="qk-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        # initdb refuses to run as root: use the postgres system user when we are root.
        self.run_as = "postgres" if os.geteuid() == 0 else None

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def start(self) -> str:
        if self.run_as:
            shutil.chown(self.root, self.run_as)
        self._run(
            "initdb", "-D", str(self.data), "-U", "qk", "-A", "trust", "-E", "UTF8", "--no-sync"
        )
        options = f"-k {self.root} -p {self.port} -c listen_addresses=127.0.0.1"
        if not self.durable:
            options += " -F -c fsync=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        )
        self._run(
            "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "qk", "quartierskompass_test"
        )
        return f"postgresql+psycopg://qk@127.0.0.1:{self.port}/quartierskompass_test"

    def halt(self) -> None:
        """Stop the server as a crash or an upgrade would, keeping its data for ``resume``."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def resume(self) -> None:
        """Start a halted server again on the same port with the same data."""
        options = f"-k {self.root} -p {self.port} -c listen_addresses=127.0.0.1"
        if not self.durable:
            options += " -F -c fsync=off"
        log = str(self.root / "log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
