"""Composition root: parse the command line and hand over to the window or a command.

With no command, careplanner opens its window. Heavy imports (Qt, SQLAlchemy) happen only on the path that
needs them, so start-up stays quick.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from careplanner import __version__

EXIT_BROKEN_INSTALL = 3


EXIT_DATABASE = 4


def build_parser() -> argparse.ArgumentParser:
    from careplanner.cli import (
        check_command,
        diff_command,
        due_command,
        fhir_commands,
        meeting_commands,
        print_commands,
        schema_command,
        store_commands,
    )

    parser = argparse.ArgumentParser(
        prog="careplanner",
        description="Build and check staged multimodal care plans for chronic pain.",
    )
    parser.add_argument("--version", action="version", version=f"careplanner {__version__}")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="the database (default: $CAREPLANNER_DATABASE_URL, else a SQLite file in the user's data "
        "directory); a clinic: postgresql://user@server/careplanner",
    )
    parser.add_argument("--user", help="who makes changes (default: $CAREPLANNER_USER, else the login name)")
    parser.add_argument("--demo", action="store_true", help="add the demo patients, then open the window")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    check_command.add_parser(commands)
    store_commands.add_parsers(commands)
    due_command.add_parser(commands)
    diff_command.add_parser(commands)
    meeting_commands.add_parser(commands)
    print_commands.add_parsers(commands)
    fhir_commands.add_parsers(commands)
    schema_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if not hasattr(arguments, "run"):
        from careplanner.ui.app import run_app  # Qt is imported only when the window opens

        return run_app(arguments.database_url, arguments.user, arguments.demo)
    from careplanner.catalog import CatalogError
    from careplanner.store.errors import StoreError

    try:
        status: int = arguments.run(arguments)
    except CatalogError as error:
        print(f"careplanner: the installation is damaged.\n{error}", file=sys.stderr)
        return EXIT_BROKEN_INSTALL
    except StoreError as error:
        print(f"careplanner: {error}", file=sys.stderr)
        return EXIT_DATABASE
    return status


if __name__ == "__main__":
    sys.exit(main())
