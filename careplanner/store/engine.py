"""Which database, and a correctly configured engine for it.

Default: one SQLite file in the user's data directory, created on first start and readable only by its owner.
A clinic points every workstation at a shared PostgreSQL server with `--database-url` or
CAREPLANNER_DATABASE_URL (psycopg 3).

SQLite runs in WAL mode with synchronous=FULL: a save reported as done survives a power cut (one sync per
commit; NORMAL makes none, so a power cut could roll back saves already confirmed to the user).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import ConnectionPoolEntry

from careplanner.paths import DATA_DIR_VARIABLE, data_dir, make_owner_only
from careplanner.store.errors import StoreError
from careplanner.store.locking import DatabaseLock, hold_shared
from careplanner.store.schema import DATABASE_FILE, URL_VARIABLE

__all__ = ["DATA_DIR_VARIABLE", "URL_VARIABLE", "create_store_engine", "data_dir", "resolve_url"]

WRITE = "careplanner_write"  # execution option: this transaction will write (SQLite: BEGIN IMMEDIATE)
BUSY_TIMEOUT_MS = 10_000


def default_url() -> str:
    return f"sqlite:///{data_dir() / DATABASE_FILE}"


def resolve_url(explicit: str | None = None) -> URL:
    text = explicit or os.environ.get(URL_VARIABLE) or default_url()
    try:
        url = make_url(text)
    except ArgumentError:
        raise StoreError(
            f'"{_redacted(text)}" is not a database URL (e.g. postgresql://user@host/careplanner)'
        ) from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f'unsupported database "{url.get_backend_name()}": use SQLite or PostgreSQL')
    return url


def _redacted(text: str) -> str:
    head, at, tail = text.rpartition("@")
    return f"{head.split(':')[0]}:***@{tail}" if at and ":" in head.split("//")[-1] else text


def describe(url: URL) -> str:
    """The URL without its password, for messages."""
    return url.render_as_string(hide_password=True)


def is_in_memory(url: URL) -> bool:
    """`sqlite://`, `sqlite:///:memory:`: a database that is gone when the program ends."""
    return url.get_backend_name() == "sqlite" and (
        not url.database or url.database == ":memory:" or url.query.get("mode") == "memory"
    )


def sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or is_in_memory(url):
        return None
    assert url.database is not None  # is_in_memory covers the missing name
    return Path(url.database)


def prepare_sqlite_file(path: Path) -> None:
    """Create the directory (owner only) and an empty database file readable only by its owner.

    Files an older careplanner (or a copy by hand) left readable by others are tightened; the folder too
    when it is careplanner's own data directory (a folder the user chose may hold other things).
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        pass
    else:
        os.close(handle)
    folder = path.parent
    own_folders = [folder / "backups", *([folder] if _is_data_dir(folder) else [])]
    for item in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), *own_folders):
        make_owner_only(item)


def _is_data_dir(folder: Path) -> bool:
    own = data_dir()
    try:
        return folder == own or folder.resolve() == own.resolve()  # the first: the default, no system call
    except OSError:
        return False


def hold_sqlite_file(path: Path) -> DatabaseLock:
    """Mark the database as in use for as long as this process has it open (see locking.py)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return hold_shared(path)


def _on_sqlite_connect(connection: sqlite3.Connection, _: ConnectionPoolEntry) -> None:
    connection.isolation_level = None  # we issue BEGIN ourselves (see _on_sqlite_begin)
    cursor = connection.cursor()
    for pragma in (
        "foreign_keys = ON",
        "journal_mode = WAL",
        "synchronous = FULL",
        f"busy_timeout = {BUSY_TIMEOUT_MS}",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    # A writing transaction takes the write lock at once, so two writers queue instead of deadlocking.
    immediate = connection.get_execution_options().get(WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class _NoRowData(logging.Filter):
    """SQLAlchemy logs result rows at DEBUG level; rows hold patients' data, so they never pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith("Row "))


_ROW_FILTER = _NoRowData()


def _keep_patient_data_out_of_logs() -> None:
    for name in ("sqlalchemy.engine", "sqlalchemy.engine.Engine"):
        logger = logging.getLogger(name)
        if _ROW_FILTER not in logger.filters:
            logger.addFilter(_ROW_FILTER)


def create_store_engine(url: URL) -> Engine:
    """hide_parameters and the row filter: values (patients' data) never reach logs or error messages."""
    _keep_patient_data_out_of_logs()
    path = sqlite_path(url)
    if path is not None:
        prepare_sqlite_file(path)
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, hide_parameters=True, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    return create_engine(url, hide_parameters=True, pool_pre_ping=True, connect_args={"connect_timeout": 10})
