"""`careplanner meeting list|agenda|minutes`: the team meetings of the database, the plans a meeting should
perhaps discuss, and a meeting's minutes as a PDF.

Only reads: a SQLite database that does not exist is refused, never created. A refusal exits 2 with one line
on standard error and nothing on standard output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from careplanner.cli.check_command import parse_date
from careplanner.cli.store_commands import counting_number
from careplanner.validation import quoted

if TYPE_CHECKING:
    from careplanner.store import Store
    from careplanner.team.meetings import MeetingSummary, Suggestion

    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]

EXIT_REFUSED = 2
# careplanner.team.meetings.SUGGESTION_DAYS_AHEAD (a test keeps them equal): the parser is built on every
# start, the window's too, and that module's dataclasses are not needed to build it.
DEFAULT_DAYS = 14
MAX_DAYS = 366  # a meeting looks ahead to the next reviews, not years
PLAIN_NUMBER = re.compile(r"[0-9]{1,3}")
LIST_COLUMNS = ("Id", "Date", "Title", "Chair", "Patients", "Recommended")


class Refused(Exception):
    """The command cannot run as asked; the message says why in one line."""


def add_parser(commands: SubParsers) -> None:
    meeting = commands.add_parser("meeting", help="team meetings: list them, suggest patients, print minutes")
    actions = meeting.add_subparsers(title="actions", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the team meetings, newest first")
    listing.add_argument("--format", choices=("text", "json"), default="text", help="(default: text)")
    listing.set_defaults(run=run_list)

    agenda = actions.add_parser("agenda", help="the open plans a meeting should perhaps discuss, and why")
    agenda.add_argument(
        "--date", type=parse_date, metavar="YYYY-MM-DD", help="the meeting's date (default: today)"
    )
    agenda.add_argument(
        "--days",
        type=_days,
        default=DEFAULT_DAYS,
        metavar="N",
        help=f"also suggest plans with a review due in the N days after (default: {DEFAULT_DAYS})",
    )
    agenda.add_argument("--format", choices=("text", "json"), default="text", help="(default: text)")
    agenda.set_defaults(run=run_agenda)

    minutes = actions.add_parser("minutes", help="print a meeting's minutes (PDF)")
    minutes.add_argument(
        "meeting_id",
        type=counting_number("a meeting id", "shown by careplanner meeting list"),
        metavar="ID",
        help="the meeting's id (shown by careplanner meeting list)",
    )
    minutes.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")
    minutes.add_argument(
        "--printed-on", type=parse_date, metavar="YYYY-MM-DD", help="the date printed (default: today)"
    )
    minutes.set_defaults(run=run_minutes)


def _days(text: str) -> int:
    # ASCII digits only: int() would also take "١٢", " 7 " and "1_0".
    if not PLAIN_NUMBER.fullmatch(text) or int(text) > MAX_DAYS:
        raise argparse.ArgumentTypeError(
            f"{quoted(text)} is not a number of days: give a whole number from 0 to {MAX_DAYS}"
        )
    return int(text)


def _refuse(message: str) -> int:
    print(f"careplanner meeting: {message}", file=sys.stderr)
    return EXIT_REFUSED


def _open(arguments: argparse.Namespace) -> Store:
    from careplanner.cli.store_commands import missing_database, open_store

    if (missing := missing_database(arguments)) is not None:
        raise Refused(missing)
    return open_store(arguments)


def run_list(arguments: argparse.Namespace) -> int:
    try:
        store = _open(arguments)
    except Refused as refusal:
        return _refuse(str(refusal))
    try:
        meetings = store.list_meetings()
    finally:
        store.close()
    sys.stdout.write(list_json(meetings) if arguments.format == "json" else list_text(meetings))
    return 0


def list_json(meetings: Sequence[MeetingSummary]) -> str:
    rows = [
        {
            "id": meeting.id,
            "held_on": meeting.held_on.isoformat(),
            "title": meeting.title,
            "chair": meeting.chair_name,
            "patients": meeting.patients,
            "recommended": meeting.recommended,
        }
        for meeting in meetings
    ]
    return json.dumps({"meetings": rows}, ensure_ascii=False, indent=2) + "\n"


def list_text(meetings: Sequence[MeetingSummary]) -> str:
    from careplanner.reports.dates import short_date

    if not meetings:
        return "No team meetings yet.\n"
    rows = [
        (
            str(meeting.id),
            short_date(meeting.held_on),
            meeting.title,
            meeting.chair_name,
            str(meeting.patients),
            str(meeting.recommended),
        )
        for meeting in meetings
    ]
    return f"Team meetings: {len(meetings)}\n\n{_table(LIST_COLUMNS, rows)}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[column]) for row in (header, *rows)) for column in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in (header, *rows)
    ]
    return "\n".join(lines) + "\n"


def run_agenda(arguments: argparse.Namespace) -> int:
    from careplanner.catalog import default_catalog
    from careplanner.team.suggestions import suggest_agenda

    meeting_date: dt.date = arguments.date or dt.date.today()  # "today" read once, here
    if (dt.date.max - meeting_date).days < arguments.days:
        return _refuse(
            f"--date {meeting_date.isoformat()} with --days {arguments.days} runs past the last date the "
            "calendar holds (31 December 9999)"
        )
    catalog = default_catalog()
    try:
        store = _open(arguments)
    except Refused as refusal:
        return _refuse(str(refusal))
    try:
        candidates = store.agenda_candidates()
    finally:
        store.close()
    suggestions = suggest_agenda(candidates, catalog, meeting_date, arguments.days)
    write = agenda_json if arguments.format == "json" else agenda_text
    sys.stdout.write(write(suggestions, meeting_date, arguments.days))
    return 0


def agenda_json(suggestions: Sequence[Suggestion], meeting_date: dt.date, days: int) -> str:
    rows = [
        {
            "plan_id": suggestion.plan_id,
            "patient_id": suggestion.record_number,
            "patient_name": suggestion.patient_name,
            "plan_title": suggestion.plan_title,
            "urgency": suggestion.urgency,
            "reasons": list(suggestion.reasons),
        }
        for suggestion in suggestions
    ]
    shape = {"meeting_date": meeting_date.isoformat(), "days": days, "suggestions": rows}
    return json.dumps(shape, ensure_ascii=False, indent=2) + "\n"


def agenda_text(suggestions: Sequence[Suggestion], meeting_date: dt.date, days: int) -> str:
    """Each suggested plan under its patient, with its reasons one a line, the most urgent first."""
    from careplanner.reports.dates import short_date

    until = short_date(meeting_date + dt.timedelta(days=days))
    heading = f"Plans to discuss at the team meeting on {short_date(meeting_date)} (reviews due by {until})"
    if not suggestions:
        return f"{heading}: none.\n"
    blocks = [
        f"{s.patient_name} (record {s.record_number}): {s.plan_title} [plan {s.plan_id}]\n"
        + "".join(f"  - {reason}\n" for reason in s.reasons)
        for s in suggestions
    ]
    return f"{heading}: {len(suggestions)}\n\n" + "\n".join(blocks)


def run_minutes(arguments: argparse.Namespace) -> int:
    from careplanner.cli.print_commands import output_problem, render_and_write
    from careplanner.reports.minutes import minutes_pdf
    from careplanner.reports.settings import SETTING_KEY, ClinicDetails
    from careplanner.store.errors import NotFound
    from careplanner.team.minutes import minutes_of

    if (problem := output_problem(arguments.output)) is not None:
        return _refuse(problem)
    try:
        store = _open(arguments)
    except Refused as refusal:
        return _refuse(str(refusal))
    try:
        meeting, sources = store.minutes_sources(arguments.meeting_id)
        clinic = ClinicDetails.from_setting(store.setting(SETTING_KEY))
    except NotFound as error:
        return _refuse(_naming(arguments.meeting_id, str(error)))
    finally:
        store.close()
    minutes = minutes_of(meeting, sources)
    printed_on = arguments.printed_on or dt.date.today()
    return render_and_write(lambda: minutes_pdf(minutes, clinic, printed_on), arguments.output, "minutes PDF")


def _naming(meeting_id: int, message: str) -> str:
    """The store's sentence, with the meeting's id in front unless it names it already."""
    named = re.search(rf"\bmeeting with id {meeting_id}\b", message) is not None
    return message if named else f"meeting {meeting_id}: {message}"
