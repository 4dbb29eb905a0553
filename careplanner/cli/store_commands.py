"""`careplanner import`, `careplanner export` and `careplanner db backup|restore|info`."""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from careplanner.validation import quoted

EXIT_REFUSED = 2
EXIT_DATABASE = 4
LARGEST_ID = 2**63 - 1  # the largest integer SQLite and PostgreSQL store
PLAIN_NUMBER = re.compile(r"[0-9]{1,19}")

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

    from careplanner.store import Store

    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


def counting_number(what: str, hint: str) -> Callable[[str], int]:
    """An argparse type for ids and revision numbers: a plain whole number from 1, else a plain refusal."""

    def parse(text: str) -> int:
        # ASCII digits only: int() would also take "١٢", " 12 " and "1_2".
        value = int(text) if PLAIN_NUMBER.fullmatch(text) else 0
        if not 1 <= value <= LARGEST_ID:
            raise argparse.ArgumentTypeError(
                f"{quoted(text)} is not {what}: give a whole number from 1 ({hint})"
            )
        return value

    return parse


def add_parsers(commands: SubParsers) -> None:
    imports = commands.add_parser(
        "import", help="store a *.careplan.json plan (and its patient) in the database"
    )
    imports.add_argument("file", type=Path)
    imports.add_argument("--title", help='the plan\'s title (default: "Imported plan")')
    imports.set_defaults(run=run_import)

    exports = commands.add_parser("export", help="write a stored plan as a *.careplan.json document")
    exports.add_argument(
        "plan_id",
        type=counting_number("a plan id", "shown by import and in the app"),
        metavar="ID",
        help="the plan's id (shown by import and in the app)",
    )
    exports.add_argument(
        "--plan-json", type=Path, required=True, metavar="OUT", help="where to write the document"
    )
    exports.add_argument(
        "--revision",
        type=counting_number("a revision number", "1 is the first save"),
        help="an earlier revision (default: the newest)",
    )
    exports.set_defaults(run=run_export)

    database = commands.add_parser("db", help="look after the embedded SQLite database")
    actions = database.add_subparsers(title="actions", metavar="ACTION", required=True)
    backup = actions.add_parser("backup", help="copy the database consistently, even while the app runs")
    backup.add_argument("out", type=Path, nargs="?", help="the copy (default: backups/ beside the database)")
    backup.set_defaults(run=run_backup)
    restore = actions.add_parser(
        "restore", help="replace the database with a verified backup (refused while careplanner has it open)"
    )
    restore.add_argument("backup", type=Path)
    restore.set_defaults(run=run_restore)
    info = actions.add_parser("info", help="which database is used, its schema version and what it holds")
    info.set_defaults(run=run_info)


def _fail(message: str, status: int = EXIT_DATABASE) -> int:
    print(f"careplanner: {message}", file=sys.stderr)
    return status


def open_store(arguments: argparse.Namespace) -> Store:
    """The database of `--database-url` (else the default), brought up to date; an in-memory one refused."""
    from careplanner.store import Store
    from careplanner.store.engine import resolve_url

    _refuse_in_memory(resolve_url(arguments.database_url))
    store = Store.open(arguments.database_url, arguments.user)
    if store.migration_backup is not None:
        print(
            f"note: the database was upgraded; a copy was kept at {store.migration_backup}", file=sys.stderr
        )
    return store


def missing_database(arguments: argparse.Namespace) -> str | None:
    """Why a command that only reads cannot run: its SQLite file does not exist (opening it would create an
    empty database, and an empty list would look like the answer). None when there is one to read."""
    from careplanner.store.engine import resolve_url, sqlite_path
    from careplanner.store.schema import URL_VARIABLE

    path = sqlite_path(resolve_url(arguments.database_url))  # None: a server, or in memory (refused later)
    if path is None or path.exists():
        return None
    return (
        f"there is no database at {path.absolute()}: give an existing one with --database-url "
        f"(or {URL_VARIABLE}), or open careplanner once to create it. Nothing was created."
    )


def _refuse_in_memory(url: URL) -> None:
    from careplanner.store import StoreError
    from careplanner.store.engine import is_in_memory

    if is_in_memory(url):
        raise StoreError(
            f"{url} is an in-memory database, which keeps nothing once the command ends: give a database "
            "file or server with --database-url. Nothing was done."
        )


