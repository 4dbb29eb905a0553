"""`careplanner settings sign-off`: which disciplines must agree before a plan becomes active."""

from __future__ import annotations

import argparse
import sys

from careplanner.cli.store_commands import missing_database
from careplanner.team.model import DISCIPLINES

EXIT_REFUSED = 2


def add_signoff_parser(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    signoff = kinds.add_parser(
        "sign-off", help="the disciplines whose agreement a plan needs before it becomes active"
    )
    choice = signoff.add_mutually_exclusive_group()
    choice.add_argument("--require", nargs="+", choices=DISCIPLINES, metavar="DISCIPLINE")
    choice.add_argument("--none", action="store_true", help="no sign-off is required")
    signoff.set_defaults(run=run_signoff)


def run_signoff(arguments: argparse.Namespace) -> int:
    from careplanner.store import Store, StoreError
    from careplanner.team.model import disciplines_words

    changing = arguments.none or arguments.require is not None
    missing = missing_database(arguments)
    if missing is not None and not changing:
        print(f"careplanner: {missing}", file=sys.stderr)
        return EXIT_REFUSED
    store = Store.open(arguments.database_url, arguments.user)
    try:
        if changing:
            store.set_required_signoffs(() if arguments.none else arguments.require)
        required = store.required_signoffs()
    except StoreError as error:
        print(f"careplanner: {error}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        store.close()
    if required:
        print(f"Before a plan becomes active, {disciplines_words(required)} must sign off in agreement.")
    else:
        print("No sign-off is required before a plan becomes active.")
    return 0
