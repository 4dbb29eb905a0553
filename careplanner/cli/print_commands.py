"""`careplanner handout` and `summary` (from a file or a stored plan), and `careplanner settings clinic`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from careplanner.atomic import write_atomically
from careplanner.cli.check_command import parse_date
from careplanner.cli.store_commands import missing_database
from careplanner.cli.team_commands import add_signoff_parser
from careplanner.validation import quoted

if TYPE_CHECKING:
    from careplanner.domain import PlanDocument
    from careplanner.reports import ClinicDetails
    from careplanner.store import PlanRevision
    from careplanner.team.meetings import PlanDiscussion
    from careplanner.team.model import Comment, SignOff

    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]

EXIT_REFUSED = 2
T = TypeVar("T")
LARGEST_ID = 2**63 - 1  # the largest integer SQLite and PostgreSQL store
PLAIN_NUMBER = re.compile(r"[0-9]{1,19}")  # ASCII digits: "²" passes str.isdigit(), but int() refuses it


def _stored_number(text: str) -> int | None:
    """A plan id or revision number: a plain decimal from 1 to LARGEST_ID, or None."""
    if not PLAIN_NUMBER.fullmatch(text):
        return None
    value = int(text)
    return value if 1 <= value <= LARGEST_ID else None


def _revision(text: str) -> int:
    number = _stored_number(text)
    if number is None:
        raise argparse.ArgumentTypeError(
            f"{quoted(text)} is not a revision number: give a whole number from 1 (1 is the first save)"
        )
    return number


def add_parsers(commands: SubParsers) -> None:
    handout = commands.add_parser("handout", help="print the patient handout of a plan (PDF)")
    summary = commands.add_parser("summary", help="print the clinician summary of a plan (PDF)")
    for parser in (handout, summary):
        parser.add_argument(
            "source", metavar="FILE_OR_ID", help="a *.careplan.json file, or a stored plan's id"
        )
        parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")
        parser.add_argument(
            "--revision", type=_revision, help="a stored plan's earlier revision (default: the newest)"
        )
        parser.add_argument(
            "--printed-on", type=parse_date, metavar="YYYY-MM-DD", help="the date printed (default: today)"
        )
    handout.add_argument("--large-print", action="store_true", help="16 pt body text instead of 12 pt")
    summary.add_argument(
        "--as-of", type=parse_date, metavar="YYYY-MM-DD", help="also report overdue assessments"
    )
    handout.set_defaults(run=run_handout)
    summary.set_defaults(run=run_summary)

    settings = commands.add_parser("settings", help="settings shared by every workstation")
    kinds = settings.add_subparsers(title="settings", metavar="WHAT", required=True)
    clinic = kinds.add_parser(
        "clinic", help="the clinic's name, address and phone on handouts; the paper size"
    )
    clinic.add_argument("--name")
    clinic.add_argument("--address")
    clinic.add_argument("--phone")
    clinic.add_argument("--paper", choices=("A4", "letter"))
    clinic.set_defaults(run=run_clinic)
    add_signoff_parser(kinds)


@dataclass
class Loaded:
    document: PlanDocument
    clinic: ClinicDetails
    revision: PlanRevision | None = None
    title: str | None = None
    signoffs: tuple[SignOff, ...] = ()  # a stored plan's team record, for the clinician summary
    comments: tuple[Comment, ...] = ()
    signoff_revision: int | None = None
    discussions: tuple[PlanDiscussion, ...] = ()


def _refuse(message: str) -> int:
    print(f"careplanner: {message}", file=sys.stderr)
    return EXIT_REFUSED


def _is_existing_path(text: str) -> bool:
    try:
        return Path(text).exists()
    except (OSError, ValueError):  # a name too long for the system, or with a NUL byte, names no file
        return False


def file_or_plan(
    arguments: argparse.Namespace,
    from_file: Callable[[Path], T | int],
    from_store: Callable[[int], T | int],
) -> T | int:
    """FILE_OR_ID: an existing file, or a stored plan's id (refused, in words, when it is neither or when the
    SQLite database it needs does not exist); an exit status after saying what is wrong."""
    if _is_existing_path(arguments.source):
        return from_file(Path(arguments.source))
    plan_id = _stored_number(arguments.source)
    if plan_id is None:
        source = quoted(arguments.source)
        return _refuse(f"{source} is neither a file nor a plan id (a plan id is a whole number such as 12)")
    missing = missing_database(arguments)
    if missing is not None:
        return _refuse(missing)
    return from_store(plan_id)


def output_problem(target: Path) -> str | None:
    """Why the PDF cannot be written to `target`, found before the (slow) rendering; None when it can be."""
    folder = target.parent
    try:
        if target.is_dir():
            return f"cannot write {target}: it is a directory; give a file name such as {target / 'plan.pdf'}"
        if target.exists() and not target.is_file():  # the rename would replace a device or a pipe
            return f"cannot write {target}: it is not a regular file (a device or a pipe)"
        if not folder.is_dir():
            return f"cannot write {target}: the folder {folder} does not exist"
    except OSError as error:
        return f"cannot write {target}: {error.strerror or error}"
    if not os.access(folder, os.W_OK):
        return f"cannot write {target}: the folder {folder} is not writable"
    return None


def _load_file(arguments: argparse.Namespace, path: Path) -> Loaded | int:
    from careplanner.catalog import default_catalog
    from careplanner.documents import DocumentError, read_plan_file
    from careplanner.reports import ClinicDetails
    from careplanner.reports.settings import SETTING_KEY
    from careplanner.store import Store

    if arguments.revision is not None:
        return _refuse(f"--revision is for a stored plan's id; {path} is a file")
    try:
        document = read_plan_file(path, default_catalog().modalities.keys()).document
    except DocumentError as error:
        return _refuse(f"{path} was refused:\n{error}")
    if missing_database(arguments) is not None:  # no clinic details stored yet; printing creates no database
        return Loaded(document, ClinicDetails.from_setting(None))
    store = Store.open(arguments.database_url, arguments.user)
    try:
        return Loaded(document, ClinicDetails.from_setting(store.setting(SETTING_KEY)))
    finally:
        store.close()


def _load_stored(arguments: argparse.Namespace, plan_id: int) -> Loaded:
    from careplanner.reports import ClinicDetails
    from careplanner.reports.settings import SETTING_KEY
    from careplanner.store import Store

    store = Store.open(arguments.database_url, arguments.user)
    try:
        revision = store.load_revision(plan_id, arguments.revision)
        title = store.plan_summary(plan_id).title
        clinic = ClinicDetails.from_setting(store.setting(SETTING_KEY))
        signoffs, comments = tuple(store.list_signoffs(plan_id)), tuple(store.list_comments(plan_id))
        signoff_revision = store.signoff_revision(plan_id)
        discussions = tuple(store.plan_discussions(plan_id))
    finally:
        store.close()
    team = (signoffs, comments, signoff_revision, discussions)
    return Loaded(revision.document, clinic, revision, title, *team)


def _load(arguments: argparse.Namespace) -> Loaded | int:
    """The plan to print and the clinic's details, or an exit status after saying what is wrong."""
    problem = output_problem(arguments.output)
    if problem is not None:
        return _refuse(problem)
    return file_or_plan(
        arguments,
        lambda path: _load_file(arguments, path),
        lambda plan_id: _load_stored(arguments, plan_id),
    )


