"""Engine tuning for safe concurrent writes on the embedded SQLite, and write transactions."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import TimeoutError as PoolTimeout

from app.core.extensions import db

#: Execution option that asks for a write transaction (``BEGIN IMMEDIATE`` on SQLite).
WRITE_OPTION = "qk_write"
#: Seconds a write waits for the process's SQLite write lock (the busy timeout's length).
WRITE_WAIT_SECONDS = 30
_write_locks: weakref.WeakKeyDictionary[Engine, threading.RLock] = weakref.WeakKeyDictionary()


def tune_engine(engine: Engine) -> None:
    """Enable WAL with synchronous=FULL, a busy timeout and foreign keys on SQLite only.

    pysqlite's own transaction handling is switched off so that we emit ``BEGIN`` ourselves:
    a write transaction starts with ``BEGIN IMMEDIATE`` and takes the write lock up front,
    which is what keeps concurrent submissions from failing with "database is locked".
    """
    if engine.dialect.name != "sqlite":
        return
    _write_locks[engine] = threading.RLock()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised via engine
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            # FULL syncs the WAL at every commit: an answer acknowledged with 201 survives a
            # power loss or an OS crash (NORMAL may roll it back). Cost: bench/README.md.
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # pragma: no cover - exercised via engine
        immediate = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def write_transaction() -> Iterator[None]:
    """Run the block in one write transaction: committed at the end, rolled back on any error.

    Any read transaction the request had open is ended first, so that the write transaction
    starts fresh (and, on SQLite, holds the write lock from its first statement). On SQLite the
    process's threads also take turns through a lock: a waiting writer then queues in order
    instead of sleeping in SQLite's busy handler, which retries in steps of up to 100 ms.
    """
    session = db.session()
    if session.in_transaction():
        session.commit()
    with _queued():
        session.connection(execution_options={WRITE_OPTION: True})
        try:
            yield
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def write_connection() -> Iterator[Connection]:
    """A Core connection in one write transaction, outside the ORM session (the answer API).

    Committed at the end, rolled back on any error; on SQLite queued like
    :func:`write_transaction`. An answer needs a few plain statements, and the session's
    bookkeeping around them cost more CPU than the statements themselves (bench/README.md).

    Example
    -------
    ``with write_connection() as connection: connection.execute(insert(...), rows)``
    """
    with _queued(), db.engine.connect() as connection:
        connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            yield connection


@contextmanager
def _queued() -> Iterator[None]:
    """On SQLite, wait for this process's write lock (503 after WRITE_WAIT_SECONDS)."""
    lock = _write_locks.get(db.engine)
    if lock is not None and not lock.acquire(timeout=WRITE_WAIT_SECONDS):
        raise PoolTimeout("the database stayed busy with other writes")
    try:
        yield
    finally:
        if lock is not None:
            lock.release()
