"""`db restore` never replaces a database a careplanner has open (its later saves would vanish silently), and
never opens the database it replaces (a damaged one is exactly when a restore is needed).

The lock protocol is tested as other programs see it: a shared flock on `<database>.lock` while open.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from careplanner.__main__ import main
from careplanner.resources import examples_dir
from careplanner.store import PlanContent, Store
from tests.integration.test_migrations import fill_at_first_schema

EXAMPLE = examples_dir() / "plan-with-problems.careplan.json"
HOLD_OPEN = """
import sys
from careplanner.store import PlanContent, Store
store = Store.open(sys.argv[1], "dr.window")
print("open", flush=True)
sys.stdin.readline()
store.close()
"""


def restore(capsys: pytest.CaptureFixture[str], database: Path, backup: Path) -> tuple[int, str]:
    status = main(
        ["--database-url", f"sqlite:///{database}", "--user", "dr.cli", "db", "restore", str(backup)]
    )
    out, err = capsys.readouterr()
    return status, out + err


def a_database_and_a_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    database, backup = tmp_path / "careplanner.sqlite3", tmp_path / "backup.sqlite3"
    url = f"sqlite:///{database}"
    assert main(["--database-url", url, "--user", "dr.cli", "import", str(EXAMPLE)]) == 0
    assert main(["--database-url", url, "--user", "dr.cli", "db", "backup", str(backup)]) == 0
    capsys.readouterr()
    return database, backup


def plan_titles(database: Path) -> list[str]:
    store = Store.open(f"sqlite:///{database}", "check")
    try:
        return [plan.title for plan in store.list_plans(1)]
    finally:
        store.close()


def test_restore_is_refused_while_a_window_has_the_database_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, backup = a_database_and_a_backup(tmp_path, capsys)
    window = Store.open(f"sqlite:///{database}", "dr.window")
    try:
        before = sorted(os.listdir(tmp_path))
        status, message = restore(capsys, database, backup)
        assert status == 4
        assert f"the database {database} is open in careplanner" in message
        assert "Nothing was changed" in message
        assert sorted(os.listdir(tmp_path)) == before  # no copy set aside, nothing replaced
        plan = window.list_plans(1)[0]
        content = PlanContent.of(window.load_revision(plan.id).document)
        window.create_plan(1, content, "Saved after the refused restore")
    finally:
        window.close()
    assert "Saved after the refused restore" in plan_titles(database)  # the window's later save is kept


def test_restore_is_refused_while_another_process_has_the_database_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, backup = a_database_and_a_backup(tmp_path, capsys)
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, f"sqlite:///{database}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdin is not None
    try:
        assert child.stdout.readline().strip() == "open"
        assert restore(capsys, database, backup)[0] == 4
    finally:
        child.stdin.write("\n")
        child.stdin.close()
        child.wait(30)
    assert restore(capsys, database, backup)[0] == 0  # once it has closed, the restore goes ahead


def test_a_careplanner_starting_during_a_restore_waits_until_the_new_file_is_in_place(tmp_path: Path) -> None:
    database = tmp_path / "careplanner.sqlite3"
    Store.open(f"sqlite:///{database}", "t").close()
    restoring = os.open(f"{database}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(restoring, fcntl.LOCK_EX)  # what `db restore` holds while it replaces the file
    threading.Timer(0.5, os.close, [restoring]).start()
    began = time.monotonic()
    store = Store.open(f"sqlite:///{database}", "t")
    store.close()
    assert time.monotonic() - began >= 0.4


def test_a_damaged_database_is_replaced_without_being_opened_and_kept_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, backup = a_database_and_a_backup(tmp_path, capsys)
    damaged = b"SQLite format 3\x00" + b"\xff" * 8000
    database.write_bytes(damaged)
    status, message = restore(capsys, database, backup)
    assert status == 0, message
    [kept] = tmp_path.glob("careplanner-replaced-by-restore-*.sqlite3")
    assert kept.read_bytes() == damaged
    assert plan_titles(database) == ["Imported plan"]


def test_an_older_database_is_replaced_without_being_migrated_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, backup = a_database_and_a_backup(tmp_path, capsys)
    database.unlink()
    fill_at_first_schema(f"sqlite:///{database}")
    assert restore(capsys, database, backup)[0] == 0
    assert not (tmp_path / "backups").exists()  # no pre-migration copy: it was never opened
