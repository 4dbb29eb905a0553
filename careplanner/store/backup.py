"""Consistent copies of a SQLite database (online backup API), and restoring one safely."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from careplanner.store.errors import StoreError


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy a live database consistently (other connections may keep working); the copy is owner-only."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    handle = os.open(partial, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(handle)
    with sqlite3.connect(source) as origin, sqlite3.connect(partial) as copy:
        origin.backup(copy)
    copy.close()
    origin.close()
    os.replace(partial, target)
    return target


def _unused_name(database: Path, purpose: str) -> Path:
    """A dated name beside the database that no earlier copy has: a second restore keeps the first's copy."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = database.with_name(f"{database.stem}-{purpose}-{stamp}.sqlite3")
    number = 1
    while candidate.exists():
        number += 1
        candidate = database.with_name(f"{database.stem}-{purpose}-{stamp}-{number}.sqlite3")
    return candidate


def verify_careplanner_database(path: Path) -> None:
    """Refuse a file that is not an intact careplanner database."""
    if not path.is_file():
        raise StoreError(f"{path} does not exist")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        connection.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path} is not a SQLite database ({error})") from None
    if integrity != "ok":
        raise StoreError(f"{path} is damaged: {integrity}")
    if not {"alembic_version", "patients", "plans"} <= tables:
        raise StoreError(f"{path} is not a careplanner database")


def restore_sqlite(backup: Path, database: Path) -> Path:
    """Replace the database with a verified backup; the current database is kept as a backup first."""
    verify_careplanner_database(backup)
    kept = None
    if database.exists():
        kept = backup_sqlite(database, _unused_name(database, "replaced-by-restore"))
    staged = database.with_name(database.name + ".restoring")
    backup_sqlite(backup, staged)
    for suffix in ("-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    os.replace(staged, database)
    return kept or database
