"""A due date never shifts with the time zone: of the computer running `careplanner due`, nor of the
PostgreSQL session that stores and reads it. UTC+14 and UTC-12 are a whole day and more apart."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import text

from careplanner.store import Store
from tests.integration.test_store_followup import ALL_OPEN, LATER, active_plan

EAST, WEST = "Pacific/Kiritimati", "Etc/GMT+12"  # UTC+14 and UTC-12 (the POSIX sign is reversed)
ROOT = Path(__file__).resolve().parents[2]


def due_command(url: str, zone: str, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "TZ": zone, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "careplanner", "--database-url", url, "due", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        check=False,
        timeout=120,
    )


def test_the_command_prints_the_same_list_in_every_time_zone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'careplanner.sqlite3'}"
    store = Store.open(url, "setup")
    try:
        active_plan(store)
    finally:
        store.close()
    for output in ("text", "json", "csv"):
        args = ("--as-of", "2027-01-18", "--days", "7", "--format", output)
        east, west = due_command(url, EAST, *args), due_command(url, WEST, *args)
        assert (east.returncode, east.stderr) == (0, "")
        assert west.stdout == east.stdout
        assert "2027-01-18" in east.stdout or "18 Jan 2027" in east.stdout


@pytest.fixture
def process_zone() -> Iterator[None]:
    """This process's own clock far from UTC too (restored afterwards)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = WEST
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def in_zone(url: str, zone: str) -> str:
    return f"{url}?options={quote(f'-c timezone={zone}')}"


@pytest.mark.usefixtures("process_zone")
def test_postgresql_sessions_in_other_zones_store_and_read_the_same_dates(postgres) -> None:  # type: ignore[no-untyped-def]
    url = postgres.new_database()
    east = Store.open(in_zone(url, EAST), "east")
    west = Store.open(in_zone(url, WEST), "west")
    try:
        with east.db.engine.connect() as connection:
            assert connection.execute(text("SHOW TimeZone")).scalar() == EAST
        active_plan(east)  # written by a session at UTC+14
        for store in (east, west):
            assert [(e.kind, e.item_id, e.due_date) for e in store.due_list(LATER)] == ALL_OPEN
            review_day = ALL_OPEN[0][2]
            on_the_day = store.due_list(review_day, 0)
            assert [(e.due_date, e.status, e.days_overdue) for e in on_the_day] == [(review_day, "due", 0)]
        with west.db.engine.connect() as connection:
            stored = connection.execute(text("SELECT min(due_date)::text FROM due_dates")).scalar()
        assert stored == ALL_OPEN[0][2].isoformat()
    finally:
        east.close()
        west.close()
