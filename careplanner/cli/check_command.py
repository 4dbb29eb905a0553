"""`careplanner check FILE [--format text|json] [--as-of DATE]` (exit codes of ../shared/PLAN-FORMAT.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

EXIT_REFUSED = 2


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("check", help="check a *.careplan.json plan and report the findings")
    parser.add_argument("file", type=Path, help="the plan document")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--as-of", type=_date, metavar="YYYY-MM-DD", help="report assessments overdue on this date"
    )
    parser.set_defaults(run=run)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a date (YYYY-MM-DD)') from None


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
