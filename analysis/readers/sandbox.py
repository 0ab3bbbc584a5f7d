"""Run a reader on an untrusted file in a short-lived worker process with hard limits.

The worker is forked from a ``forkserver`` that has the readers' libraries loaded (30–50 ms
a file instead of about a second for a fresh interpreter; ``bench/uploads.py``). Before it
reads, the worker works in a temporary folder of its own, takes limits on CPU seconds, address space
and file size (``resource.setrlimit``), leaves the network where the kernel allows a network
namespace, and confines GDAL (:func:`analysis.readers.gdal.confine_gdal`). The parent waits at
most ``WORKER_SECONDS`` of wall-clock time, then kills it.

The worker sends back JSON only (never a pickle), so the parent parses nothing a hostile file
could shape beyond plain numbers and strings. A worker that dies, runs out of memory or time
becomes an :class:`~analysis.readers.errors.InputFileError` with its own sentence.
"""

from __future__ import annotations

import ctypes
import json
import logging
import multiprocessing
import os
import resource
import signal
import tempfile
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from analysis.readers import limits
from analysis.readers.errors import N_, InputFileError
from analysis.readers.gdal import confine_gdal

__all__ = ["PRELOAD", "run"]

logger = logging.getLogger(__name__)
#: Modules the forkserver loads once, so that each worker starts in milliseconds. With
#: ``__main__`` among them, workers do not import the main script (pytest, waitress) again.
PRELOAD = [
    "__main__",
    "pyogrio",
    "pyproj.network",
    "openpyxl",
    "analysis.readers.gdal",
    "analysis.readers.isolated",
]
_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000
_context: multiprocessing.context.ForkServerContext | None = None


def _forkserver() -> multiprocessing.context.ForkServerContext:
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        _context = context
    return _context


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _leave_network() -> bool:
    """Enter a network namespace of our own (no interfaces at all), where the kernel allows."""
    libc = ctypes.CDLL(None, use_errno=True)
    attempts = (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET)  # as root, else unprivileged
    return any(libc.unshare(flags) == 0 for flags in attempts)


def _confine(folder: str, seconds: int, memory: int) -> None:
    os.chdir(folder)
    tempfile.tempdir = os.environ["TMPDIR"] = folder
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    written = limits.MAX_UNPACKED_BYTES + limits.MAX_GEODATA_BYTES
    resource.setrlimit(resource.RLIMIT_FSIZE, (written, written))
    space = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (space, space))
    _leave_network()
    confine_gdal()


def _child(
    send: Connection, folder: str, seconds: int, memory: int, function: Callable, path: str,
    args: tuple, kwargs: dict,
) -> None:  # fmt: skip
    try:
        _confine(folder, seconds, memory)
        payload = json.dumps({"ok": function(path, *args, **kwargs)})
    except InputFileError as exc:
        payload = json.dumps({"error": exc.to_plain()})
    except MemoryError:
        payload = json.dumps({"limit": "memory"})
    except Exception as exc:  # noqa: BLE001 - the parent turns it into one sentence
        payload = json.dumps({"failed": type(exc).__name__})
    send.send_bytes(payload.encode())
    send.close()


def _too_much(path: str, what: str, seconds: int, memory: int) -> InputFileError:
    if what == "time":
        return InputFileError(
            path, N_("reading the file took longer than %(seconds)s seconds; the file is too "
                     "big or too complex."), seconds=seconds,
        )  # fmt: skip
    if what == "memory":
        return InputFileError(
            path, N_("reading the file needed more than %(mb)s MB of memory; the file is too "
                     "big or too complex."), mb=memory // limits.MB,
        )  # fmt: skip
    return InputFileError(
        path, N_("reading the file stopped unexpectedly; the file is too big or too complex.")
    )


def _receive(receive: Connection, seconds: int) -> dict | str:
    if not receive.poll(seconds):
        return "time"
    try:
        return json.loads(receive.recv_bytes(limits.MAX_RESULT_BYTES))
    except (EOFError, OSError, ValueError):
        return "died"


def run(
    function: Callable[..., Any],
    path: str | os.PathLike,
    *args: Any,
    fallback: str = N_("the file cannot be read."),
    seconds: int = limits.WORKER_SECONDS,
    memory: int = limits.WORKER_MEMORY_BYTES,
    **kwargs: Any,
) -> Any:
    """``function(path, *args, **kwargs)`` in a confined worker; returns its JSON result.

    ``function`` must be importable by name (a module-level function) and return data that
    ``json`` can write. Its InputFileError is raised here again; any other failure of the
    worker becomes an InputFileError with ``fallback`` or a sentence on the exceeded limit.

    Examples
    --------
    >>> import analysis
    >>> from analysis.readers.isolated import read_area_preview
    >>> data = analysis.__path__[0] + "/../tests/data/quartiere.geojson"
    >>> run(read_area_preview, data, {})["fields"]
    ['Nr', 'Name', 'EW']
    """
    context = _forkserver()
    path = str(path)
    receive, send = context.Pipe(duplex=False)
    with tempfile.TemporaryDirectory(prefix="qk-worker-") as folder:
        worker = context.Process(
            target=_child,
            args=(send, folder, seconds, memory, function, path, args, kwargs),
            daemon=True,
        )
        worker.start()
        send.close()
        outcome: dict | str = "died"
        try:
            outcome = _receive(receive, seconds)
        finally:
            receive.close()
            if outcome != "time":  # a worker that answered or died is ending by itself
                worker.join(timeout=5)
            if worker.is_alive():
                worker.kill()
            worker.join()
    if isinstance(outcome, dict) and "ok" in outcome:
        return outcome["ok"]
    if isinstance(outcome, dict) and "error" in outcome:
        raise InputFileError.from_plain(outcome["error"])
    if isinstance(outcome, dict) and "failed" in outcome:
        # Our bug or GDAL's, not the user's: keep the kind (never the content) for the admin.
        logger.error("The upload worker failed with %s.", outcome["failed"])
        raise InputFileError(path, fallback)
    if outcome == "died" and worker.exitcode == -signal.SIGXCPU:
        outcome = "time"
    elif outcome == "died" and worker.exitcode == -signal.SIGKILL:
        outcome = "memory"  # the kernel's out-of-memory killer
    what = outcome.get("limit", "died") if isinstance(outcome, dict) else outcome
    raise _too_much(path, what, seconds, memory)
