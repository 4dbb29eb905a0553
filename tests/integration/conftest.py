"""Real databases: a SQLite file per test, and a PostgreSQL server the tests start and stop themselves.

There is no skip: without the PostgreSQL binaries the PostgreSQL tests fail, so CI cannot pass silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from careplanner.store import Store
from tests.integration.postgres_server import PostgresServer, find_binaries

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    binaries = find_binaries()
    if binaries is None:
        pytest.fail(
            "PostgreSQL 15 binaries (initdb, pg_ctl) not found: "
            "install postgresql-15 or set CAREPLANNER_PG_BIN"
        )
    server = PostgresServer(binaries)
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'careplanner.sqlite3'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.new_database()


@pytest.fixture
def open_store(database_url: str) -> Iterator[object]:
    """Opens stores on one database as different users; closes them all at the end."""
    opened: list[Store] = []

    def opener(user: str = "dr.alice") -> Store:
        store = Store.open(database_url, user)
        opened.append(store)
        return store

    yield opener
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store) -> Store:  # type: ignore[no-untyped-def]
    return open_store()  # type: ignore[no-any-return]
