"""`careplanner import`, `careplanner export` and `careplanner db backup|restore|info`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

EXIT_REFUSED = 2
EXIT_DATABASE = 4

if TYPE_CHECKING:
    from careplanner.store import Store

    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


def add_parsers(commands: SubParsers) -> None:
    imports = commands.add_parser(
        "import", help="store a *.careplan.json plan (and its patient) in the database"
    )
    imports.add_argument("file", type=Path)
    imports.add_argument("--title", help='the plan\'s title (default: "Imported plan")')
    imports.set_defaults(run=run_import)

    exports = commands.add_parser("export", help="write a stored plan as a *.careplan.json document")
    exports.add_argument(
        "plan_id", type=int, metavar="ID", help="the plan's id (shown by import and in the app)"
    )
    exports.add_argument(
        "--plan-json", type=Path, required=True, metavar="OUT", help="where to write the document"
    )
    exports.add_argument("--revision", type=int, help="an earlier revision (default: the newest)")
    exports.set_defaults(run=run_export)

    database = commands.add_parser("db", help="look after the embedded SQLite database")
    actions = database.add_subparsers(title="actions", metavar="ACTION", required=True)
    backup = actions.add_parser("backup", help="copy the database consistently, even while the app runs")
    backup.add_argument("out", type=Path, nargs="?", help="the copy (default: backups/ beside the database)")
    backup.set_defaults(run=run_backup)
    restore = actions.add_parser("restore", help="replace the database with a backup (close the app first)")
    restore.add_argument("backup", type=Path)
    restore.set_defaults(run=run_restore)
    info = actions.add_parser("info", help="which database is used, its schema version and what it holds")
    info.set_defaults(run=run_info)


def _fail(message: str, status: int = EXIT_DATABASE) -> int:
    print(f"careplanner: {message}", file=sys.stderr)
    return status


def _open(arguments: argparse.Namespace) -> Store:
    from careplanner.store import Store

    store = Store.open(arguments.database_url, arguments.user)
    if store.migration_backup is not None:
        print(
            f"note: the database was upgraded; a copy was kept at {store.migration_backup}", file=sys.stderr
        )
    return store


def run_import(arguments: argparse.Namespace) -> int:
    from careplanner.catalog import default_catalog
    from careplanner.documents import DocumentError, read_plan_file

    try:
        result = read_plan_file(arguments.file, default_catalog().modalities.keys())
    except DocumentError as error:
        return _fail(f"{arguments.file} was refused:\n{error}", EXIT_REFUSED)
    for note in result.notes:
        print(f"note: {arguments.file}: {note}", file=sys.stderr)
    store = _open(arguments)
    try:
        imported = store.import_document(result.document, arguments.title)
    finally:
        store.close()
    who = "a new patient" if imported.created_patient else "an existing patient"
    print(
        f"Imported plan {imported.plan_id} for {who} "
        f"(id {imported.patient_id}, record {result.document.patient.id}); "
        f"{imported.added_history} history entries and {imported.added_checkins} check-ins added."
    )
    return 0


def run_export(arguments: argparse.Namespace) -> int:
    from careplanner.documents import write_plan_file

    store = _open(arguments)
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


def _sqlite_file(store: Store) -> Path:
    from careplanner.store import StoreError

    path = store.sqlite_file
    if path is None:
        raise StoreError(
            f"{store.describe()} is a PostgreSQL database: back it up on the server with pg_dump and "
            "restore with "
            "pg_restore"
        )
    return path


def run_backup(arguments: argparse.Namespace) -> int:
    from careplanner.store.backup import backup_sqlite

    store = _open(arguments)
    try:
        path = _sqlite_file(store)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = arguments.out or path.parent / "backups" / f"{path.stem}-{stamp}.sqlite3"
        backup_sqlite(path, target)
    finally:
        store.close()
    print(f"Backed up {path} to {target}")
    return 0


def run_restore(arguments: argparse.Namespace) -> int:
    from careplanner.store.backup import restore_sqlite, verify_careplanner_database

    verify_careplanner_database(arguments.backup)
    store = _open(arguments)
    try:
        path = _sqlite_file(store)
    finally:
        store.close()
    kept = restore_sqlite(arguments.backup, path)
    print(f"Restored {path} from {arguments.backup}; the database it replaced was kept at {kept}")
    return 0


def run_info(arguments: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from careplanner.store.migrate import current_version
    from careplanner.store.models import CheckInRow, PatientRow, PlanRow, RevisionRow

    store = _open(arguments)
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
    print(f"Database: {store.describe()}\nSchema version: {version}")
    print(", ".join(f"{count} {name}" for name, count in counts.items()))
    return 0
