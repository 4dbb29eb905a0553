"""Who has a SQLite database open. Every careplanner holds a shared lock on `<database>.lock` for as long
as it has the database open; `db restore` needs the exclusive lock and keeps it until the new file is in
place.

A file replaced under a running program is lost to it: the program keeps writing into the old, unlinked file
and reports success. The lock makes a restore refuse instead, and makes a careplanner that starts during a
restore wait until the new file is in place.

The locks are flock(2) locks: the system drops them when the process ends, however it ends, so a crash never
leaves a stale lock. The lock file itself is never removed (removing it would let two processes lock two
different files). On Windows there is no flock; there the system itself refuses to replace an open file.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path

from careplanner.store.errors import StoreError

LOCK_SUFFIX = ".lock"
WAIT_FOR_RESTORE_SECONDS = 10.0
POLL_SECONDS = 0.05


class DatabaseInUse(StoreError):
    """Another careplanner has the database open; nothing was changed."""


def lock_file_of(database: Path) -> Path:
    return database.with_name(database.name + LOCK_SUFFIX)


if sys.platform == "win32":

    def _try_lock(handle: int, exclusive: bool) -> bool:
        return True

else:
    import fcntl

    def _try_lock(handle: int, exclusive: bool) -> bool:
        kind = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(handle, kind | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


class DatabaseLock:
    """A lock held on a database's lock file until `release` (or the end of the process)."""

    def __init__(self, handle: int | None) -> None:
        self._handle = handle  # None: a read-only folder, where no restore can replace the file either

    def release(self) -> None:
        if self._handle is not None:
            os.close(self._handle)  # closing the file drops the lock
            self._handle = None


def _open_lock_file(database: Path) -> int:
    return os.open(lock_file_of(database), os.O_RDWR | os.O_CREAT, 0o600)


def _open_lock_file_to_share(database: Path) -> int | None:
    """The lock file, even in a folder we may not write to (a lock needs no write access)."""
    try:
        return _open_lock_file(database)
    except OSError as error:
        if error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
    try:
        return os.open(lock_file_of(database), os.O_RDONLY)
    except FileNotFoundError:
        return None


def hold_shared(database: Path, wait: float = WAIT_FOR_RESTORE_SECONDS) -> DatabaseLock:
    """Mark the database as open; while a restore replaces it, wait (at most `wait` seconds) for the end."""
    handle = _open_lock_file_to_share(database)
    deadline = time.monotonic() + wait
    while handle is not None and not _try_lock(handle, exclusive=False):
        if time.monotonic() > deadline:
            os.close(handle)
            raise StoreError(
                f"the database {database} is being restored from a backup by another careplanner; "
                "try again when the restore has finished"
            )
        time.sleep(POLL_SECONDS)
    return DatabaseLock(handle)


def hold_exclusive(database: Path) -> DatabaseLock:
    """The database to oneself, or DatabaseInUse at once if any careplanner has it open."""
    handle = _open_lock_file(database)
    if not _try_lock(handle, exclusive=True):
        os.close(handle)
        raise DatabaseInUse(
            f"the database {database} is open in careplanner (a window or a command): "
            "close every careplanner that uses it, then restore again. Nothing was changed."
        )
    return DatabaseLock(handle)
