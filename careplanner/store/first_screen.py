"""The first page of the patient list, read straight from a SQLite file before the store is open.

Opening the store costs a few hundred milliseconds (SQLAlchemy's import, above all). The window is usable
as soon as its patient list is filled, so that list is read first with Python's own sqlite3, read-only; the
store opens right after. Anything unusual (PostgreSQL, no file yet, a schema this version would migrate or
refuse) returns None and the window simply waits for the store.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from careplanner.paths import data_dir
from careplanner.store.records import PatientSummary
from careplanner.store.schema import DATABASE_FILE, HEAD, URL_VARIABLE

FIRST_PAGE_QUERY = "SELECT id, record_number, name, birth_date FROM patients ORDER BY sort_name, id LIMIT ?"


def sqlite_file_of(url: str | None) -> Path | None:
    """The SQLite file a database URL names, without SQLAlchemy; None for anything else."""
    text = url or os.environ.get(URL_VARIABLE)
    if not text:
        return data_dir() / DATABASE_FILE
    prefix = "sqlite:///"
    if not text.startswith(prefix) or "?" in text or text[len(prefix) :] in ("", ":memory:"):
        return None
    return Path(text[len(prefix) :])


def first_patients(url: str | None, limit: int) -> list[PatientSummary] | None:
    path = sqlite_file_of(url)
    if path is None or not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            (version,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            if version != HEAD:
                return None  # the store migrates (or refuses) it first
            rows = connection.execute(FIRST_PAGE_QUERY, (limit,)).fetchall()
        finally:
            connection.close()
        return [
            PatientSummary(id, record, name, dt.date.fromisoformat(born)) for id, record, name, born in rows
        ]
    except (sqlite3.Error, ValueError, TypeError):
        return None