def _sqlite_file(url_text: str | None) -> Path:
    """The SQLite file a URL names, without opening it (it may be the damaged one a restore replaces)."""
    from careplanner.store import StoreError
    from careplanner.store.engine import describe, resolve_url, sqlite_path

    url = resolve_url(url_text)
    _refuse_in_memory(url)
    path = sqlite_path(url)
    if path is None:
        raise StoreError(
            f"{describe(url)} is a PostgreSQL database: back it up on the server with pg_dump and restore "
            "it with pg_restore. Nothing was done."
        )
    return path


def added_words(history: int, checkins: int) -> str:
    """E.g. "1 history entry and 2 check-ins added"."""
    entries = "history entry" if history == 1 else "history entries"
    visits = "check-in" if checkins == 1 else "check-ins"
    return f"{history} {entries} and {checkins} {visits} added"


def run_import(arguments: argparse.Namespace) -> int:
    from careplanner.catalog import default_catalog
    from careplanner.documents import DocumentError, read_plan_file

    try:
        result = read_plan_file(arguments.file, default_catalog().modalities.keys())
    except DocumentError as error:
        return _fail(f"{arguments.file} was refused:\n{error}", EXIT_REFUSED)
    for note in result.notes:
        print(f"note: {arguments.file}: {note}", file=sys.stderr)
    store = open_store(arguments)
    try:
        imported = store.import_document(result.document, arguments.title)
    finally:
        store.close()
    who = "a new patient" if imported.created_patient else "an existing patient"
    print(
        f"Imported plan {imported.plan_id} for {who} "
        f"(id {imported.patient_id}, record {result.document.patient.id}); "
        f"{added_words(imported.added_history, imported.added_checkins)}."
    )
    return 0


def run_export(arguments: argparse.Namespace) -> int:
    from careplanner.documents import write_plan_file

    if (missing := missing_database(arguments)) is not None:
        return _fail(missing, EXIT_REFUSED)
    store = open_store(arguments)
    try:
        document = store.export_document(arguments.plan_id, arguments.revision)
    finally:
        store.close()
    try:
        write_plan_file(document, arguments.plan_json)
    except OSError as error:
        return _fail(f"cannot write {arguments.plan_json}: {error.strerror or error}", EXIT_REFUSED)
    print(f"Wrote plan {arguments.plan_id} to {arguments.plan_json}")
    return 0


def run_backup(arguments: argparse.Namespace) -> int:
    from careplanner.store import StoreError
    from careplanner.store.backup import backup_sqlite, backup_sqlite_dated
    from careplanner.store.engine import hold_sqlite_file

    path = _sqlite_file(arguments.database_url)
    if not path.is_file():
        raise StoreError(f"there is no database at {path} to back up. Nothing was written.")
    lock = hold_sqlite_file(path)  # a restore waits until the copy is complete
    try:
        if arguments.out is not None:
            target = backup_sqlite(path, arguments.out)
        else:
            target = backup_sqlite_dated(path, path.parent / "backups", path.stem)
    except OSError as error:
        where = arguments.out or path.parent / "backups"
        return _fail(
            f"cannot write the backup to {where}: {error.strerror or error}. Nothing was written.",
            EXIT_REFUSED,
        )
    except sqlite3.Error as error:
        raise StoreError(f"cannot back up {path}: {error}. Nothing was written.") from None
    finally:
        lock.release()
    print(f"Backed up {path} to {target}")
    return 0


def run_restore(arguments: argparse.Namespace) -> int:
    from careplanner.catalog import default_catalog
    from careplanner.store.restore import restore_sqlite

    path = _sqlite_file(arguments.database_url)
    kept = restore_sqlite(arguments.backup, path, default_catalog().modalities.keys())
    replaced = (
        f"the database it replaced was kept at {kept}" if kept else "there was no database there before"
    )
    print(f"Restored {path} from {arguments.backup}; {replaced}")
    return 0


def run_info(arguments: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from careplanner.store.migrate import current_version
    from careplanner.store.models import CheckInRow, PatientRow, PlanRow, RevisionRow

    if (missing := missing_database(arguments)) is not None:
        return _fail(missing, EXIT_REFUSED)
    store = open_store(arguments)
    try:
        with store.db.reading() as session:
            counts = {
                name: session.scalar(select(func.count()).select_from(model))
                for name, model in (
                    ("patients", PatientRow),
                    ("plans", PlanRow),
                    ("revisions", RevisionRow),
                    ("check-ins", CheckInRow),
                )
            }
            version = current_version(session.connection())
    finally:
        store.close()
    print(f"Database: {store.describe()}\nSchema version: {version}\nIdentity: {store.identity}")
    print(", ".join(f"{count} {name}" for name, count in counts.items()))
    return 0
