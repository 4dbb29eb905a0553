"""`careplanner due [--as-of YYYY-MM-DD] [--days N] [--format text|json|csv]`: the clinic's morning list.

Every assessment and review of an active plan that is overdue on the day, or due within the next N days.
Dates are calendar dates: the list is the same on a computer in any time zone. "Today" is the local date,
read once.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sys
from collections.abc import Callable, Sequence

from careplanner.cli.check_command import parse_date
from careplanner.followup.due import DEFAULT_DAYS_AHEAD, JSON_KEYS, DueEntry, due_words
from careplanner.validation import quoted

EXIT_REFUSED = 2
MAX_DAYS = 3660  # ten years ahead: further than any plan runs
PLAIN_NUMBER = re.compile(r"[0-9]{1,4}")
TEXT_COLUMNS = ("Patient", "Record", "Plan", "Treatment", "Due", "Status")
TreatmentName = Callable[[DueEntry], "str | None"]  # the catalog's name of an entry's treatment
Describe = Callable[[DueEntry], str]  # what is due, in words (careplanner.followup.worklist.describe)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "due", help="list the assessments and reviews of active plans that are due or overdue"
    )
    parser.add_argument(
        "--as-of", type=parse_date, metavar="YYYY-MM-DD", help="the day the list is for (default: today)"
    )
    parser.add_argument(
        "--days",
        type=_days,
        default=DEFAULT_DAYS_AHEAD,
        metavar="N",
        help=f"also list what falls due in the next N days (default: {DEFAULT_DAYS_AHEAD})",
    )
    parser.add_argument(
        "--format", choices=("text", "json", "csv"), default="text", help="output format (default: text)"
    )
    parser.set_defaults(run=run)


def _days(text: str) -> int:
    # ASCII digits only: int() would also take "١٢", " 7 " and "1_0".
    if not PLAIN_NUMBER.fullmatch(text) or int(text) > MAX_DAYS:
        raise argparse.ArgumentTypeError(
            f"{quoted(text)} is not a number of days: give a whole number from 0 to {MAX_DAYS}"
        )
    return int(text)


def run(arguments: argparse.Namespace) -> int:
    from careplanner.catalog import default_catalog
    from careplanner.cli.store_commands import missing_database, open_store
    from careplanner.followup.worklist import describe

    as_of: dt.date = arguments.as_of or dt.date.today()  # "today" read once, here
    if (dt.date.max - as_of).days < arguments.days:
        print(
            f"careplanner due: --as-of {as_of.isoformat()} with --days {arguments.days} runs past the last "
            "date the calendar holds (31 December 9999)",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    if (missing := missing_database(arguments)) is not None:
        print(f"careplanner due: {missing}", file=sys.stderr)
        return EXIT_REFUSED
    catalog = default_catalog()
    store = open_store(arguments)
    try:
        entries = store.due_list(as_of, arguments.days)
    finally:
        store.close()

    def treatment(entry: DueEntry) -> str | None:
        modality = catalog.modalities.get(entry.modality or "")  # None for a review
        return modality.name if modality else None

    if arguments.format == "text":
        sys.stdout.write(as_text(entries, lambda entry: describe(entry, catalog), as_of, arguments.days))
    else:
        write = {"json": as_json, "csv": as_csv}[arguments.format]
        sys.stdout.write(write(entries, treatment, as_of, arguments.days))
    return 0


def as_json(entries: Sequence[DueEntry], treatment: TreatmentName, as_of: dt.date, days: int) -> str:
    lines = [entry.as_json(treatment(entry)) for entry in entries]
    return json.dumps({"due": lines}, ensure_ascii=False, indent=2) + "\n"


def as_csv(entries: Sequence[DueEntry], treatment: TreatmentName, as_of: dt.date, days: int) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=JSON_KEYS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(entry.as_json(treatment(entry)) for entry in entries)
    return out.getvalue()


def as_text(entries: Sequence[DueEntry], what: Describe, as_of: dt.date, days: int) -> str:
    """A table in the window's words: "Duloxetine assessment", "Review (week 4)", "overdue by 2 days"."""
    from careplanner.reports.dates import short_date

    until = as_of + dt.timedelta(days=days)
    heading = f"Assessments and reviews overdue on {short_date(as_of)} or due by {short_date(until)}"
    if not entries:
        return f"{heading}: none.\n"
    rows = [
        (
            entry.patient_name,
            entry.patient_id,
            entry.plan_title,
            what(entry),
            short_date(entry.due_date),
            due_words(entry.due_date, as_of),
        )
        for entry in entries
    ]
    widths = [max(len(row[column]) for row in (TEXT_COLUMNS, *rows)) for column in range(len(TEXT_COLUMNS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in (TEXT_COLUMNS, *rows)
    ]
    return f"{heading}: {len(entries)}\n\n" + "\n".join(lines) + "\n"