def _write(data: bytes, target: Path, what: str) -> int:
    try:
        write_atomically(data, target)
    except OSError as error:
        return _refuse(f"cannot write {target}: {error.strerror or error}; nothing was written")
    print(f"Wrote the {what} to {target}")
    return 0


def render_and_write(render: Callable[[], bytes], target: Path, what: str) -> int:
    from careplanner.reports import ReportError

    try:
        data = render()
    except ReportError as error:
        return _refuse(f"no {what} was written: {error}")
    except OverflowError as error:
        if "date value out of range" not in str(error):
            raise
        # A plan may end on the calendar's last weeks; the printout would show dates beyond 9999-12-31.
        return _refuse(f"no {what} was written: a date it would show falls after {dt.date.max}")
    return _write(data, target, what)


def run_handout(arguments: argparse.Namespace) -> int:
    from careplanner.catalog import default_catalog
    from careplanner.reports import HandoutOptions, render_handout

    loaded = _load(arguments)
    if isinstance(loaded, int):
        return loaded
    options = HandoutOptions(
        arguments.printed_on or dt.date.today(),
        arguments.large_print,
        loaded.clinic,
        status=loaded.revision.plan_status if loaded.revision else None,
    )
    return render_and_write(
        lambda: render_handout(loaded.document, default_catalog(), options), arguments.output, "handout"
    )


def run_summary(arguments: argparse.Namespace) -> int:
    from careplanner.catalog import default_catalog
    from careplanner.reports import SummaryContext, render_summary

    loaded = _load(arguments)
    if isinstance(loaded, int):
        return loaded
    info = loaded.revision.info if loaded.revision else None
    context = SummaryContext(
        printed_on=arguments.printed_on or dt.date.today(),
        clinic=loaded.clinic,
        status=loaded.revision.plan_status if loaded.revision else None,
        revision=info.number if info else None,
        saved_by=info.saved_by if info else None,
        saved_at=info.saved_at if info else None,
        title=loaded.title,
        as_of=arguments.as_of,
        signoffs=loaded.signoffs,
        comments=loaded.comments,
        signoff_revision=loaded.signoff_revision,
        discussions=loaded.discussions,
    )
    return render_and_write(
        lambda: render_summary(loaded.document, default_catalog(), context), arguments.output, "summary"
    )


def run_clinic(arguments: argparse.Namespace) -> int:
    from careplanner.reports import ClinicDetails
    from careplanner.reports.settings import SETTING_KEY
    from careplanner.store import Store

    changes = {key: getattr(arguments, key) for key in ("name", "address", "phone", "paper")}
    missing = missing_database(arguments)
    if missing is not None and all(value is None for value in changes.values()):
        return _refuse(missing)  # only showing: a database made here would hold nothing to show
    store = Store.open(arguments.database_url, arguments.user)
    try:
        current = ClinicDetails.from_setting(store.setting(SETTING_KEY))
        updated = ClinicDetails(
            **{key: value if value is not None else getattr(current, key) for key, value in changes.items()}
        )
        if updated != current:
            store.set_setting(SETTING_KEY, updated.to_setting())
    finally:
        store.close()
    print(
        f"Clinic: {updated.name or '(no name)'}\nAddress: {updated.address or '-'}\n"
        f"Phone: {updated.phone or '-'}\n"
        f"Paper: {updated.paper}"
    )
    return 0
