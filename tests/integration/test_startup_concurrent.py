"""Several workstations starting at once on a new or an older database: every one opens it, one migrates.

Real processes start together (a barrier): SQLite files and the throwaway PostgreSQL server.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine, text

from careplanner.store.migrate import HEAD
from tests.integration.postgres_server import PostgresServer
from tests.integration.test_migrations import fill_at_first_schema

if TYPE_CHECKING:
    from multiprocessing.synchronize import Barrier

PROCESSES = 6
TIMEOUT_SECONDS = 60


_barrier: Barrier | None = None  # in each worker process, shared by the workers of one pool


def _remember(barrier: Barrier) -> None:
    global _barrier
    _barrier = barrier


def _start(url: str) -> tuple[str, str]:
    """In a worker process: wait for the other workstations, then open the store as the window does."""
    from careplanner.store import Store

    assert _barrier is not None
    _barrier.wait()
    try:
        store = Store.open(url, "workstation")
    except Exception as error:
        return "failed", f"{type(error).__name__}: {error}"
    store.close()
    return "opened", store.identity


@pytest.fixture(scope="module")
def workstations() -> Iterator[ProcessPoolExecutor]:
    """Six processes started once (spawn: no fork of a process that may hold threads) for every test here."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    with ProcessPoolExecutor(
        PROCESSES, mp_context=context, initializer=_remember, initargs=(barrier,)
    ) as pool:
        yield pool


def start_together(pool: ProcessPoolExecutor, url: str) -> list[tuple[str, str]]:
    futures = [pool.submit(_start, url) for _ in range(PROCESSES)]
    return [future.result(timeout=TIMEOUT_SECONDS) for future in futures]


def assert_all_opened_one_database(outcomes: list[tuple[str, str]]) -> None:
    assert [kind for kind, _ in outcomes] == ["opened"] * PROCESSES, outcomes
    assert len({identity for _, identity in outcomes}) == 1  # made once, seen by all


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.rglob("*") if path.name.endswith(".partial"))


def test_six_workstations_starting_on_a_new_sqlite_file(
    workstations: ProcessPoolExecutor, tmp_path: Path
) -> None:
    assert_all_opened_one_database(start_together(workstations, f"sqlite:///{tmp_path / 'new.sqlite3'}"))
    assert not (tmp_path / "backups").exists()  # nothing to back up in a new database


def test_six_workstations_starting_on_an_older_sqlite_file(
    workstations: ProcessPoolExecutor, tmp_path: Path
) -> None:
    path = tmp_path / "old.sqlite3"
    fill_at_first_schema(f"sqlite:///{path}")
    assert_all_opened_one_database(start_together(workstations, f"sqlite:///{path}"))
    [backup] = (tmp_path / "backups").iterdir()  # one migration, so one backup
    assert leftovers(tmp_path) == []
    for copy, version in ((path, HEAD), (backup, "0001")):
        with sqlite3.connect(copy) as connection:
            assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == version
            assert connection.execute("SELECT count(*) FROM plan_revisions").fetchone()[0] == 2
        connection.close()


def test_six_workstations_starting_on_a_new_postgresql_database(
    workstations: ProcessPoolExecutor, postgres: PostgresServer
) -> None:
    assert_all_opened_one_database(start_together(workstations, postgres.new_database()))


def test_six_workstations_starting_on_an_older_postgresql_database(
    workstations: ProcessPoolExecutor, postgres: PostgresServer
) -> None:
    url = postgres.new_database()
    fill_at_first_schema(url)
    assert_all_opened_one_database(start_together(workstations, url))
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        assert connection.execute(text("SELECT count(*) FROM plan_revisions")).scalar() == 2
    engine.dispose()
