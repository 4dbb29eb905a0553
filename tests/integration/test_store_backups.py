"""Backup copies: never two under one name (processes backing up in the same second), never a `.partial`
file left behind, whole or not there at all."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from careplanner.store import Store
from careplanner.store.backup import backup_sqlite, backup_sqlite_dated

if TYPE_CHECKING:
    from multiprocessing.synchronize import Barrier

PROCESSES = 4


def _back_up(url: str, barrier: Barrier) -> None:
    """In a child process: wait for the others, then `careplanner db backup` (a dated name)."""
    from careplanner.__main__ import main

    barrier.wait()
    raise SystemExit(main(["--database-url", url, "db", "backup"]))


def intact(path: Path) -> bool:
    connection = sqlite3.connect(path)
    try:
        return bool(connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
    finally:
        connection.close()


def test_backups_taken_in_the_same_second_each_get_their_own_file(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    Store.open(f"sqlite:///{database}", "t").close()
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    children = [
        context.Process(target=_back_up, args=(f"sqlite:///{database}", barrier)) for _ in range(PROCESSES)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(60)
    assert [child.exitcode for child in children] == [0] * PROCESSES
    copies = sorted((tmp_path / "backups").iterdir())
    assert len(copies) == PROCESSES, [copy.name for copy in copies]
    assert all(copy.name.endswith(".sqlite3") and intact(copy) for copy in copies)


def test_a_failed_backup_leaves_nothing_behind(tmp_path: Path) -> None:
    not_a_database = tmp_path / "notes.sqlite3"
    not_a_database.write_bytes(b"minutes of the team meeting " * 300)
    folder = tmp_path / "copies"
    with pytest.raises(sqlite3.DatabaseError):
        backup_sqlite(not_a_database, folder / "copy.sqlite3")
    with pytest.raises(sqlite3.DatabaseError):
        backup_sqlite_dated(not_a_database, folder, "dated")
    assert list(folder.iterdir()) == []  # no .partial file, no empty file under a real name


def test_a_named_backup_replaces_the_file_only_when_it_is_complete(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    Store.open(f"sqlite:///{database}", "t").close()
    target = tmp_path / "copy.sqlite3"
    target.write_bytes(b"yesterday's copy")
    with pytest.raises(sqlite3.DatabaseError):
        backup_sqlite(tmp_path / "copy.sqlite3", target)  # the source is not a database: nothing replaced
    assert target.read_bytes() == b"yesterday's copy"
    assert backup_sqlite(database, target) == target and intact(target)
