"""`careplanner due`: the morning list as text, JSON and CSV; a bad option is refused and nothing printed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from careplanner.__main__ import main
from careplanner.domain import Assessment
from careplanner.store import PlanContent, Store
from tests.builders import CATALOG
from tests.integration.test_store_followup import (
    MED_DAY,
    PSY_DAY,
    a_document,
    a_patient,
    active_plan,
    with_item,
)

KEYS = [
    "patient_id",
    "patient_name",
    "plan_id",
    "item",
    "treatment",
    "kind",
    "due_date",
    "status",
    "days_overdue",
]


def run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    status = main(["--database-url", url, "--user", "nurse", "due", *args])
    out, err = capsys.readouterr()
    return status, out, err


def refused(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stopped:
        main(["--database-url", url, "due", *args])
    out, err = capsys.readouterr()
    return int(stopped.value.code or 0), out, err


@pytest.fixture
def clinic(database_url: str) -> str:
    """Ada: review (4 Jan), duloxetine (18 Jan, decided) and CBT (15 Feb); Bea: all three open."""
    store = Store.open(database_url, "setup")
    try:
        _, plan_id = active_plan(store, a_patient("P-1", "Ada Example"))
        decided = Assessment(6, "partial", 35, decision="continue", decided_on=MED_DAY, by="dr.alice")
        store.save_revision(plan_id, with_item(PlanContent.of(a_document()), "med", assessed=decided), base=2)
        active_plan(store, a_patient("P-2", "Bea Baker"))
    finally:
        store.close()
    return database_url


def test_json_lists_what_is_overdue_or_due_in_the_next_days(
    capsys: pytest.CaptureFixture[str], clinic: str
) -> None:
    status, out, err = run(capsys, clinic, "--as-of", "2027-01-17", "--format", "json")
    assert (status, err) == (0, "")
    due = json.loads(out)["due"]
    assert all(list(line) == KEYS for line in due)
    assert [(d["patient_name"], d["kind"], d["item"], d["status"], d["days_overdue"]) for d in due] == [
        ("Ada Example", "review", None, "overdue", 13),
        ("Bea Baker", "review", None, "overdue", 13),
        ("Bea Baker", "assessment", "med", "due", 0),  # Ada's was decided
    ]
    assert due[2]["treatment"] == CATALOG.modality("duloxetine").name and due[0]["treatment"] is None
    assert (due[2]["patient_id"], due[2]["due_date"]) == ("P-2", MED_DAY.isoformat())
    assert isinstance(due[2]["plan_id"], int)


def test_days_widens_the_list(capsys: pytest.CaptureFixture[str], clinic: str) -> None:
    _, out, _ = run(capsys, clinic, "--as-of", "2027-01-17", "--days", "29", "--format", "json")
    dates = [d["due_date"] for d in json.loads(out)["due"]]
    assert dates.count(PSY_DAY.isoformat()) == 2  # 15 Feb is 29 days after 17 Jan
    _, out, _ = run(capsys, clinic, "--as-of", "2027-01-17", "--days", "0", "--format", "json")
    assert [d["status"] for d in json.loads(out)["due"]] == ["overdue", "overdue"]


def test_csv_has_a_header_and_the_json_s_lines(capsys: pytest.CaptureFixture[str], clinic: str) -> None:
    _, out, _ = run(capsys, clinic, "--as-of", "2027-01-17", "--format", "json")
    expected = json.loads(out)["due"]
    status, out, _ = run(capsys, clinic, "--as-of", "2027-01-17", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert status == 0 and rows[0] == KEYS
    as_text = [["" if v is None else str(v) for v in line.values()] for line in expected]
    assert rows[1:] == as_text


def test_text_is_a_table_in_the_clinic_s_words(capsys: pytest.CaptureFixture[str], clinic: str) -> None:
    status, out, _ = run(capsys, clinic, "--as-of", "2027-01-19")
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == "Assessments and reviews overdue on 19 Jan 2027 or due by 26 Jan 2027: 3"
    assert lines[2].split() == ["Patient", "Record", "Plan", "Treatment", "Due", "Status"]
    assert "Review (week 4)" in lines[3] and lines[3].endswith("4 Jan 2027   overdue by 15 days")
    assert lines[5].startswith("Bea Baker    P-2     First plan")
    assert "Duloxetine assessment" in lines[5] and lines[5].endswith("18 Jan 2027  overdue by 1 day")
    assert "med" not in out and "dulox" not in out  # no internal ids or codes


def test_text_says_when_each_line_falls_due_as_the_window_does(
    capsys: pytest.CaptureFixture[str], clinic: str
) -> None:
    """One wording for the window's list, the follow-up tab and the printout (followup.due.due_words)."""
    _, out, _ = run(capsys, clinic, "--as-of", "2027-01-17", "--days", "29")
    ends = [line.rsplit("  ", 1)[-1].strip() for line in out.splitlines()[3:]]
    assert ends == [
        "overdue by 13 days",
        "overdue by 13 days",
        "due tomorrow",
        "due in 29 days",
        "due in 29 days",
    ]
    _, out, _ = run(capsys, clinic, "--as-of", "2027-01-18", "--days", "0")
    assert out.splitlines()[-1].endswith("18 Jan 2027  due today")


