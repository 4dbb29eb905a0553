"""`careplanner meeting list|agenda|minutes` on SQLite and PostgreSQL: the meetings, the suggested patients
as text and JSON, the minutes written as a PDF; refusals exit 2 with one line and write nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from careplanner.__main__ import main
from careplanner.cli.meeting_commands import DEFAULT_DAYS
from careplanner.store import Store
from careplanner.team.meetings import SUGGESTION_DAYS_AHEAD, Attendee
from tests.integration.test_store_followup import a_patient, active_plan

HOSTILE = "Stop <b>tramadol</b> & review in 4 weeks"


@dataclass(frozen=True)
class Clinic:
    url: str
    meeting_id: int
    unsigned_plan: int  # Ada: nobody signed off
    signed_plan: int  # Bea: Psychology's current dissent


def run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    status = main(["--database-url", url, "--user", "nurse.cli", "meeting", *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def clinic(database_url: str) -> Clinic:
    """Two active plans (review of week 4 on 4 Jan 2027) on the agenda of the 2 Dec 2026 meeting."""
    chair = Store.open(database_url, "dr.ash")
    psychologist = Store.open(database_url, "psy.lee")
    try:
        chair.save_user_profile("Dr Ash", "pain-medicine")
        psychologist.save_user_profile("Pat Lee", "psychology")
        _, unsigned = active_plan(chair, a_patient("P-1", "Ada Example"))
        _, signed = active_plan(chair, a_patient("P-2", "Bea Baker"))
        psychologist.sign_off(signed, 2, False, "Wait for the CBT assessment")
        chair.add_comment(unsigned, 2, "Check the kidney function")
        attendees = (Attendee("Dr Ash", "pain-medicine", "dr.ash"), Attendee("Sam Rowe", "physiotherapy"))
        meeting = chair.create_meeting(dt.date(2026, 12, 2), "December team meeting", attendees)
        meeting = chair.set_agenda(
            meeting.id, meeting.version, [(unsigned, ("Not signed off yet",)), (signed, ())]
        )
        first = meeting.entries[0]
        chair.record_recommendation(first.id, first.version, HOSTILE)
    finally:
        chair.close()
        psychologist.close()
    return Clinic(database_url, meeting.id, unsigned, signed)


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    return re.sub(r"\s+", " ", text)


class TestList:
    def test_text_names_each_meeting_with_its_id(
        self, capsys: pytest.CaptureFixture[str], clinic: Clinic
    ) -> None:
        status, out, err = run(capsys, clinic.url, "list")
        assert (status, err) == (0, "")
        assert "December team meeting" in out and "2 Dec 2026" in out and "Dr Ash" in out
        row = next(line for line in out.splitlines() if "December team meeting" in line)
        assert row.split()[0] == str(clinic.meeting_id)

    def test_json(self, capsys: pytest.CaptureFixture[str], clinic: Clinic) -> None:
        status, out, _ = run(capsys, clinic.url, "list", "--format", "json")
        assert status == 0
        assert json.loads(out) == {
            "meetings": [
                {
                    "id": clinic.meeting_id,
                    "held_on": "2026-12-02",
                    "title": "December team meeting",
                    "chair": "Dr Ash",
                    "patients": 2,
                    "recommended": 1,
                }
            ]
        }


class TestAgenda:
    def test_json_lists_the_unsigned_plan_with_its_reasons(
        self, capsys: pytest.CaptureFixture[str], clinic: Clinic
    ) -> None:
        status, out, err = run(capsys, clinic.url, "agenda", "--date", "2026-12-14", "--format", "json")
        assert (status, err) == (0, "")
        shape = json.loads(out)
        assert (shape["meeting_date"], shape["days"]) == ("2026-12-14", 14)
        assert shape["suggestions"] == [
            {
                "plan_id": clinic.unsigned_plan,
                "patient_id": "P-1",
                "patient_name": "Ada Example",
                "plan_title": "First plan",
                "urgency": 3,
                "reasons": ["Not signed off yet"],
            }
        ]

    def test_more_days_ahead_bring_the_review_in(
        self, capsys: pytest.CaptureFixture[str], clinic: Clinic
    ) -> None:
        status, out, _ = run(capsys, clinic.url, "agenda", "--date", "2026-12-14", "--days", "21")
        assert status == 0
        assert "Plans to discuss at the team meeting on 14 Dec 2026 (reviews due by 4 Jan 2027): 2" in out
        assert out.index("Ada Example") < out.index("Bea Baker")  # both due on the same day: by name
        assert "  - Review due on 4 Jan 2027 (week 4)" in out and "  - Not signed off yet" in out

    def test_an_overdue_review_comes_first(self, capsys: pytest.CaptureFixture[str], clinic: Clinic) -> None:
        status, out, _ = run(capsys, clinic.url, "agenda", "--date", "2027-01-13", "--format", "json")
        assert status == 0
        reasons = [s["reasons"] for s in json.loads(out)["suggestions"]]
        assert reasons[0][0] == "Review overdue by 9 days (week 4, due 4 Jan 2027)"

    @pytest.mark.parametrize("days", ["-1", "abc", "367", "1_0"])
    def test_a_bad_number_of_days_is_refused(
        self, capsys: pytest.CaptureFixture[str], clinic: Clinic, days: str
    ) -> None:
        with pytest.raises(SystemExit) as stopped:
            run(capsys, clinic.url, "agenda", "--days", days)
        assert stopped.value.code == 2 and "is not a number of days" in capsys.readouterr().err


class TestMinutes:
    def test_the_minutes_are_written_as_a_pdf(
        self, capsys: pytest.CaptureFixture[str], clinic: Clinic, tmp_path: Path
    ) -> None:
        (tmp_path / "out").mkdir()
        target = tmp_path / "out" / "minutes.pdf"
        args = ("minutes", str(clinic.meeting_id), "-o", str(target), "--printed-on", "2026-12-03")
        status, out, err = run(capsys, clinic.url, *args)
        assert (status, err) == (0, "") and f"Wrote the minutes PDF to {target}" in out
        text = pdf_text(target)
        for expected in (
            "Wednesday 2 December 2026",
            "Chair: Dr Ash (Pain medicine)",
            "Sam Rowe — Physiotherapy (guest)",
            "Ada Example, record P-1",
            HOSTILE,
            "Bea Baker, record P-2",
            "No recommendation was recorded.",
            "Wait for the CBT assessment",
            "Check the kidney function",
            "Printed 3 December 2026",
        ):
            assert expected in text, expected
        assert [p.name for p in target.parent.iterdir()] == ["minutes.pdf"]  # no temporary file left behind

    def test_an_unknown_meeting_is_named_and_nothing_written(
        self, capsys: pytest.CaptureFixture[str], clinic: Clinic, tmp_path: Path
    ) -> None:
        target = tmp_path / "minutes.pdf"
        status, out, err = run(capsys, clinic.url, "minutes", "987654", "-o", str(target))
        assert (status, out) == (2, "") and "987654" in err and len(err.strip().splitlines()) == 1
        assert not target.exists()

    def test_a_missing_folder_is_refused_before_reading(
        self, capsys: pytest.CaptureFixture[str], clinic: Clinic, tmp_path: Path
    ) -> None:
        target = tmp_path / "nowhere" / "minutes.pdf"
        status, _, err = run(capsys, clinic.url, "minutes", str(clinic.meeting_id), "-o", str(target))
        assert status == 2 and "does not exist" in err and not target.exists()

    @pytest.mark.parametrize("given", ["abc", "0", "-3", "١٢"])
    def test_a_malformed_id_is_refused_naming_it(
        self, capsys: pytest.CaptureFixture[str], clinic: Clinic, given: str
    ) -> None:
        with pytest.raises(SystemExit) as stopped:
            run(capsys, clinic.url, "minutes", given, "-o", "out.pdf")
        assert stopped.value.code == 2 and "is not a meeting id" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args", [("list",), ("agenda",), ("minutes", "1", "-o", "minutes.pdf")], ids=["list", "agenda", "minutes"]
)
def test_a_missing_database_is_refused_not_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...]
) -> None:
    database = tmp_path / "none.sqlite3"
    output = [str(tmp_path / arg) if arg.endswith(".pdf") else arg for arg in args]
    status, out, err = run(capsys, f"sqlite:///{database}", *output)
    assert (status, out) == (2, "") and "there is no database at" in err
    assert len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_the_default_days_ahead_are_the_windows() -> None:
    assert DEFAULT_DAYS == SUGGESTION_DAYS_AHEAD
