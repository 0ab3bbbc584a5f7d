"""``serve.py`` as `make run` and the deployment start it: gunicorn's threaded worker.

A real process on a real port: what it logs about a client, which headers it believes, and what
it opens besides its port.
"""

from __future__ import annotations

import gc
import os
import socket
import subprocess
import sys
import time
import urllib.request
from types import SimpleNamespace

import pytest
from flask import Flask

import serve
from app.core import serverlog
from tests.support.app_process import ROOT, AppProcess, free_port
from tests.support.bulk_answers import add_random_answers

#: Requests gunicorn refuses before the app sees them; it logs each with the client's address.
MALFORMED = (b"GARBAGE \x01 HTTP/1.1\r\n\r\n", b"GET / HTTP/1.1\r\nHost: x\r\nNo colon\r\n\r\n")
CLIENT = "127.0.0.1"


def send_malformed(port: int) -> None:
    for raw in MALFORMED:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(raw)
            assert sock.recv(64).startswith(b"HTTP/1.1 400")


def client_lines(text: str) -> list[str]:
    """The log lines that are not the server's own listen notice."""
    return [line for line in text.splitlines()
            if not any(notice in line for notice in serverlog.LISTEN_NOTICES)]  # fmt: skip


def get(url: str, headers: dict[str, str] | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as reply:
        return reply.status, reply.headers


@pytest.fixture
def home(tmp_path, monkeypatch):
    """An empty $HOME for the server: gunicorn ≥ 25 would put its control socket there."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    return folder


def test_the_server_logs_a_malformed_request_without_the_clients_address(
    database_url, tmp_path, home
):
    log = tmp_path / "serve.log"
    with AppProcess(database_url, log) as server:
        send_malformed(server.port)
        status, headers = get(server.base + "/", {"X-Forwarded-Proto": "https"})
        assert status == 200
        # Nobody named a proxy: a client's claim of https is not believed (no HSTS).
        assert "Strict-Transport-Security" not in headers
    text = log.read_text()
    assert "Listening at: " in text  # gunicorn served this, and said where
    assert text.count("Invalid request from ip=" + serverlog.REMOVED) == len(MALFORMED), text
    assert CLIENT not in "\n".join(client_lines(text)), text
    # No control socket beside the port (matplotlib and fontconfig keep caches in $HOME).
    assert not (home / ".gunicorn").exists()
    assert [path for path in home.rglob("*") if path.is_socket()] == []


def test_without_the_filter_gunicorn_names_the_client(tmp_path):
    """The check above would see a leak: gunicorn on its own logs the address."""
    port, log = free_port(), tmp_path / "bare.log"
    command = [sys.executable, "-m", "gunicorn", "--config=/dev/null", "--no-control-socket",
               f"--bind=127.0.0.1:{port}", "bench.bare:app"]  # fmt: skip
    database = f"sqlite:///{tmp_path / 'bare.sqlite3'}"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, "BARE_DATABASE_URL": database})  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "Booting worker" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)
        send_malformed(port)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert f"Invalid request from ip={CLIENT}" in log.read_text()


def test_behind_a_proxy_the_app_believes_the_proxy_on_this_machine(database_url, tmp_path, home):
    """``--behind-proxy`` means QK_PROXY_FIX=1: nginx's X-Forwarded-Proto from 127.0.0.1 counts."""
    with AppProcess(database_url, tmp_path / "proxied.log", "--behind-proxy") as server:
        status, headers = get(server.base + "/", {"X-Forwarded-Proto": "https"})
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=")


def test_behind_a_proxy_it_listens_on_this_machine_only():
    result = subprocess.run(
        [sys.executable, str(ROOT / "serve.py"), "--behind-proxy", "--host", "0.0.0.0"],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 2
    assert "--behind-proxy listens on this machine only" in result.stderr


def test_workers_and_threads_are_the_defaults_unless_asked():
    assert serve.settings(serve.options([]))["threads"] == serve.GUNICORN["threads"] == 8
    chosen = serve.settings(serve.options(["--workers", "2", "--threads", "4"]))
    assert (chosen["workers"], chosen["threads"]) == (2, 4)


@pytest.fixture
def unfrozen():
    """``serve.warm`` freezes what this test process has loaded; thaw it again afterwards."""
    yield
    gc.unfreeze()


def test_each_worker_warms_the_results_of_our_app_and_only_ours(app, survey, unfrozen):
    """gunicorn calls ``post_worker_init`` in each worker once it has loaded the app."""
    assert serve.settings(serve.options([]))["post_worker_init"] is serve.warm
    with app.app_context():
        add_random_answers(survey.campaign_id, 20, seed=5)
    app.config["QK_WARM_RESULTS"] = True
    thread = serve.warm(SimpleNamespace(wsgi=app))
    assert thread is not None
    thread.join(timeout=60)
    with app.app_context():
        assert len(app.extensions["qk_result_cache"].entries.get("exports", {})) == 1
    assert serve.warm(SimpleNamespace(wsgi=Flask("bare"))) is None


PROBE = """
import gc
from flask import Flask

app = Flask(__name__)


@app.get("/")
def frozen():
    return str(gc.get_freeze_count())
"""


def test_each_worker_keeps_what_it_loaded_out_of_the_garbage_collectors_way(tmp_path, home):
    """A full collection scans every object that is not frozen while no request runs
    (bench/README.md: 0.14–0.19 s with the app loaded, the p99 of answers at 16 clients)."""
    (tmp_path / "frozen_probe.py").write_text(PROBE)
    port, log = free_port(), tmp_path / "probe.log"
    command = [sys.executable, "serve.py", f"--port={port}", "--app=frozen_probe:app"]
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        deadline, frozen = time.monotonic() + 60, None
        while frozen is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
                    frozen = int(reply.read())
            except OSError:
                time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert frozen is not None, log.read_text()
    # Flask, werkzeug and gunicorn alone are tens of thousands of objects.
    assert frozen > 10_000, frozen
