"""Every database has its own identity, kept in the database itself: work done on one database is never
offered for another."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from careplanner.store import Store
from careplanner.store.engine import create_store_engine, resolve_url
from careplanner.store.migrate import upgrade
from tests.integration.postgres_server import PostgresServer


def identity_of(url: str) -> str:
    store = Store.open(url, "t")
    try:
        return store.identity
    finally:
        store.close()


def test_the_identity_is_the_same_on_every_open_and_new_for_each_database(database_url: str) -> None:
    first = identity_of(database_url)
    assert uuid.UUID(first).version == 4  # random: two databases never share one by chance
    assert identity_of(database_url) == identity_of(database_url) == first


def test_two_sqlite_files_have_two_identities(tmp_path: Path) -> None:
    assert identity_of(f"sqlite:///{tmp_path / 'a.sqlite3'}") != identity_of(
        f"sqlite:///{tmp_path / 'b.sqlite3'}"
    )


def test_two_postgresql_databases_have_two_identities(postgres: PostgresServer) -> None:
    assert identity_of(postgres.new_database()) != identity_of(postgres.new_database())


def test_the_identity_moves_with_the_file_not_with_its_name(tmp_path: Path) -> None:
    """It lives in the database: a file copied elsewhere is the same database, another file at the old
    path is not."""
    path, moved = tmp_path / "db.sqlite3", tmp_path / "elsewhere.sqlite3"
    original = identity_of(f"sqlite:///{path}")
    path.rename(moved)
    assert identity_of(f"sqlite:///{moved}") == original
    assert identity_of(f"sqlite:///{path}") != original  # a new, empty database at the old path


def test_an_older_database_gets_an_identity_when_it_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = create_store_engine(resolve_url(f"sqlite:///{path}"))
    upgrade(engine, "0002")
    engine.dispose()
    identity = identity_of(f"sqlite:///{path}")
    assert identity_of(f"sqlite:///{path}") == identity


def test_a_removed_identity_row_is_made_again_once(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    before = identity_of(f"sqlite:///{path}")
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM database_identity")
    connection.close()
    again = identity_of(f"sqlite:///{path}")
    assert again != before and identity_of(f"sqlite:///{path}") == again
