"""`db restore`: replace a SQLite database with a verified backup, never under a running careplanner.

The live database is never opened (it may be the damaged one being replaced). The backup is only read as
bytes: it is copied to a private file beside the database, and that copy is checked (intact, a careplanner
database of a schema this version knows, every stored plan readable). So a backup on read-only media works,
and nothing is ever written beside it. The exclusive lock (locking.py) is held from start to end: no
careplanner can open the database halfway, and a careplanner that has it open makes the restore refuse.
The database it replaces is moved aside under a dated name nobody has used, byte for byte, damaged or not.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator, Set
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from careplanner.paths import make_owner_only
from careplanner.store.backup import claim_unused_name, connect_file
from careplanner.store.errors import StoreError
from careplanner.store.locking import hold_exclusive
from careplanner.store.plans import first_unreadable_revision
from careplanner.store.schema import KNOWN_REVISIONS

log = logging.getLogger(__name__)  # paths only
SIDE_FILES = ("-wal", "-journal")  # content of a database file that lives beside it
REQUIRED_TABLES = {"alembic_version", "patients", "checkins", "plans", "plan_revisions"}


def restore_sqlite(backup: Path, database: Path, modalities: Set[str]) -> Path | None:
    """Replace `database` with a verified copy of `backup`; returns where the replaced database was kept."""
    _refuse_unusable_file(backup)
    try:
        database.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = hold_exclusive(database)
    except OSError as error:
        raise StoreError(
            f"cannot restore into {database.parent}: {error.strerror or error}; nothing was changed"
        ) from None
    try:
        with _staged_copy(backup, database.parent) as staged:
            _verify(staged, backup, modalities)
            kept = _swap_in(staged, database)
        if kept is not None:
            _fold_in_side_files(kept)
        return kept
    finally:
        lock.release()


def _swap_in(staged: Path, database: Path) -> Path | None:
    """Set the database aside and put the staged copy in its place; on failure, put everything back."""
    try:
        kept = _set_aside(database)
    except OSError as error:
        raise StoreError(
            f"cannot move {database} aside: {error.strerror or error}; nothing was changed"
        ) from None
    try:
        os.replace(staged, database)
    except OSError as error:
        if kept is not None:
            _put_back(kept, database)
        raise StoreError(
            f"cannot replace {database}: {error.strerror or error}; nothing was changed"
        ) from None
    _sync_folder(database.parent)
    return kept


@contextlib.contextmanager
def _staged_copy(backup: Path, folder: Path) -> Iterator[Path]:
    """A private (0600) copy of the backup and its side files, removed again unless moved into place."""
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=".restoring-", suffix=".sqlite3")
    except OSError as error:
        raise _cannot_copy(backup, error) from None
    os.close(handle)
    staged = Path(name)
    try:
        try:
            _copy_bytes(backup, staged)
            for suffix in SIDE_FILES:
                side = Path(f"{backup}{suffix}")
                if side.is_file():
                    _copy_bytes(side, Path(f"{staged}{suffix}"))
        except OSError as error:
            raise _cannot_copy(backup, error) from None
        yield staged
    finally:
        for leftover in (staged, *(Path(f"{staged}{suffix}") for suffix in (*SIDE_FILES, "-shm"))):
            leftover.unlink(missing_ok=True)


def _cannot_copy(backup: Path, error: OSError) -> StoreError:
    return StoreError(
        f"cannot copy {backup} beside the database: {error.strerror or error}; nothing was changed"
    )


def _refuse_unusable_file(backup: Path) -> None:
    try:
        mode = backup.stat().st_mode
    except FileNotFoundError:
        raise StoreError(f"{backup} does not exist; nothing was changed") from None
    except OSError as error:
        raise StoreError(f"cannot read {backup}: {error.strerror or error}; nothing was changed") from None
    if not stat.S_ISREG(mode):  # a folder, a device or a pipe: never read (a pipe never ends)
        raise StoreError(f"{backup} is not a file; nothing was changed")


def _copy_bytes(source: Path, target: Path) -> None:
    with source.open("rb") as reading, target.open("wb") as writing:
        shutil.copyfileobj(reading, writing, 1 << 20)
        writing.flush()
        os.fsync(writing.fileno())


def _verify(staged: Path, shown: Path, modalities: Set[str]) -> None:
    """Refuse a copy that is not an intact careplanner database this version can open; `shown` names it."""
    try:
        connection = connect_file(staged)
        try:
            _check_structure(connection, shown)
            connection.execute("PRAGMA journal_mode = DELETE")  # fold any -wal in: one self-contained file
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{shown} is not a SQLite database ({error}); nothing was changed") from None
    _check_plans(staged, shown, modalities)


def _check_structure(connection: sqlite3.Connection, shown: Path) -> None:
    integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if integrity != "ok":
        raise StoreError(f"{shown} is damaged ({integrity}); nothing was changed")
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    version = None
    if tables >= REQUIRED_TABLES:
        version = connection.execute("SELECT max(version_num) FROM alembic_version").fetchone()[0]
    if version is None:
        raise StoreError(f"{shown} is not a careplanner database; nothing was changed")
    if version not in KNOWN_REVISIONS:
        raise StoreError(
            f"{shown} was written by a newer version of careplanner (schema {version}); install that "
            "version to restore it. Nothing was changed."
        )


def _check_plans(staged: Path, shown: Path, modalities: Set[str]) -> None:
    engine = create_engine("sqlite://", creator=lambda: connect_file(staged), hide_parameters=True)
    try:
        with Session(engine) as session:
            problem = first_unreadable_revision(session, modalities)
    except DBAPIError as error:  # tables of the right names but not careplanner's columns
        raise StoreError(
            f"{shown} is not a careplanner database ({type(error.orig).__name__}); nothing was changed"
        ) from None
    except Exception as error:  # a value no careplanner wrote: whatever it is, this copy cannot be opened
        raise StoreError(
            f"{shown} holds records careplanner cannot read ({type(error).__name__}); nothing was changed"
        ) from None
    finally:
        engine.dispose()
    if problem is not None:
        raise StoreError(f"{shown} holds a plan that cannot be opened ({problem}); nothing was changed")


def _set_aside(database: Path) -> Path | None:
    """Move the current database (and its uncheckpointed -wal) to a dated, unused name beside it."""
    if not database.exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = claim_unused_name(database.parent, f"{database.stem}-replaced-by-restore-{stamp}")
    try:
        _move_with_side_files(database, kept)
    except OSError:
        if database.exists():
            kept.unlink()  # nothing was moved: give the claimed name back
        else:
            _put_back(kept, database)
        raise
    Path(f"{database}-shm").unlink(missing_ok=True)  # an index of the -wal, rebuilt from it when needed
    make_owner_only(kept)
    return kept


def _put_back(kept: Path, database: Path) -> None:
    _move_with_side_files(kept, database)


def _move_with_side_files(source: Path, target: Path) -> None:
    os.replace(source, target)
    for suffix in SIDE_FILES:
        side = Path(f"{source}{suffix}")
        if side.exists():
            os.replace(side, f"{target}{suffix}")


def _fold_in_side_files(kept: Path) -> None:
    """Make the kept copy one file if SQLite can; a damaged one stays as it was, with its -wal beside it."""
    if not any(Path(f"{kept}{suffix}").exists() for suffix in SIDE_FILES):
        return
    try:
        connection = connect_file(kept)
        try:
            connection.execute("PRAGMA journal_mode = DELETE")
        finally:
            connection.close()
    except sqlite3.Error as error:
        log.warning("the replaced database was kept with its -wal file beside it (%s)", type(error).__name__)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut (POSIX: the folder's entry is data too)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder; its renames are journaled by NTFS
    try:
        os.fsync(handle)
    except OSError as error:
        log.warning("cannot sync the database folder: %s", error.strerror or type(error).__name__)
    finally:
        os.close(handle)
