"""A plan at every limit at once, through the commands a clinician runs: checked at once, printed in seconds.

Its printouts run to hundreds of pages (every pair of its sixty items is a finding); the bound is generous
so that a slow, busy two-core machine passes, yet far below the minutes the unlimited input took.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from careplanner.__main__ import main
from tests.unit.test_input_limits_plan import plan_at_every_limit

CHECK_SECONDS = 3.0  # measured 0.1-0.6 s on a busy two-core machine
PRINT_SECONDS = 60.0  # measured 4-8 s for the summary (600 pages), 2 s for the handout


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("limits") / "limits.careplan.json"
    path.write_text(json.dumps(plan_at_every_limit(words=False)))  # unbroken words: the slowest to wrap
    return path


def timed(*args: str) -> tuple[int, float]:
    began = time.perf_counter()
    status = main(list(args))
    return status, time.perf_counter() - began


def test_check_at_every_limit(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, seconds = timed("check", str(plan_file), "--as-of", "2026-09-01")
    out, _ = capsys.readouterr()
    assert status == 1 and "SEQ-CROWDING" in out
    assert seconds < CHECK_SECONDS, f"{seconds:.1f} s"


@pytest.mark.parametrize("command", [["summary", "--as-of", "2026-09-01"], ["handout", "--large-print"]])
def test_printouts_at_every_limit(plan_file: Path, tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "out.pdf"
    name, *options = command
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    status, seconds = timed("--database-url", url, name, str(plan_file), "-o", str(target), *options)
    assert status == 0 and target.read_bytes().startswith(b"%PDF")
    assert seconds < PRINT_SECONDS, f"{seconds:.1f} s"
