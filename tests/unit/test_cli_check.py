"""`careplanner check`: output formats and the exit codes of docs/plan-format.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from careplanner.__main__ import main
from careplanner.resources import examples_dir

GOOD = examples_dir() / "good-plan.careplan.json"
PROBLEMS = examples_dir() / "plan-with-problems.careplan.json"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["check", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_good_plan_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, str(GOOD))
    assert status == 0
    assert "No findings" in out


def test_unacknowledged_errors_exit_1_and_text_groups_by_severity(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, str(PROBLEMS))
    assert status == 1
    assert out.index("Errors (") < out.index("Warnings (") < out.index("Information (")
    assert "PREREQ-MISSING - Facet radiofrequency ablation (i4)" in out
    assert 'Acknowledged by dr.demo: "the therapist reassesses' in out
    assert "L-FJ: CMS Local Coverage Determination L38801" in out


def test_json_output_is_the_contract_shape(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, str(PROBLEMS), "--format", "json")
    findings = json.loads(out)["findings"]
    assert status == 1
    assert {tuple(sorted(f)) for f in findings} <= {
        ("items", "message", "rule", "severity", "source"),
        ("acknowledged", "items", "message", "rule", "severity", "source"),
    }
    late = next(f for f in findings if f["rule"] == "WIN-LATE")
    assert late["acknowledged"] == {
        "reason": "the therapist reassesses at week 12; the team review is at week 20",
        "by": "dr.demo",
    }


def test_refused_input_exits_2_with_nothing_on_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.careplan.json"
    data = json.loads(GOOD.read_text())
    data["plan"]["items"][2]["assess_week"] = 3
    bad.write_text(json.dumps(data))
    status, out, err = run(capsys, str(bad), "--format", "json")
    assert (status, out) == (2, "")
    assert "plan.items[2].assess_week: week 3 is before start_week 6" in err


def test_notes_go_to_stderr_and_stdout_stays_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    noted = tmp_path / "noted.careplan.json"
    data = json.loads(GOOD.read_text())
    data["plan"]["colour"] = "green"
    noted.write_text(json.dumps(data))
    status, out, err = run(capsys, str(noted), "--format", "json")
    assert status == 0 and json.loads(out) == {"findings": []}
    assert "plan.colour: unknown field ignored" in err


def test_as_of_reports_overdue_assessments(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, str(GOOD), "--format", "json", "--as-of", "2027-02-01")
    assert [f["items"] for f in json.loads(out)["findings"] if f["rule"] == "WIN-OVERDUE"] == [["i1"]]


def test_a_bad_as_of_date_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["check", str(GOOD), "--as-of", "soon"])
    assert raised.value.code == 2
    assert '"soon" is not a date' in capsys.readouterr().err


def test_the_installed_command_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "careplanner", "check", str(PROBLEMS), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert json.loads(result.stdout)["findings"]
