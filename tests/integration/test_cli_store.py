"""`careplanner import | export | db backup | db restore | db info` from the command line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from careplanner.__main__ import main
from careplanner.resources import examples_dir
from careplanner.store import Store
from careplanner.store.migrate import HEAD

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
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    Store.open(url, "setup").close()  # a missing database file is refused before any plan is looked for
    status, _, err = run(capsys, url, "export", "7", "--plan-json", str(tmp_path / "x"))
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


def test_backup_and_restore_of_postgresql_point_to_the_server_tools(
    capsys: pytest.CaptureFixture[str], postgres, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    url = postgres.new_database()
    for command in (("db", "backup"), ("db", "restore", str(tmp_path / "x.sqlite3"))):
        status, _, err = run(capsys, url, *command)
        assert status == 4 and "pg_dump" in err and "pg_restore" in err


def test_info(capsys: pytest.CaptureFixture[str], database_url: str) -> None:
    run(capsys, database_url, "import", str(EXAMPLE))
    status, out, _ = run(capsys, database_url, "db", "info")
    assert status == 0 and f"Schema version: {HEAD}" in out and "1 patients, 1 plans, 1 revisions" in out


def refused_arguments(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> str:
    """argparse refuses with exit status 2 and a message naming the argument."""
    with pytest.raises(SystemExit) as stopped:
        main(["--database-url", url, *args])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("99999999999999999999",), 'argument ID: "99999999999999999999" is not a plan id'),
        (("0",), 'argument ID: "0" is not a plan id'),
        (("1", "--revision", "0"), 'argument --revision: "0" is not a revision number'),
        (("1", "--revision", "-3"), 'argument --revision: "-3" is not a revision number'),
        (("1", "--revision", "1" * 5000), "is not a revision number"),
        (("seven",), 'argument ID: "seven" is not a plan id'),
    ],
)
def test_ids_and_revision_numbers_that_cannot_exist_are_refused_by_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...], named: str
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    err = refused_arguments(capsys, url, "export", *args, "--plan-json", str(tmp_path / "out.json"))
    assert named in err and len(err) < 1000
    assert not (tmp_path / "db.sqlite3").exists()  # refused before the database was opened


def test_the_largest_id_a_database_holds_is_simply_not_found(
    capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path
) -> None:
    run(capsys, database_url, "import", str(EXAMPLE))
    status, _, err = run(capsys, database_url, "export", str(2**63 - 1), "--plan-json", str(tmp_path / "x"))
    assert status == 4 and f"there is no plan with id {2**63 - 1}" in err
    status, _, err = run(
        capsys, database_url, "export", "1", "--revision", "9", "--plan-json", str(tmp_path / "x")
    )
    assert status == 4 and "plan 1 has no revision 9" in err


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
@pytest.mark.parametrize(
    "command", [("import", str(EXAMPLE)), ("db", "backup"), ("db", "restore", "x"), ("db", "info")]
)
def test_an_in_memory_database_is_refused_because_it_keeps_nothing(
    capsys: pytest.CaptureFixture[str], url: str, command: tuple[str, ...]
) -> None:
    status, out, err = run(capsys, url, *command)
    assert (status, out) == (4, "")
    assert "is an in-memory database, which keeps nothing" in err and "Nothing was done" in err


def test_a_backup_to_a_place_that_cannot_be_written_is_told_plainly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    run(capsys, url, "import", str(EXAMPLE))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    status, out, err = run(capsys, url, "db", "backup", str(blocker / "copy.sqlite3"))
    assert (status, out) == (2, "")
    assert f"cannot write the backup to {blocker / 'copy.sqlite3'}: Not a directory" in err
    assert "Traceback" not in err and sorted(p.name for p in tmp_path.iterdir()) == [
        "a-file",
        "db.sqlite3",
        "db.sqlite3.lock",
    ]


def test_db_commands_on_a_database_that_is_not_one_are_told_plainly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"minutes of the team meeting " * 300)
    for command in (("db", "info"), ("db", "backup", str(tmp_path / "copy.sqlite3"))):
        status, out, err = run(capsys, f"sqlite:///{path}", *command)
        assert status == 4 and out == "" and "file is not a database" in err, err
    missing = run(capsys, f"sqlite:///{tmp_path / 'none.sqlite3'}", "db", "backup")
    assert missing[0] == 4 and "there is no database at" in missing[2]
