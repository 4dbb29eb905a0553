"""`careplanner import | export | db backup | db restore | db info` from the command line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from careplanner.__main__ import main
from careplanner.resources import examples_dir

EXAMPLE = examples_dir() / "plan-with-problems.careplan.json"


def run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    status = main(["--database-url", url, "--user", "dr.cli", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_import_then_export_round_trips_the_file(
    capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path
) -> None:
    status, out, _ = run(capsys, database_url, "import", str(EXAMPLE))
    assert status == 0 and "Imported plan 1 for a new patient" in out
    target = tmp_path / "out.careplan.json"
    assert run(capsys, database_url, "export", "1", "--plan-json", str(target))[0] == 0
    assert json.loads(target.read_text()) == json.loads(EXAMPLE.read_text())


def test_a_refused_file_changes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    bad = tmp_path / "bad.careplan.json"
    bad.write_text(EXAMPLE.read_text().replace('"start_week": 14', '"start_week": -1'))
    status, out, err = run(capsys, url, "import", str(bad))
    assert (status, out) == (2, "")
    assert "plan.items[4].start_week: -1 is below the minimum of 0" in err
    assert not (tmp_path / "db.sqlite3").exists()  # refused before the database was even opened


def test_exporting_a_missing_plan_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(
        capsys, f"sqlite:///{tmp_path / 'db.sqlite3'}", "export", "7", "--plan-json", str(tmp_path / "x")
    )
    assert status == 4 and "there is no plan with id 7" in err


def test_backup_and_restore(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    run(capsys, url, "import", str(EXAMPLE))
    copy = tmp_path / "copy.sqlite3"
    assert run(capsys, url, "db", "backup", str(copy))[0] == 0
    run(capsys, url, "import", str(EXAMPLE), "--title", "After the backup")
    status, out, _ = run(capsys, url, "db", "restore", str(copy))
    assert status == 0 and "was kept at" in out
    with sqlite3.connect(tmp_path / "db.sqlite3") as connection:
        assert connection.execute("SELECT count(*) FROM plans").fetchone()[0] == 1
    [kept] = tmp_path.glob("db-replaced-by-restore-*.sqlite3")
    with sqlite3.connect(kept) as connection:
        assert (
            connection.execute("SELECT count(*) FROM plans").fetchone()[0] == 2
        )  # nothing lost by restoring
    connection.close()
    assert run(capsys, url, "db", "restore", str(copy))[0] == 0  # restored twice (say, the wrong copy first)
    assert len(list(tmp_path.glob("db-replaced-by-restore-*.sqlite3"))) == 2  # the first kept copy survives


def test_restore_refuses_a_file_that_is_not_a_careplanner_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    run(capsys, url, "import", str(EXAMPLE))
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    status, _, err = run(capsys, url, "db", "restore", str(junk))
    assert status == 4 and "is not a SQLite database" in err
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    assert "is not a careplanner database" in run(capsys, url, "db", "restore", str(other))[2]


def test_backup_of_postgresql_points_to_the_server_tools(
    capsys: pytest.CaptureFixture[str], postgres
) -> None:  # type: ignore[no-untyped-def]
    status, _, err = run(capsys, postgres.new_database(), "db", "backup")
    assert status == 4 and "pg_dump" in err


def test_info(capsys: pytest.CaptureFixture[str], database_url: str) -> None:
    run(capsys, database_url, "import", str(EXAMPLE))
    status, out, _ = run(capsys, database_url, "db", "info")
    assert status == 0 and "Schema version: 0002" in out and "1 patients, 1 plans, 1 revisions" in out
