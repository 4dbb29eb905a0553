"""`careplanner settings sign-off`: the disciplines whose agreement a plan needs before it becomes active."""

from __future__ import annotations

from pathlib import Path

import pytest

from careplanner.__main__ import main


def run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    status = main(["--database-url", url, "--user", "nurse.cli", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_required_disciplines_are_set_shown_and_cleared(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    status, out, _ = run(capsys, url, "settings", "sign-off", "--require", "pharmacy", "physiotherapy")
    assert status == 0 and "Physiotherapy and Pharmacy must sign off in agreement" in out
    status, out, _ = run(capsys, url, "settings", "sign-off")
    assert status == 0 and "Physiotherapy and Pharmacy" in out
    status, out, _ = run(capsys, url, "settings", "sign-off", "--none")
    assert status == 0 and "No sign-off is required" in out


def test_an_unknown_discipline_or_a_missing_database_is_refused(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with pytest.raises(SystemExit) as refused:
        run(capsys, url, "settings", "sign-off", "--require", "surgery")
    assert refused.value.code == 2 and "invalid choice" in capsys.readouterr().err
    status, out, err = run(capsys, url, "settings", "sign-off")
    assert (status, out) == (2, "") and "there is no database at" in err
    assert not (tmp_path / "db.sqlite3").exists()
