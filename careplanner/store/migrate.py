"""Bringing a database to the current schema at start-up, safely.

Start-up only reads the schema version; Alembic is imported only when a migration is due. Before migrating a
SQLite file that holds data, a backup copy is taken. On SQLite, foreign keys are switched off before the
migration's transaction (table copies would otherwise cascade-delete child rows) and checked before commit.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from careplanner.store.backup import backup_sqlite
from careplanner.store.engine import sqlite_path
from careplanner.store.errors import StoreError

# Every schema this version knows, oldest first (test_migrations.py checks it against Alembic's list).
KNOWN_REVISIONS = ("0001", "0002")
HEAD = KNOWN_REVISIONS[-1]
MIGRATIONS = Path(__file__).parent / "migrations"


def current_version(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _run_alembic(connection: Connection, target: str) -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.util import CommandError

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    try:
        command.upgrade(config, target)
    except CommandError as error:
        raise StoreError(f"the database schema cannot be brought up to date: {error}") from None


def _migrate_sqlite(engine: Engine, target: str) -> None:
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")  # outside any transaction, where it takes effect
        try:
            with connection.begin():
                _run_alembic(connection, target)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise StoreError(
                        f"the migration would leave {len(broken)} broken references; nothing was changed"
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def upgrade(engine: Engine, target: str = HEAD, backup_dir: Path | None = None) -> Path | None:
    """Bring the database to `target`; returns the backup taken first, if any."""
    with engine.connect() as connection:
        version = current_version(connection)
        has_tables = bool(inspect(connection).get_table_names())
    if version == target:
        return None
    if version is not None and version not in KNOWN_REVISIONS:
        # Written by a newer careplanner: this one must not touch it (nor back it up under a wrong name).
        raise StoreError(
            f"the database was written by a newer version of careplanner (schema {version}); "
            "install that version to open it"
        )
    backup = None
    path = sqlite_path(engine.url)
    if path is not None and has_tables:
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        folder = backup_dir or path.parent / "backups"
        backup = backup_sqlite(path, folder / f"{path.stem}-before-{target}-{stamp}.sqlite3")
    if engine.dialect.name == "sqlite":
        _migrate_sqlite(engine, target)
    else:
        with engine.begin() as connection:
            _run_alembic(connection, target)
    return backup
