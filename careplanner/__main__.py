"""Composition root: parse the command line and hand over to the command (imports stay lazy for start-up)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from careplanner import __version__

EXIT_BROKEN_INSTALL = 3


EXIT_DATABASE = 4


def build_parser() -> argparse.ArgumentParser:
    from careplanner.cli import check_command, store_commands

    parser = argparse.ArgumentParser(
        prog="careplanner",
        description="Build and check staged multimodal care plans for chronic pain.",
    )
    parser.add_argument("--version", action="version", version=f"careplanner {__version__}")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="the database (default: $CAREPLANNER_DATABASE_URL, else a SQLite file in the user's data "
        "directory); "
        "a clinic: postgresql://user@server/careplanner",
    )
    parser.add_argument(
        "--user", help="who is making changes (default: $CAREPLANNER_USER, else the login name)"
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    check_command.add_parser(commands)
    store_commands.add_parsers(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if not hasattr(arguments, "run"):
        parser.print_help()
        return 0
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
