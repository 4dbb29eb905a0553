"""Migrations: applied at start-up, a backup first, and no data lost (the SQLite batch-migration trap)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from careplanner.store import PlanContent, Store, StoreError, patients, plans
from careplanner.store.database import Database
from careplanner.store.engine import create_store_engine, resolve_url
from careplanner.store.migrate import HEAD, KNOWN_REVISIONS, MIGRATIONS, current_version, upgrade
from careplanner.store.models import Base
from tests.builders import document, foundation
from tests.integration.test_store import a_patient

TABLES = ("patients", "treatment_history", "checkins", "plans", "plan_revisions", "patient_search_terms")


def test_head_constant_is_alembic_s_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    scripts = ScriptDirectory.from_config(config)
    assert scripts.get_current_head() == HEAD
    oldest_first = [revision.revision for revision in reversed(list(scripts.walk_revisions()))]
    assert tuple(oldest_first) == KNOWN_REVISIONS


def test_a_database_from_a_newer_careplanner_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    Store.open(f"sqlite:///{path}", "t").close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"newer version of careplanner \(schema 0099\)"):
        Store.open(f"sqlite:///{path}", "t")
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()  # no copy taken under a misleading name


def test_a_backup_that_fails_before_a_migration_is_told_plainly_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite3"
    fill_at_first_schema(f"sqlite:///{path}")

    def disk_full(*_: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("careplanner.store.migrate.backup_sqlite_dated", disk_full)
    with pytest.raises(StoreError, match=r"cannot open the database at .*: database or disk is full"):
        Store.open(f"sqlite:///{path}", "t")
    with sqlite3.connect(path) as connection:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    connection.close()
    assert version == "0001"  # not migrated without its backup


def test_a_file_that_is_not_a_database_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "picked-by-mistake.sqlite3"
    path.write_bytes(b"minutes of the team meeting" * 200)
    with pytest.raises(StoreError, match=r"cannot open the database at .*: file is not a database"):
        Store.open(f"sqlite:///{path}", "t")


def test_the_migrations_build_exactly_the_models(database_url: str) -> None:
    store = Store.open(database_url, "t")
    try:
        with store.db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        store.close()
    assert differences == []


def fill_at_first_schema(url: str) -> None:
    """A database at revision 0001 holding a patient with history, a check-in and a plan with revisions."""
    engine = create_store_engine(resolve_url(url))
    upgrade(engine, "0001")
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC).isoformat()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO patients (id, record_number, name, sort_name, birth_date, conditions, notes,"
                " version, created_at, updated_at, updated_by)"
                " VALUES (1, 'P-1', 'Ada', 'ada', '1958-03-02', '[]', '', 1, :t, :t, 'x')"
            ),
            {"t": now},
        )
        connection.execute(
            text(
                "INSERT INTO treatment_history (patient_id, position, modality, start, outcome)"
                " VALUES (1, 0, 'gabapentin', '2025-01-01', 'ongoing')"
            )
        )
        connection.execute(text("INSERT INTO checkins (patient_id, date, sleep) VALUES (1, '2026-10-01', 4)"))
        connection.execute(text("INSERT INTO patient_search_terms (term, patient_id) VALUES ('ada', 1)"))
        connection.execute(
            text(
                "INSERT INTO plans (id, patient_id, title, status, head_number, start_date, created_at,"
                " created_by,"
                " updated_at, updated_by) VALUES (1, 1, 'Plan', 'draft', 2, '2026-12-01', :t, 'x', :t, 'x')"
            ),
            {"t": now},
        )
        for number in (1, 2):
            connection.execute(
                text(
                    "INSERT INTO plan_revisions (plan_id, number, status, content, saved_at, saved_by)"
                    " VALUES (1, :n, 'draft', '{}', :t, 'x')"
                ),
                {"n": number, "t": now},
            )
    engine.dispose()


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def test_migrating_a_sqlite_database_with_data_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "careplanner.sqlite3"
    fill_at_first_schema(f"sqlite:///{path}")
    before = _counts(path)
    assert before["plan_revisions"] == 2

    store = Store.open(f"sqlite:///{path}", "t")  # start-up applies 0002, which copies `plans` (batch mode)
    try:
        with store.db.engine.connect() as connection:
            assert current_version(connection) == HEAD
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # switched back on
    finally:
        store.close()
    assert _counts(path) == before
    assert store.migration_backup is not None and _counts(store.migration_backup) == before
    assert store.migration_backup.stat().st_mode & 0o777 == 0o600


def test_migrating_postgresql_with_data_loses_nothing(postgres) -> None:  # type: ignore[no-untyped-def]
    url = postgres.new_database()
    fill_at_first_schema(url)
    store = Store.open(url, "t")
    try:
        with store.db.engine.connect() as connection:
            assert current_version(connection) == HEAD
            assert connection.execute(text("SELECT count(*) FROM plan_revisions")).scalar() == 2
    finally:
        store.close()
    assert store.migration_backup is None  # the server's own backups apply


def test_a_new_database_needs_no_backup(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'new.sqlite3'}", "t")
    store.close()
    assert store.migration_backup is None
    assert not (tmp_path / "backups").exists()


def test_an_up_to_date_database_is_not_migrated_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    Store.open(url, "t").close()
    again = Store.open(url, "t")
    again.close()
    assert again.migration_backup is None


def test_migrating_a_populated_0006_database_to_0007_keeps_everything_and_adds_meetings(
    database_url: str,
) -> None:
    engine = create_store_engine(resolve_url(database_url))
    try:
        upgrade(engine, "0006")
        at_0006 = Database(engine, "ash")  # the store's own writes, on the 0006 schema
        patient_id = patients.create_patient(at_0006, a_patient(), "notes", ()).id
        plan_id = plans.create_plan(
            at_0006, patient_id, PlanContent.of(document(foundation())), "First"
        ).plan_id
        upgrade(engine, "0007")
        with engine.connect() as connection:
            assert current_version(connection) == "0007"
    finally:
        engine.dispose()
    store = Store.open(database_url, "ash")
    try:
        assert [r.number for r in store.list_revisions(plan_id)] == [1]
        assert store.list_meetings() == []
        store.save_user_profile("Dr Ash", "pain-medicine")
        meeting = store.create_meeting(dt.date(2026, 12, 9), "Team", [])
        meeting = store.set_agenda(meeting.id, meeting.version, [(plan_id, ())])
        assert store.record_recommendation(meeting.entries[0].id, 1, "Continue").presented_revision == 1
    finally:
        store.close()
