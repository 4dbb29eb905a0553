"""Where the database lives and how it is configured."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from careplanner.store import Store, StoreError
from careplanner.store.engine import DATA_DIR_VARIABLE, URL_VARIABLE, describe, resolve_url

FULL = 2  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL


def test_the_default_is_an_owner_only_sqlite_file_in_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(URL_VARIABLE, raising=False)
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path / "data"))
    store = Store.open(user="t")
    store.close()
    path = tmp_path / "data" / "careplanner.sqlite3"
    assert store.sqlite_file == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_sqlite_settings(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite3'}", "t")
    try:
        with store.db.engine.connect() as connection:
            pragmas = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
            }
    finally:
        store.close()
    assert pragmas == {"foreign_keys": 1, "journal_mode": "wal", "synchronous": FULL, "busy_timeout": 10_000}


def test_every_connection_syncs_each_commit_so_a_confirmed_save_survives_a_power_cut(tmp_path: Path) -> None:
    """WAL with synchronous=NORMAL makes no sync per commit: a power cut could roll back confirmed saves."""
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite3'}", "t")
    try:
        engine = store.db.engine
        for _ in range(2):  # the pool's connections, then new ones after the pool was emptied
            with engine.connect() as first, engine.connect() as second, engine.connect() as third:
                for connection in (first, second, third):
                    assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == FULL
            engine.dispose()
    finally:
        store.close()


def test_the_environment_variable_chooses_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(URL_VARIABLE, f"sqlite:///{tmp_path / 'clinic.sqlite3'}")
    assert resolve_url().database == str(tmp_path / "clinic.sqlite3")
    assert resolve_url(f"sqlite:///{tmp_path / 'explicit.sqlite3'}").database.endswith("explicit.sqlite3")


def test_postgresql_urls_use_psycopg_3_and_hide_the_password() -> None:
    url = resolve_url("postgresql://clinician:s3cret@db.clinic.example/careplanner")
    assert url.drivername == "postgresql+psycopg"
    assert "s3cret" not in describe(url)


@pytest.mark.parametrize(
    ("url", "message"),
    [("mysql://x@y/z", 'unsupported database "mysql"'), ("not a url", "is not a database URL")],
)
def test_unusable_urls_are_refused_clearly(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        resolve_url(url)


def test_an_unreachable_server_is_a_clear_error(postgres) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError, match="cannot open the database at postgresql"):
        Store.open(f"postgresql://nobody:pw@127.0.0.1:{postgres.port}/no_such_database", "t")
