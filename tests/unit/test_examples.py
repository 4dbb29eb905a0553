"""The example documents shipped in resources/examples."""

from __future__ import annotations

from careplanner.checks import check_plan
from careplanner.documents import read_plan_file
from careplanner.resources import examples_dir
from tests.builders import CATALOG


def check_example(name: str):  # type: ignore[no-untyped-def]
    document = read_plan_file(examples_dir() / name, CATALOG.modalities.keys()).document
    return check_plan(document, CATALOG)


def test_the_good_example_passes_every_check() -> None:
    report = check_example("good-plan.careplan.json")
    assert report.findings == ()
    assert report.exit_status == 0


def test_the_problem_example_shows_each_rule_family() -> None:
    report = check_example("plan-with-problems.careplan.json")
    families = {finding.rule.split("-")[0] for finding in report.findings}
    assert families == {"SEQ", "WIN", "HIST", "SAFE", "PREREQ"}
    assert report.exit_status == 1
    late = next(f for f in report.findings if f.rule == "WIN-LATE")
    assert late.acknowledged is not None and late.acknowledged.by == "dr.demo"
    assert report.unmatched_acknowledgements == ()