def test_an_empty_list_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    Store.open(url, "setup").close()
    assert run(capsys, url, "--as-of", "2027-01-04")[1] == (
        "Assessments and reviews overdue on 4 Jan 2027 or due by 11 Jan 2027: none.\n"
    )
    assert json.loads(run(capsys, url, "--as-of", "2027-01-04", "--format", "json")[1]) == {"due": []}


def test_without_as_of_the_list_is_today_s(capsys: pytest.CaptureFixture[str], clinic: str) -> None:
    today = dt.date.today()
    assert run(capsys, clinic)[1] == run(capsys, clinic, "--as-of", today.isoformat())[1]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--as-of", "2027-02-30"),
        ("--as-of", "17/01/2027"),
        ("--as-of", "20270117"),
        ("--days", "-1"),
        ("--days", "1_0"),
        ("--days", "seven"),
        ("--days", "99999"),
    ],
)
def test_a_bad_option_is_named_and_nothing_is_listed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str, value: str
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    status, out, err = refused(capsys, url, option, value)
    assert (status, out) == (2, "")
    assert f"argument {option}: " in err and value in err
    assert not (tmp_path / "db.sqlite3").exists()  # refused before the database was opened


def test_the_end_of_the_calendar_is_refused_plainly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, f"sqlite:///{tmp_path / 'db.sqlite3'}", "--as-of", "9999-12-30")
    assert (status, out) == (2, "")
    assert "--as-of 9999-12-30 with --days 7" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "command",
    [
        ["due"],
        ["due", "--format", "json"],
        ["export", "1", "--plan-json", "out.careplan.json"],
        ["db", "info"],
    ],
)
def test_a_command_that_only_reads_refuses_a_database_file_that_does_not_exist(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """Opening it would create an empty database, and "nothing is due" would look like the answer."""
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "no-such-folder" / "careplanner.sqlite3"
    status = main(["--database-url", f"sqlite:///{missing}", *command])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert f"there is no database at {missing}" in err and "Nothing was created" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # no file, no folder, no export


def test_the_database_named_by_the_environment_is_checked_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "gone.sqlite3"
    monkeypatch.setenv("CAREPLANNER_DATABASE_URL", f"sqlite:///{missing}")
    assert main(["due"]) == 2
    assert f"careplanner due: there is no database at {missing}" in capsys.readouterr().err
    assert not missing.exists()


def test_an_existing_database_is_read(capsys: pytest.CaptureFixture[str], clinic: str) -> None:
    status, out, err = run(capsys, clinic, "--as-of", "2027-01-17")
    assert (status, err) == (0, "") and out.startswith("Assessments and reviews overdue on 17 Jan 2027")
