"""`careplanner handout`, `careplanner summary` and `careplanner settings clinic`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from careplanner.__main__ import main
from careplanner.resources import examples_dir

GOOD = examples_dir() / "good-plan.careplan.json"


def run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    status = main(["--database-url", url, "--user", "nurse.cli", *args])
    out, err = capsys.readouterr()
    return status, out, err


def text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'db.sqlite3'}"


def test_a_handout_from_a_file_carries_the_clinic_s_details(capsys, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run(capsys, url, "settings", "clinic", "--name", "Hillside Pain Clinic", "--phone", "0555 010 020")
    target = tmp_path / "handout.pdf"
    status, out, _ = run(capsys, url, "handout", str(GOOD), "-o", str(target), "--printed-on", "2026-11-21")
    assert status == 0 and "Wrote the handout" in out
    content = text(target)
    assert (
        "Hillside Pain Clinic" in content
        and "0555 010 020" in content
        and "Printed 21 November 2026" in content
    )


def test_the_same_command_writes_the_same_bytes(capsys, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for target in (first, second):
        run(
            capsys,
            url,
            "handout",
            str(GOOD),
            "-o",
            str(target),
            "--printed-on",
            "2026-11-21",
            "--large-print",
        )
    assert first.read_bytes() == second.read_bytes()


def test_a_summary_of_a_stored_plan_names_its_revision(capsys, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run(
        capsys,
        url,
        "import",
        str(examples_dir() / "plan-with-problems.careplan.json"),
        "--title",
        "Review plan",
    )
    target = tmp_path / "summary.pdf"
    status, _, _ = run(capsys, url, "summary", "1", "-o", str(target))
    content = text(target)
    assert (
        status == 0
        and "Review plan" in content
        and "revision 1, draft" in content
        and "saved by nurse.cli" in content
    )


def test_bad_sources_are_refused_clearly(capsys, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    status, out, err = run(capsys, url, "handout", "nonsense", "-o", str(tmp_path / "x.pdf"))
    assert (status, out) == (2, "") and "neither a file nor a plan id" in err
    run(capsys, url, "settings", "clinic", "--name", "Hillside Pain Clinic")  # the database now exists
    status, _, err = run(capsys, url, "summary", "42", "-o", str(tmp_path / "x.pdf"))
    assert status == 4 and "no plan with id 42" in err
    bad = tmp_path / "bad.careplan.json"
    bad.write_text("{}")
    status, _, err = run(capsys, url, "handout", str(bad), "-o", str(tmp_path / "x.pdf"))
    assert status == 2 and "format: missing" in err
    assert not (tmp_path / "x.pdf").exists()


def test_a_printout_that_cannot_be_laid_out_is_refused_and_nothing_written(  # type: ignore[no-untyped-def]
    capsys, url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from careplanner.reports import ReportError

    def cannot_lay_out(*_: object) -> bytes:
        raise ReportError('"Care plan for Ann" cannot be laid out: an entry is longer than a whole page.')

    monkeypatch.setattr("careplanner.reports.render_handout", cannot_lay_out)
    target = tmp_path / "handout.pdf"
    status, out, err = run(capsys, url, "handout", str(GOOD), "-o", str(target))
    assert (status, out) == (2, "") and "no handout was written" in err and "longer than a whole page" in err
    assert not target.exists()


def test_clinic_settings_are_shown_and_kept(capsys, url: str) -> None:  # type: ignore[no-untyped-def]
    run(capsys, url, "settings", "clinic", "--name", "Hillside", "--paper", "letter")
    status, out, _ = run(capsys, url, "settings", "clinic")
    assert status == 0 and "Clinic: Hillside" in out and "Paper: letter" in out


def test_printing_creates_no_database_and_a_stored_plan_needs_one(capsys, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database = tmp_path / "db.sqlite3"
    target = tmp_path / "handout.pdf"
    status, _, _ = run(capsys, url, "handout", str(GOOD), "-o", str(target), "--printed-on", "2026-11-21")
    assert status == 0 and target.exists()  # a file prints without any database
    status, out, err = run(capsys, url, "summary", "12", "-o", str(tmp_path / "summary.pdf"))
    assert status == 2 and out == "" and "there is no database at" in err
    assert not database.exists() and not (tmp_path / "summary.pdf").exists()
    status, out, err = run(capsys, url, "settings", "clinic")  # only shows: nothing to show without one
    assert status == 2 and out == "" and "there is no database at" in err and not database.exists()
