"""`careplanner handout` and `summary` (from a file or a stored plan), and `careplanner settings clinic`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from careplanner.cli.check_command import _date

if TYPE_CHECKING:
    from careplanner.domain import PlanDocument
    from careplanner.reports import ClinicDetails
    from careplanner.store import PlanRevision

    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]

EXIT_REFUSED = 2


def add_parsers(commands: SubParsers) -> None:
    handout = commands.add_parser("handout", help="print the patient handout of a plan (PDF)")
    summary = commands.add_parser("summary", help="print the clinician summary of a plan (PDF)")
    for parser in (handout, summary):
        parser.add_argument(
            "source", metavar="FILE_OR_ID", help="a *.careplan.json file, or a stored plan's id"
        )
        parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")
        parser.add_argument(
            "--revision", type=int, help="a stored plan's earlier revision (default: the newest)"
        )
        parser.add_argument(
            "--printed-on", type=_date, metavar="YYYY-MM-DD", help="the date printed (default: today)"
        )
    handout.add_argument("--large-print", action="store_true", help="16 pt body text instead of 12 pt")
    summary.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help="also report overdue assessments")
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


@dataclass
class Loaded:
    document: PlanDocument
    clinic: ClinicDetails
    revision: PlanRevision | None = None
    title: str | None = None


def _load(arguments: argparse.Namespace) -> Loaded | int:
    """The plan to print and the clinic's details, or an exit status after saying what is wrong."""
    from careplanner.catalog import default_catalog
    from careplanner.documents import DocumentError, read_plan_file
    from careplanner.reports import ClinicDetails
    from careplanner.reports.settings import SETTING_KEY
    from careplanner.store import Store

    path = Path(arguments.source)
    if path.exists():
        try:
            document = read_plan_file(path, default_catalog().modalities.keys()).document
        except DocumentError as error:
            print(f"careplanner: {path} was refused:\n{error}", file=sys.stderr)
            return EXIT_REFUSED
        store = Store.open(arguments.database_url, arguments.user)
        try:
            return Loaded(document, ClinicDetails.from_setting(store.setting(SETTING_KEY)))
        finally:
            store.close()
    if not arguments.source.isdigit():
        print(f'careplanner: "{arguments.source}" is neither a file nor a plan id', file=sys.stderr)
        return EXIT_REFUSED
    store = Store.open(arguments.database_url, arguments.user)
    try:
        revision = store.load_revision(int(arguments.source), arguments.revision)
        title = store.plan_summary(int(arguments.source)).title
        clinic = ClinicDetails.from_setting(store.setting(SETTING_KEY))
    finally:
        store.close()
    return Loaded(revision.document, clinic, revision, title)


def write_atomically(data: bytes, target: Path) -> None:
    """A half-written PDF never replaces a good one."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write(data: bytes, target: Path, what: str) -> int:
    try:
        write_atomically(data, target)
    except OSError as error:
        print(f"careplanner: cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"Wrote the {what} to {target}")
    return 0


def _render_and_write(render: Callable[[], bytes], target: Path, what: str) -> int:
    from careplanner.reports import ReportError

    try:
        data = render()
    except ReportError as error:
        print(f"careplanner: no {what} was written: {error}", file=sys.stderr)
        return EXIT_REFUSED
    return _write(data, target, what)


def run_handout(arguments: argparse.Namespace) -> int:
    from careplanner.catalog import default_catalog
    from careplanner.reports import HandoutOptions, render_handout

    loaded = _load(arguments)
    if isinstance(loaded, int):
        return loaded
    options = HandoutOptions(arguments.printed_on or dt.date.today(), arguments.large_print, loaded.clinic)
    return _render_and_write(
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
    )
    return _render_and_write(
        lambda: render_summary(loaded.document, default_catalog(), context), arguments.output, "summary"
    )


def run_clinic(arguments: argparse.Namespace) -> int:
    from careplanner.reports import ClinicDetails
    from careplanner.reports.settings import SETTING_KEY
    from careplanner.store import Store

    store = Store.open(arguments.database_url, arguments.user)
    try:
        current = ClinicDetails.from_setting(store.setting(SETTING_KEY))
        changes = {key: getattr(arguments, key) for key in ("name", "address", "phone", "paper")}
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
