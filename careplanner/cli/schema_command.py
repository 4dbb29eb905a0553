"""`careplanner schema`: print the JSON Schema of the plan document (docs/plan.schema.json)."""

from __future__ import annotations

import argparse
import sys


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "schema",
        help="print the JSON Schema of *.careplan.json documents",
        description="Print the JSON Schema (draft 2020-12) of the plan document, as committed in "
        "docs/plan.schema.json; modality ids are those of the installed catalog.",
    )
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    from careplanner.contract.schema import plan_schema_text  # pydantic loads only for this command

    sys.stdout.write(plan_schema_text())
    return 0
