"""Jobs for the upload worker in tests: each misbehaves the way a hostile file could make a
parser misbehave (loop, hoard memory, crash, write without end, phone home)."""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path


def sleep(path: str, marker: str) -> None:
    """Note the worker's folder in ``marker``, then wait for ever."""
    Path(marker).write_text(os.getcwd(), encoding="utf-8")
    while True:
        time.sleep(1)


def spin(path: str) -> None:
    """Burn CPU for ever."""
    while True:
        pass


def hoard(path: str) -> int:
    """Take memory until the worker has none left."""
    blocks = []
    while True:
        blocks.append(bytearray(64 * 1024 * 1024))
        if len(blocks) > 48:  # 3 GB: more than any limit the tests set
            return len(blocks)


def crash(path: str) -> None:
    """Die as a C library would on a bad pointer."""
    os.kill(os.getpid(), signal.SIGSEGV)


def write_far(path: str) -> None:
    """Write one byte far beyond the size a worker may write."""
    with open("far.bin", "wb") as stream:
        stream.seek(2**40)
        stream.write(b"x")


def connect(path: str, port: int) -> str:
    """Try to reach a local TCP port."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError as exc:
        return type(exc).__name__
    return "connected"


def where(path: str) -> dict:
    """The worker's folder and what its GDAL can do."""
    from analysis.readers.gdal import gdal_state

    return {"folder": os.getcwd(), **gdal_state()}


def open_with_gdal(path: str) -> str:
    """Ask the worker's GDAL to open ``path`` itself, as the old importer did."""
    import pyogrio

    try:
        pyogrio.read_info(path)
    except Exception as exc:  # noqa: BLE001 - the test wants to see that it failed
        return type(exc).__name__
    return "opened"
