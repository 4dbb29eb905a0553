"""`careplanner check FILE [--format text|json] [--as-of DATE]` (exit codes of docs/plan-format.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from careplanner.validation import quoted

EXIT_REFUSED = 2
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("check", help="check a *.careplan.json plan and report the findings")
    parser.add_argument("file", type=Path, help="the plan document")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--as-of", type=parse_date, metavar="YYYY-MM-DD", help="report assessments overdue on this date"
    )
    parser.set_defaults(run=run)


def parse_date(text: str) -> dt.date:
    """An argparse type for dates: exactly YYYY-MM-DD (fromisoformat alone also takes forms such as 20261201
    or 2026-W49-1)."""
    try:
        if not DATE.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a date (YYYY-MM-DD)") from None


def run(arguments: argparse.Namespace) -> int:
    from careplanner.catalog import default_catalog
    from careplanner.checks import check_plan
    from careplanner.checks.report import report_to_json, report_to_text
    from careplanner.documents import DocumentError, read_plan_file

    catalog = default_catalog()
    try:
        result = read_plan_file(arguments.file, catalog.modalities.keys())
    except DocumentError as error:
        print(f"careplanner check: {arguments.file} was refused:\n{error}", file=sys.stderr)
        return EXIT_REFUSED
    for note in result.notes:
        print(f"note: {arguments.file}: {note}", file=sys.stderr)
    report = check_plan(result.document, catalog, as_of=arguments.as_of)
    if arguments.format == "json":
        print(report_to_json(report))
    else:
        print(report_to_text(report, result.document, catalog), end="")
    return report.exit_status
