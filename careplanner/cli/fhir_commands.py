"""`careplanner fhir` (a plan as a FHIR R4 Bundle) and `careplanner import-fhir` (a Bundle stored as a plan).

The FHIR library loads only when one of these commands runs (careplanner/interop), never for the others or
for the window. An imported plan is always stored as a draft, whatever status the Bundle gives its CarePlan:
a plan becomes active in careplanner only through its own status change, after the sign-offs the clinic
requires (docs/fhir.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from careplanner.atomic import write_atomically
from careplanner.cli.check_command import parse_date
from careplanner.cli.print_commands import file_or_plan, output_problem
from careplanner.cli.store_commands import added_words, counting_number, open_store

if TYPE_CHECKING:
    from careplanner.domain import PlanDocument
    from careplanner.interop.fhir import FhirPlan
    from careplanner.store.exchange import ImportResult

    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]

EXIT_REFUSED = 2
DRAFT = "draft"


def add_parsers(commands: SubParsers) -> None:
    export = commands.add_parser("fhir", help="write a plan as a FHIR R4 Bundle (JSON)")
    export.add_argument("source", metavar="FILE_OR_ID", help="a *.careplan.json file, or a stored plan's id")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.json")
    export.add_argument(
        "--revision",
        type=counting_number("a revision number", "1 is the first save"),
        help="a stored plan's earlier revision (default: the newest)",
    )
    export.add_argument(
        "--as-of",
        type=parse_date,
        metavar="YYYY-MM-DD",
        help="also report the assessments overdue on that day (as detected issues)",
    )
    export.set_defaults(run=run_fhir)

    imports = commands.add_parser(
        "import-fhir", help="store the plan of a FHIR R4 Bundle (and its patient) in the database, as a draft"
    )
    imports.add_argument("file", type=Path, metavar="FILE")
    imports.add_argument("--title", help="the plan's title (default: the CarePlan's, else \"Imported plan\")")
    imports.set_defaults(run=run_import_fhir)


@dataclass(frozen=True)
class Source:
    """A plan to export and what the Bundle says about it beyond the document."""

    document: PlanDocument
    title: str | None = None
    status: str | None = None
    revision: int | None = None
    plan_id: int | None = None
    author: str | None = None


def _refuse(message: str) -> int:
    print(f"careplanner: {message}", file=sys.stderr)
    return EXIT_REFUSED


def _output_problem(target: Path) -> str | None:
    if target.is_dir():
        return f"cannot write {target}: it is a directory; give a file name such as {target / 'plan.json'}"
    return output_problem(target)


def _file_source(arguments: argparse.Namespace, path: Path) -> Source | int:
    from careplanner.catalog import default_catalog
    from careplanner.documents import DocumentError, read_plan_file

    if arguments.revision is not None:
        return _refuse(f"--revision is for a stored plan's id; {path} is a file. Nothing was written.")
    try:
        return Source(read_plan_file(path, default_catalog().modalities.keys()).document)
    except DocumentError as error:
        return _refuse(f"{path} was refused:\n{error}\nNothing was written.")


def _stored_source(arguments: argparse.Namespace, plan_id: int) -> Source | int:
    from careplanner.interop.fhir import author_name
    from careplanner.store import NotFound, Store

    store = Store.open(arguments.database_url, arguments.user)
    try:
        revision = store.load_revision(plan_id, arguments.revision)
        title = store.plan_summary(plan_id).title
        author = author_name(store, revision.info.saved_by)
    except NotFound as error:
        return _refuse(f"{error}. Nothing was written.")
    finally:
        store.close()
    info = revision.info
    return Source(revision.document, title, info.status, info.number, plan_id, author)


def _source(arguments: argparse.Namespace) -> Source | int:
    return file_or_plan(
        arguments,
        lambda path: _file_source(arguments, path),
        lambda plan_id: _stored_source(arguments, plan_id),
    )


def _bundle_text(source: Source, as_of: dt.date | None) -> str | int:
    from careplanner.catalog import default_catalog
    from careplanner.interop.fhir import FhirError, bundle_to_text, plan_to_bundle

    try:
        bundle = plan_to_bundle(
            source.document,
            default_catalog(),
            title=source.title,
            status=source.status,
            revision=source.revision,
            plan_id=source.plan_id,
            author=source.author,
            as_of=as_of,
        )
    except FhirError as error:
        return _refuse(f"no Bundle was written: {error}")
    except OverflowError as error:
        if "date value out of range" not in str(error):
            raise
        return _refuse(f"no Bundle was written: a date it would hold falls after {dt.date.max}")
    return bundle_to_text(bundle)


def run_fhir(arguments: argparse.Namespace) -> int:
    target: Path = arguments.output
    problem = _output_problem(target)
    if problem is not None:
        return _refuse(f"{problem}. Nothing was written.")
    source = _source(arguments)
    if isinstance(source, int):
        return source
    text = _bundle_text(source, arguments.as_of)
    if isinstance(text, int):
        return text
    try:
        write_atomically(text.encode("utf-8"), target)
    except OSError as error:
        return _refuse(f"cannot write {target}: {error.strerror or error}; nothing was written")
    print(f"Wrote the FHIR Bundle of the plan to {target}")
    return 0


def _read_bundle(path: Path) -> FhirPlan:
    """The plan a Bundle file holds; FhirError (naming the element) when it is refused."""
    from careplanner.catalog import default_catalog
    from careplanner.interop.fhir import bundle_to_plan, read_bundle_file

    return bundle_to_plan(read_bundle_file(path), default_catalog())


def _import_summary(imported: ImportResult, plan: FhirPlan, title: str) -> str:
    """What was stored, in words."""
    patient = "a new patient" if imported.created_patient else "an existing patient"
    record = plan.document.patient.id
    lines = [
        f"Imported plan {imported.plan_id} “{title}” for {patient} (id {imported.patient_id}, record "
        f"{record}) as revision 1, a draft; {added_words(imported.added_history, imported.added_checkins)}."
    ]
    if plan.status not in (None, DRAFT):
        lines.append(
            f"The Bundle gives the plan as {plan.status}; it is stored as a draft, to be made active in "
            "careplanner once the clinic's sign-offs are given."
        )
    return "\n".join(lines)


def run_import_fhir(arguments: argparse.Namespace) -> int:
    from careplanner.interop.fhir import FhirError, imported_title, title_problem

    given = " ".join((arguments.title or "").split())
    problem = title_problem(given)
    if problem is not None:
        return _refuse(f"{problem}. Nothing was stored.")
    try:
        plan = _read_bundle(arguments.file)
    except FhirError as error:
        return _refuse(f"{arguments.file} was refused:\n{error}\nNothing was stored.")
    title = imported_title(plan, given)
    store = open_store(arguments)
    try:
        imported = store.import_document(plan.document, title)
    finally:
        store.close()
    print(_import_summary(imported, plan, title))
    return 0
