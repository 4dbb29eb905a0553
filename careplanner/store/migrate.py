"""Bringing a database to the current schema at start-up, safely, even when workstations start at once.

Start-up reads the schema version and the database's identity (one small query); Alembic is imported only
when a migration is due. A migration runs under a lock so only one process ever migrates: SQLite's write lock
(BEGIN IMMEDIATE) or a PostgreSQL advisory lock, the version read again once the lock is held. Before
migrating a SQLite file that holds data, a backup copy is taken. On SQLite, foreign keys are switched off
before the migration's transaction (table copies would otherwise cascade-delete child rows) and checked
before commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, inspect, text
from sqlalchemy.exc import DBAPIError

from careplanner.store.backup import backup_sqlite_dated
from careplanner.store.engine import BUSY_TIMEOUT_MS, WRITE, sqlite_path
from careplanner.store.errors import StoreError
from careplanner.store.models import DatabaseIdentityRow
from careplanner.store.schema import HEAD, KNOWN_REVISIONS

MIGRATIONS = Path(__file__).parent / "migrations"
# pg_advisory_xact_lock key ("careplan" in ASCII); advisory locks are per database, so clinics sharing a
# server do not wait for each other.
POSTGRES_MIGRATION_LOCK = 0x63617265706C616E
MIGRATION_WAIT_MS = 120_000  # a slow machine's migration of a large file, while the others wait their turn
START_UP_QUERY = (
    "SELECT (SELECT max(version_num) FROM alembic_version),"
    " (SELECT value FROM database_identity WHERE id = 1)"
)


@dataclass(frozen=True)
class Prepared:
    identity: str
    backup: Path | None  # the copy taken before a migration, if one ran


def current_version(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def read_identity(connection: Connection) -> str | None:
    return connection.execute(text("SELECT value FROM database_identity WHERE id = 1")).scalar()


def refuse_unknown(version: str | None) -> None:
    if version is not None and version not in KNOWN_REVISIONS:
        # Written by a newer careplanner: this one must not touch it (nor back it up under a wrong name).
        raise StoreError(
            f"the database was written by a newer version of careplanner (schema {version}); "
            "install that version to open it"
        )


def prepare(engine: Engine) -> Prepared:
    """The database at the current schema with its identity; migrated (once, under a lock) if it was not."""
    with engine.connect() as connection:
        version, identity = _version_and_identity(connection)
    if version == HEAD and identity is not None:
        return Prepared(identity, None)  # the usual start: one query, no lock, no Alembic
    refuse_unknown(version)
    with _start_up_lock(engine) as connection:
        backup = _migrate_locked(connection, HEAD, None)
        identity = read_identity(connection) or _create_identity(connection)
    return Prepared(identity, backup)


def _version_and_identity(connection: Connection) -> tuple[str | None, str | None]:
    """Both in one query; (None, None) when a table is missing: a new or older database, told apart later
    under the lock. Plain SQL: an ORM query would be compiled afresh for every new engine (~0.4 ms)."""
    try:
        row = connection.execute(text(START_UP_QUERY)).one()
    except DBAPIError:
        return None, None
    return row[0], row[1]


def upgrade(engine: Engine, target: str = HEAD, backup_dir: Path | None = None) -> Path | None:
    """Bring the database to `target`; returns the backup taken first, if any."""
    with _start_up_lock(engine) as connection:
        return _migrate_locked(connection, target, backup_dir)


def _create_identity(connection: Connection) -> str:
    """Only for a database whose identity row was removed by hand: the migration made it for all others."""
    value = str(uuid.uuid4())
    connection.execute(insert(DatabaseIdentityRow).values(id=1, value=value))
    return value


@contextmanager
def _start_up_lock(engine: Engine) -> Iterator[Connection]:
    """A transaction that no other careplanner's start-up can enter until it ends."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            # READ COMMITTED: every statement after the lock sees what the previous holder committed.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": POSTGRES_MIGRATION_LOCK})
            yield connection
        return
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")  # outside any transaction, where it takes effect
        raw.execute(f"PRAGMA busy_timeout = {MIGRATION_WAIT_MS}")  # another start-up may be migrating
        try:
            with connection.execution_options(**{WRITE: True}).begin():  # BEGIN IMMEDIATE: the write lock
                yield connection
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise StoreError(
                        f"the migration would leave {len(broken)} broken references; nothing was changed"
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
            raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _migrate_locked(connection: Connection, target: str, backup_dir: Path | None) -> Path | None:
    """With the lock held: read the version again (another process may have migrated) and migrate."""
    version = current_version(connection)
    if version == target:
        return None
    refuse_unknown(version)
    backup = None
    path = sqlite_path(connection.engine.url)
    if path is not None and inspect(connection).get_table_names():
        folder = backup_dir or path.parent / "backups"
        backup = backup_sqlite_dated(path, folder, f"{path.stem}-before-{target}", "%Y%m%dT%H%M%S")
    _run_alembic(connection, target)
    return backup


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
