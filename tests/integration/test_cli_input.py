"""Bad input on the command line: a plain message, exit status 2, nothing on stdout, nothing written."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from careplanner.__main__ import main
from careplanner.resources import examples_dir

GOOD = examples_dir() / "good-plan.careplan.json"
REFUSED = 2


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exit_:  # argparse refuses arguments this way
        status = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'db.sqlite3'}"


def bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """Files the reader refuses, with what the message must say."""
    good = GOOD.read_text()
    contents = {
        "empty": ("", "the document is empty"),
        "list": ("[]", "the document must be a JSON object, not a list"),
        "null": ("null", "the document must be a JSON object, not null"),
        "string": ('"plan"', "the document must be a JSON object, not text"),
        "no-format": (good.replace('"format": "careplanner/1",', ""), "format: missing"),
        "huge-week": (
            good.replace('"start_week": 0', '"start_week": 1' + "0" * 400, 1),
            "plan.items[0].start_week: the number is beyond ±1.7e308",
        ),
        "infinite-week": (
            good.replace('"start_week": 0', '"start_week": 1e400', 1),
            "plan.items[0].start_week: the number is beyond ±1.7e308",
        ),
        "huge-unknown": (good.replace("{", '{"x": -1e400, ', 1), "x: the number is beyond ±1.7e308"),
        "late-week": (
            good.replace('"2026-12-07"', '"9999-12-01"'),
            "plan.items[0].assess_week: week 6 falls after 9999-12-31",
        ),
        "long-id": (good.replace('"DEMO-0001"', json.dumps("x" * 8_000_000)), "patient.id: too long"),
    }
    files = {}
    for name, (text, expected) in contents.items():
        path = folder / f"{name}.careplan.json"
        path.write_text(text)
        files[name] = (path, expected)
    files["directory"] = (folder, "it is a directory, not a plan document file")
    if Path("/dev/zero").exists():
        files["device"] = (Path("/dev/zero"), "it is a device, not a plan document file")
    return files


def test_check_refuses_every_bad_file_with_exit_2_and_nothing_on_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name, (path, expected) in bad_files(tmp_path).items():
        status, out, err = run(capsys, "check", str(path), "--format", "json")
        assert (status, out) == (REFUSED, ""), name
        assert expected in err, name
        assert len(err) < 2000, name


def test_import_refuses_a_bad_file_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, url: str
) -> None:
    for name, (path, expected) in bad_files(tmp_path).items():
        status, out, err = run(capsys, "--database-url", url, "import", str(path))
        assert (status, out) == (REFUSED, ""), name
        assert expected in err, name
    status, out, err = run(capsys, "--database-url", url, "db", "info")
    assert (status, out) == (REFUSED, "") and "there is no database" in err  # not even an empty one made


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
@pytest.mark.parametrize(
    "command", [["check"], ["import"], ["handout", "-o", "x.pdf"], ["summary", "-o", "x.pdf"]]
)
def test_a_named_pipe_never_blocks_a_command(tmp_path: Path, command: list[str]) -> None:
    pipe = tmp_path / "plan.careplan.json"
    os.mkfifo(pipe)
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    name, *options = command
    result = subprocess.run(
        [sys.executable, "-m", "careplanner", "--database-url", url, name, str(pipe), *options],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert (result.returncode, result.stdout) == (REFUSED, "")
    assert "it is a named pipe (FIFO), not a plan document file" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["²"], '"²" is neither a file nor a plan id'),
        (["12abc"], '"12abc" is neither a file nor a plan id'),
        (["-5"], '"-5" is neither a file nor a plan id'),
        (["9" * 5000], "is neither a file nor a plan id"),
        (["99999999999999999999"], "is neither a file nor a plan id"),
        (["x" * 5000], "is neither a file nor a plan id"),
        (["1", "--revision", "0"], '"0" is not a revision number: give a whole number from 1'),
        (["1", "--revision", "-1"], '"-1" is not a revision number'),
        (["1", "--revision", "²"], '"²" is not a revision number'),
        (["1", "--revision", "1" * 30], "is not a revision number"),
        ([str(GOOD), "--revision", "2"], "--revision is for a stored plan's id"),
        ([str(GOOD), "--printed-on", "2026-02-30"], '"2026-02-30" is not a date (YYYY-MM-DD)'),
        ([str(GOOD), "--printed-on", "20261201"], '"20261201" is not a date (YYYY-MM-DD)'),
        ([str(GOOD), "--printed-on", "soon"], '"soon" is not a date'),
    ],
)
@pytest.mark.parametrize("command", ["handout", "summary"])
def test_bad_arguments_are_refused_plainly_and_nothing_is_written(  # type: ignore[no-untyped-def]
    capsys, url: str, tmp_path: Path, command: str, arguments: list[str], expected: str
) -> None:
    target = tmp_path / "out.pdf"
    status, out, err = run(capsys, "--database-url", url, command, *arguments, "-o", str(target))
    assert (status, out) == (REFUSED, "")
    assert expected in err and "Traceback" not in err
    assert not target.exists()


def test_a_bad_as_of_is_refused_plainly(capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    for command in (["check", str(GOOD)], ["summary", str(GOOD), "-o", str(target)]):
        status, out, err = run(capsys, "--database-url", url, *command, "--as-of", "2026-13-01")
        assert (status, out) == (REFUSED, "") and '"2026-13-01" is not a date (YYYY-MM-DD)' in err
    assert not target.exists()


def test_output_paths_that_cannot_be_written_are_refused_before_printing(  # type: ignore[no-untyped-def]
    capsys, url: str, tmp_path: Path
) -> None:
    cases = {
        tmp_path / "missing" / "out.pdf": "the folder",
        tmp_path: "it is a directory",
        tmp_path / "file.txt" / "out.pdf": "the folder",
        tmp_path / ("x" * 5000 + ".pdf"): "cannot write",
    }
    (tmp_path / "file.txt").write_text("not a folder")
    before = sorted(path.name for path in tmp_path.iterdir() if ".pdf" in path.name)
    for target, expected in cases.items():
        status, out, err = run(capsys, "--database-url", url, "handout", str(GOOD), "-o", str(target))
        assert (status, out) == (REFUSED, ""), target.name[:20]
        assert "cannot write" in err and expected in err
    assert sorted(path.name for path in tmp_path.iterdir() if ".pdf" in path.name) == before


def test_an_output_folder_that_is_not_writable_is_refused(  # type: ignore[no-untyped-def]
    capsys, url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("os.access", lambda *_: False)  # tests may run as root, who may write anywhere
    target = tmp_path / "out.pdf"
    status, out, err = run(capsys, "--database-url", url, "handout", str(GOOD), "-o", str(target))
    assert (status, out) == (REFUSED, "") and f"the folder {tmp_path} is not writable" in err
    assert not target.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_an_output_that_is_a_pipe_is_refused_and_left_alone(capsys, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pipe = tmp_path / "out.pdf"
    os.mkfifo(pipe)
    status, out, err = run(capsys, "--database-url", url, "summary", str(GOOD), "-o", str(pipe))
    assert (status, out) == (REFUSED, "") and "it is not a regular file (a device or a pipe)" in err
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_a_failed_write_leaves_no_half_written_pdf(  # type: ignore[no-untyped-def]
    capsys, url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"the old handout")

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", disk_full)
    status, out, err = run(capsys, "--database-url", url, "handout", str(GOOD), "-o", str(target))
    assert (status, out) == (REFUSED, "") and "No space left on device; nothing was written" in err
    assert target.read_bytes() == b"the old handout"
    assert [path.name for path in tmp_path.iterdir() if ".pdf" in path.name] == ["handout.pdf"]


def test_a_plan_on_the_last_weeks_of_the_calendar_is_checked_but_not_printed(  # type: ignore[no-untyped-def]
    capsys, url: str, tmp_path: Path
) -> None:
    data = json.loads(GOOD.read_text())
    data["plan"]["start"] = "9999-12-01"
    data["plan"]["items"] = [{"id": "i1", "modality": "duloxetine", "start_week": 0, "assess_week": 4}]
    data["plan"]["reviews"] = [{"week": 4}]
    data["goals"] = []
    path = tmp_path / "late.careplan.json"
    path.write_text(json.dumps(data))
    status, out, _ = run(capsys, "check", str(path))
    assert status in (0, 1) and out
    for command in ("handout", "summary"):
        target = tmp_path / f"{command}.pdf"
        status, out, err = run(capsys, "--database-url", url, command, str(path), "-o", str(target))
        if status == 0:
            assert target.exists()  # every date this printout shows exists
            continue
        assert (status, out) == (REFUSED, "")
        assert f"no {command} was written: a date it would show falls after 9999-12-31" in err
        assert not target.exists()
