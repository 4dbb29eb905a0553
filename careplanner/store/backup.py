"""Consistent copies of a SQLite database (online backup API), readable only by their owner.

A copy is written to a `.partial` file and renamed into place when complete, so a copy under its real name is
always whole; the `.partial` file is removed if the copy fails. Dated names are claimed with O_EXCL, so two
processes backing up in the same second never write to the same file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from careplanner.paths import private_dir


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy a live database consistently (other connections may keep working) to `target`, replacing it."""
    if target.parent.exists() and not target.parent.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(target.parent))
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # a folder the user named: left as it is
    _write_complete(target, lambda partial: _copy_database(source, partial))
    return target


def backup_sqlite_dated(source: Path, folder: Path, name: str, stamp_format: str = "%Y%m%d-%H%M%S") -> Path:
    """Copy a live database to `folder/<name>-<date and time>.sqlite3` under a name no other file has.

    `folder` is careplanner's own (backups/): made, or tightened, to owner-only.
    """
    target = claim_unused_name(private_dir(folder), f"{name}-{dt.datetime.now().strftime(stamp_format)}")
    try:
        _write_complete(target, lambda partial: _copy_database(source, partial))
    except BaseException:
        target.unlink(missing_ok=True)  # the empty file that claimed the name
        raise
    return target


def claim_unused_name(folder: Path, stem: str, suffix: str = ".sqlite3") -> Path:
    """Create an empty owner-only file under a name nobody has used; -2, -3… when the name is taken."""
    number = 1
    while True:
        candidate = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            number += 1
            continue
        return candidate


def _write_complete(target: Path, write: Callable[[Path], None]) -> None:
    """Let `write` fill a private `.partial` file beside `target`, then move it into place in one step."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-", suffix=".partial")
    os.close(handle)  # mkstemp makes it 0600 and unique
    partial = Path(name)
    try:
        write(partial)
        os.replace(partial, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        for leftover in ("-journal", "-wal", "-shm"):
            Path(f"{partial}{leftover}").unlink(missing_ok=True)


def connect_file(path: Path, mode: str = "rw") -> sqlite3.Connection:
    """Open an existing file (never create one). as_uri(): a `#` or `?` in the name stays part of the name."""
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode={mode}", uri=True)


def _copy_database(source: Path, partial: Path) -> None:
    origin = connect_file(source)
    try:
        copy = connect_file(partial)
        try:
            origin.backup(copy)
        finally:
            copy.close()
    finally:
        origin.close()
