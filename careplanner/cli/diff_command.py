"""`careplanner diff A B [--format text|json]`: what changed from plan A to plan B, in a clinician's words.

A and B are each a `*.careplan.json` file or a stored plan's revision, `ID@REVISION` (e.g. `12@3`). A bad
argument is refused with exit status 2, a message on standard error and nothing on standard output.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from careplanner.validation import quoted

if TYPE_CHECKING:
    from careplanner.catalog.model import Catalog
    from careplanner.changes import Change
    from careplanner.domain import PlanDocument
    from careplanner.store import Store

EXIT_REFUSED = 2
STORED = re.compile(r"([0-9]{1,19})@([0-9]{1,19})")
LARGEST_ID = 2**63 - 1  # the largest integer SQLite and PostgreSQL store


class Refused(Exception):
    """An argument that cannot be compared; the message names it."""


@dataclass(frozen=True)
class Side:
    """One side of the comparison: its document, its status when stored, and how the header names it."""

    document: PlanDocument
    status: str | None
    label: str


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "diff", help="say what changed between two revisions of a plan (files or ID@REVISION)"
    )
    parser.add_argument("before", metavar="A", help="the earlier plan: a *.careplan.json file or ID@REVISION")
    parser.add_argument("after", metavar="B", help="the later plan: a *.careplan.json file or ID@REVISION")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.set_defaults(run=run)


def stored_reference(text: str) -> tuple[int, int] | None:
    """(plan id, revision number) of `ID@REVISION`; None when the text is not of that form at all.

    Raises Refused for a text of that form that names no possible plan or revision (0, too large)."""
    if "@" not in text:
        return None
    match = STORED.fullmatch(text)
    if match is None:
        raise Refused(f"{quoted(text)} is neither a plan file nor ID@REVISION (e.g. 12@3)")
    plan_id, number = int(match.group(1)), int(match.group(2))
    if not (1 <= plan_id <= LARGEST_ID and 1 <= number <= LARGEST_ID):
        raise Refused(f"{quoted(text)}: plan ids and revision numbers are whole numbers from 1")
    return plan_id, number


def run(arguments: argparse.Namespace) -> int:
    from careplanner.catalog import default_catalog
    from careplanner.changes import plan_changes

    catalog = default_catalog()
    try:
        before, after = _load_sides(arguments, catalog, (arguments.before, arguments.after))
        if before.document.patient.id != after.document.patient.id:
            raise Refused(
                f"{before.label} and {after.label} are plans of different patients (records "
                f"{quoted(before.document.patient.id)} and {quoted(after.document.patient.id)})"
            )
    except Refused as refused:
        print(f"careplanner diff: {refused}", file=sys.stderr)
        return EXIT_REFUSED
    changes = plan_changes(before.document, after.document, catalog, before.status, after.status)
    sys.stdout.write(as_json(changes) if arguments.format == "json" else as_text(changes, before, after))
    return 0


def _load_sides(arguments: argparse.Namespace, catalog: Catalog, texts: tuple[str, str]) -> tuple[Side, Side]:
    """Both sides, files read first; the database is opened once, only if a side is stored."""
    references = [(text, stored_reference(text) if not Path(text).is_file() else None) for text in texts]
    stored = [reference for _, reference in references if reference is not None]
    store = _open(arguments) if stored else None
    try:
        sides = [
            _stored_side(store, *reference) if store and reference else _file_side(Path(text), catalog)
            for text, reference in references
        ]
    finally:
        if store is not None:
            store.close()
    return sides[0], sides[1]


def _open(arguments: argparse.Namespace) -> Store:
    from careplanner.cli.store_commands import missing_database, open_store

    if (missing := missing_database(arguments)) is not None:
        raise Refused(missing)
    return open_store(arguments)


def _file_side(path: Path, catalog: Catalog) -> Side:
    from careplanner.documents import DocumentError, read_plan_file

    if not path.exists():
        raise Refused(
            f"{path}: there is no such file (give a *.careplan.json file or ID@REVISION, e.g. 12@3)"
        )
    try:
        result = read_plan_file(path, catalog.modalities.keys())
    except DocumentError as error:
        raise Refused(f"{path} was refused:\n{error}") from None
    for note in result.notes:
        print(f"note: {path}: {note}", file=sys.stderr)
    return Side(result.document, None, str(path))


def _stored_side(store: Store, plan_id: int, number: int) -> Side:
    from careplanner.store.errors import NotFound

    try:
        revision = store.load_revision(plan_id, number)
    except NotFound as error:
        raise Refused(f"{plan_id}@{number}: {error}") from None
    return Side(revision.document, revision.info.status, f"plan {plan_id} revision {number}")


def as_json(changes: list[Change]) -> str:
    return (
        json.dumps({"changes": [change.as_json() for change in changes]}, ensure_ascii=False, indent=2) + "\n"
    )


def as_text(changes: list[Change], before: Side, after: Side) -> str:
    heading = f"What changed from {before.label} to {after.label}"
    if not changes:
        return f"{heading}:\nNo differences.\n"
    return f"{heading}:\n" + "".join(f"- {change.text}\n" for change in changes)
