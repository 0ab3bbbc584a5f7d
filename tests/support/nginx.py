"""nginx from Debian in front of app processes, with the site file of docs/nginx/ and TLS."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from tests.support.app_process import ROOT, free_port

SITE = ROOT / "docs" / "nginx" / "quartierskompass.conf"
MAIN = """daemon off;
{user}worker_processes 1;
pid {tmp}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
"""


def nginx_binary() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    assert found, "nginx is not installed: run 'make nginx' (make test installs it)"
    return found


def self_signed(tmp: Path) -> tuple[Path, Path]:
    """A certificate for localhost and its key, made with openssl for this test."""
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    command += ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"]
    command += ["-addext", "subjectAltName=DNS:localhost"]
    subprocess.run(command, check=True, capture_output=True)
    return cert, key


def site_config(tmp: Path, port: int, app_ports: list[int], cert: Path, key: Path) -> str:
    """docs/nginx/quartierskompass.conf with this test's ports, certificate and log paths."""
    text = SITE.read_text(encoding="utf-8")
    servers = "\n".join(f"    server 127.0.0.1:{p};" for p in app_ports)
    text = text.replace("    server 127.0.0.1:8001;\n    server 127.0.0.1:8002;", servers)
    replacements = {
        "listen 443 ssl;": f"listen 127.0.0.1:{port} ssl;",
        "/etc/ssl/quartierskompass/cert.pem": str(cert),
        "/etc/ssl/quartierskompass/key.pem": str(key),
        "/var/log/nginx/": f"{tmp}/",
    }
    for old, new in replacements.items():
        assert old in text, f"{SITE.name} no longer has {old!r}"
        text = text.replace(old, new)
    return text


class Nginx:
    """nginx in the foreground on 127.0.0.1:``port`` with TLS, proxying to ``app_ports``."""

    def __init__(self, tmp: Path, app_ports: list[int]):
        self.tmp, self.port = tmp, free_port()
        cert, self.cert = None, None
        cert, key = self_signed(tmp)
        self.cert = cert
        (tmp / "site.conf").write_text(site_config(tmp, self.port, app_ports, cert, key))
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the temp folder
        (tmp / "nginx.conf").write_text(MAIN.format(tmp=tmp, user=user))
        self.access_log = tmp / "quartierskompass.access.log"
        self.error_log = tmp / "quartierskompass.error.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Nginx:
        binary = nginx_binary()
        config = str(self.tmp / "nginx.conf")
        errors = str(self.tmp / "startup.log")
        subprocess.run([binary, "-t", "-p", str(self.tmp), "-c", config, "-e", errors], check=True)
        self.process = subprocess.Popen([binary, "-p", str(self.tmp), "-c", config, "-e", errors])
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.process.poll() is None, Path(errors).read_text()
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise AssertionError("nginx did not start in 20 s")

    def __exit__(self, *exc) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGQUIT)  # graceful: workers finish and write their logs
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
