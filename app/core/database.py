"""Engine tuning for safe concurrent writes on the embedded SQLite, and write transactions."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
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


#: The dialects :class:`DriverText` compiles for, by the engine's dialect name.
_DRIVER_DIALECTS = {"sqlite": sqlite.dialect, "postgresql": postgresql.psycopg.dialect}
#: The engines' dialect names the app runs on.
BACKENDS = tuple(_DRIVER_DIALECTS)


class DriverText:
    """A statement compiled once to the driver's own SQL text, for :func:`run_on_driver`.

    ``backend`` is the engine's dialect name (``"sqlite"``: sqlite3's ``?`` marks,
    ``"postgresql"``: psycopg's ``%(name)s``). :meth:`values` gives a row's parameters as the
    text wants them – a tuple in the text's order for sqlite3, a dict for psycopg – converted by
    their types (on SQLite a date becomes the text SQLAlchemy stores for it) and, for an INSERT,
    with the own default of each column the row leaves out (``names`` are the columns the rows
    give); :meth:`row` converts a result row back.

    Example
    -------
    ``text = DriverText(insert(Rating.__table__), ("response_id", "theme_id", "score"))``
    """

    def __init__(self, statement: Any, names: tuple[str, ...] = (), backend: str = "sqlite"):
        dialect = _DRIVER_DIALECTS[backend]()
        compiled = statement.compile(dialect=dialect, column_keys=list(names) or None)
        if compiled.escaped_bind_names:
            raise ValueError(f"names the driver cannot take: {compiled.escaped_bind_names}")
        self.sql: str = compiled.string
        self.positional = bool(compiled.positional)
        self.order = tuple(compiled.positiontup or ()) if self.positional else tuple(compiled.binds)
        table = getattr(statement, "table", None)
        self.defaults = {}
        for name in self.order:
            if names and name not in names and table is not None:
                default = table.c[name].default
                if default is None or not default.is_scalar:
                    raise ValueError(f"{table.name}.{name}: not given and no fixed default")
                self.defaults[name] = default.arg
        convert = {
            name: compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in self.order
        }
        self.convert = {name: change for name, change in convert.items() if change is not None}
        selected = getattr(statement, "selected_columns", ())
        self.results = [
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in selected
        ]

    def values(self, row: dict[str, Any]) -> tuple | dict[str, Any]:
        """``row``'s parameters as :attr:`sql` takes them."""
        row = {**row, **self.defaults}
        for name, change in self.convert.items():
            row[name] = change(row[name])
        if self.positional:
            return tuple(row[name] for name in self.order)
        return {name: row[name] for name in self.order}

    def row(self, found: tuple) -> list[Any]:
        """A result row of :attr:`sql` with each value as its column's type reads it."""
        pairs = zip(self.results, found, strict=True)
        return [value if change is None else change(value) for change, value in pairs]


def run_on_driver(connection: Connection, sql: str, params: Any, *, many: bool = False) -> Any:
    """Run ``sql`` (the driver's own SQL text and parameters) on the database connection under
    ``connection``, inside its transaction; the driver's cursor.

    For the few statements of every answer (:mod:`app.services.answer_store`): SQLAlchemy's
    execution around a statement – its context, result object and parameter handling – costs
    more CPU than the driver needs to send it (bench/README.md, "An answer on sqlite3's own
    cursor" and "… on psycopg's own cursor"). What stays as with ``connection.execute``: the
    engine's ``before_cursor_execute`` listeners hear the statement (the tests' and the
    benchmark's statement counts), and a driver error goes through SQLAlchemy's own handling
    (``Connection._handle_dbapi_exception``): raised as SQLAlchemy's class (an
    ``OperationalError`` still answers 503 with Retry-After), and a lost connection to
    PostgreSQL is thrown out of the pool, not handed to the next request.

    Example
    -------
    ``run_on_driver(connection, "INSERT INTO rating (…) VALUES (?, ?)", rows, many=True)``
    """
    cursor = connection.connection.driver_connection.cursor()
    announce = connection.dispatch.before_cursor_execute
    if announce:
        announce(connection, cursor, sql, params, None, many)
    try:
        if many:
            cursor.executemany(sql, params)
        else:
            cursor.execute(sql, params)
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy's handling decides, as in execute()
        connection._handle_dbapi_exception(exc, sql, params, cursor, None)  # noqa: SLF001
    return cursor


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
