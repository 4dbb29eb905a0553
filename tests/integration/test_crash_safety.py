"""A killed process (power cut, kill -9 during a save) never corrupts the database and loses at most the save
that was under way: a real child process is killed while it writes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from careplanner.store import PlanContent, Store
from tests.builders import document, foundation

WRITER = """
import dataclasses, sys
from careplanner.store import PlanContent, Store
store = Store.open(sys.argv[1], "writer")
plan_id, base = int(sys.argv[2]), int(sys.argv[3])
content = PlanContent.of(store.load_revision(plan_id).document)
while True:
    items = list(content.plan.items)
    items[0] = dataclasses.replace(items[0], notes=f"save {base + 1}" + "x" * 1900)
    content = dataclasses.replace(content, plan=dataclasses.replace(content.plan, items=tuple(items)))
    base = store.save_revision(plan_id, content, base).number
    print(base, flush=True)
"""


def _writer(url: str, plan_id: int, base: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, url, str(plan_id), str(base)], stdout=subprocess.PIPE, text=True
    )


@pytest.mark.parametrize("delay", [0.05, 0.137, 0.31])
def test_kill_9_during_saves(tmp_path: Path, delay: float) -> None:
    path = tmp_path / "careplanner.sqlite3"
    url = f"sqlite:///{path}"
    store = Store.open(url, "setup")
    patient = store.create_patient(document().patient)
    plan_id = store.create_plan(patient.id, PlanContent.of(document(foundation())), "Plan").plan_id
    store.close()

    confirmed = 1
    for _ in range(3):  # kill it three times, at different moments
        child = _writer(url, plan_id, confirmed)
        assert child.stdout is not None
        began = time.monotonic()
        for line in child.stdout:
            confirmed = int(line)
            if time.monotonic() - began > delay and confirmed > 5:
                break
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        confirmed = max(confirmed, _head(url, plan_id))

    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = connection.execute(
            "SELECT count(*) FROM plan_revisions WHERE plan_id = ?", (plan_id,)
        ).fetchone()[0]
        head = connection.execute("SELECT head_number FROM plans WHERE id = ?", (plan_id,)).fetchone()[0]
    assert count == head >= confirmed  # every confirmed save survived, and head and rows agree
    reopened = Store.open(url, "check")
    try:
        for number in (1, head // 2, head):
            reopened.load_revision(plan_id, number)  # every revision still reads as a plan
    finally:
        reopened.close()


def _head(url: str, plan_id: int) -> int:
    store = Store.open(url, "check")
    try:
        return store.plan_summary(plan_id).head_number
    finally:
        store.close()
