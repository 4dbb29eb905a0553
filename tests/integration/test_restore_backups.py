"""Which backups `db restore` accepts: any file name, read-only media, older schemas; and which it refuses,
changing nothing: a newer schema, a plan that cannot be opened, a file that is no database at all."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

from careplanner.__main__ import main
from careplanner.documents import read_plan_file
from careplanner.resources import examples_dir
from careplanner.store import Store
from careplanner.store.migrate import HEAD

EXAMPLE = examples_dir() / "plan-with-problems.careplan.json"


def url_of(path: Path) -> str:
    return (
        f"sqlite:///{quote(str(path))}"  # in a URL, `?` and `#` and `%` in a name are written %3F, %23, %25
    )


def restore(capsys: pytest.CaptureFixture[str], database: Path, backup: Path) -> tuple[int, str]:
    status = main(["--database-url", url_of(database), "--user", "dr.cli", "db", "restore", str(backup)])
    out, err = capsys.readouterr()
    return status, out + err


def a_database(path: Path, title: str) -> Path:
    store = Store.open(url_of(path), "dr.setup")
    try:
        store.import_document(read_plan_file(EXAMPLE, store.modalities).document, title)
    finally:
        store.close()
    return path


def execute(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    with connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()


def titles(database: Path) -> list[str]:
    store = Store.open(url_of(database), "check")
    try:
        return [plan.title for plan in store.list_plans(1)]
    finally:
        store.close()


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {entry.name: (entry.stat().st_size, entry.stat().st_mtime_ns) for entry in folder.iterdir()}


@pytest.fixture
def live(tmp_path: Path) -> Path:
    return a_database(tmp_path / "live" / "careplanner.sqlite3", "Today's plan")


def assert_refused_unchanged(
    capsys: pytest.CaptureFixture[str], live: Path, backup: Path, expected: str
) -> None:
    before = snapshot(live.parent)
    status, message = restore(capsys, live, backup)
    assert status == 4 and expected in message and "othing was changed" in message, message
    assert snapshot(live.parent) == before


def test_a_backup_from_a_newer_careplanner_is_refused(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = a_database(tmp_path / "newer.sqlite3", "From the future")
    execute(backup, "UPDATE alembic_version SET version_num = '0099'")
    assert_refused_unchanged(capsys, live, backup, "written by a newer version of careplanner (schema 0099)")


def test_a_backup_holding_a_plan_that_cannot_be_opened_is_refused(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = a_database(tmp_path / "broken-plan.sqlite3", "Broken")
    execute(backup, """UPDATE plan_revisions SET content = '{"plan": {"items": "not a list"}}'""")
    assert_refused_unchanged(capsys, live, backup, "revision 1 of plan 1 cannot be read")
    odd = a_database(tmp_path / "odd-patient.sqlite3", "Odd")
    execute(odd, "UPDATE patients SET conditions = 'not json'")
    assert_refused_unchanged(capsys, live, odd, "holds records careplanner cannot read")


def test_a_backup_that_is_missing_a_folder_or_not_a_database_is_refused_plainly(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert_refused_unchanged(capsys, live, tmp_path / "nowhere.sqlite3", "nowhere.sqlite3 does not exist")
    assert_refused_unchanged(capsys, live, tmp_path, "is not a file")
    os.mkfifo(tmp_path / "pipe")  # reading it would never end
    assert_refused_unchanged(capsys, live, tmp_path / "pipe", "is not a file")
    notes = tmp_path / "notes.sqlite3"
    notes.write_bytes(b"minutes of the team meeting " * 300)
    assert_refused_unchanged(capsys, live, notes, "is not a SQLite database")
    other = tmp_path / "other.sqlite3"
    execute(other, "CREATE TABLE t (x)")
    assert_refused_unchanged(capsys, live, other, "is not a careplanner database")


def test_any_file_name_is_accepted_and_no_stray_file_is_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "odd #1 ?x=y %41 folder"
    folder.mkdir()
    database = a_database(folder / "clinic #2 %41.sqlite3", "Today's plan")
    backup = a_database(folder / "back#up ?mode=rw 50% copy.sqlite3", "From the backup")
    before = set(os.listdir(folder))
    status, message = restore(capsys, database, backup)
    assert status == 0, message
    [kept] = set(os.listdir(folder)) - before
    assert kept.startswith("clinic #2 %41-replaced-by-restore-")
    assert titles(database) == ["From the backup"]


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Like a write-protected stick (root ignores the mode, so the test also checks nothing changed there)."""
    folder.chmod(0o555)
    try:
        yield
    finally:
        folder.chmod(0o755)


def test_a_backup_on_read_only_media_with_its_wal_is_restored_whole(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    media = tmp_path / "stick"
    media.mkdir()
    source = a_database(tmp_path / "source.sqlite3", "Saved before the copy")
    writer = sqlite3.connect(source)
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # the next save stays in the -wal file
    with writer:
        writer.execute("UPDATE plans SET title = 'Saved in the wal'")
    for name in ("source.sqlite3", "source.sqlite3-wal"):
        shutil.copy(tmp_path / name, media / name)  # a copy by hand of a database in use
    writer.close()
    before = snapshot(media)
    with read_only(media):
        status, message = restore(capsys, live, media / "source.sqlite3")
    assert status == 0, message
    assert snapshot(media) == before  # nothing written beside the backup (no -shm, no stray file)
    assert titles(live) == ["Saved in the wal"]
    assert stat.S_IMODE(live.stat().st_mode) == 0o600


def test_a_backup_from_an_older_careplanner_is_migrated_on_the_next_start(
    tmp_path: Path, live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = a_database(tmp_path / "older.sqlite3", "From an older version")
    execute(
        backup,
        "DROP TABLE meeting_entries",  # made by 0007
        "DROP TABLE meeting_attendees",
        "DROP TABLE meetings",
        "DROP TABLE plan_signoffs",  # made by 0006
        "DROP TABLE plan_comments",
        "DROP TABLE users",
        "DROP TABLE due_dates",  # made by 0005
        "ALTER TABLE checkins DROP COLUMN goal_progress",
        "ALTER TABLE checkins DROP COLUMN adherence",
        "ALTER TABLE checkins DROP COLUMN side_effects",
        "DROP TABLE database_identity",  # made by 0003
        "ALTER TABLE patients DROP COLUMN crcl_ml_min",  # added by 0004
        "ALTER TABLE treatment_history DROP COLUMN dose_mcg_per_hour",
        "UPDATE alembic_version SET version_num = '0002'",
    )
    assert restore(capsys, live, backup)[0] == 0
    store = Store.open(url_of(live), "t")
    store.close()
    assert store.migration_backup is not None and store.migration_backup.parent == live.parent / "backups"
    with sqlite3.connect(live) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    connection.close()
    assert titles(live) == ["From an older version"]
