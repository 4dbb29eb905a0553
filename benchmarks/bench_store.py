"""A clinic-sized database: search-as-you-type, opening a patient with history and plan, saving a revision,
the clinic's list of assessments and reviews due, and the open plans a team meeting's agenda is chosen from.

Run:  .venv/bin/python -m benchmarks.bench_store [--patients 50000] [--skip-postgres] [--dir FOLDER]
Goal: each under 20 ms on SQLite (median and 95th percentile are reported); PostgreSQL beside it. The due
list: under 100 ms on both. The agenda's open plans (every draft and active plan read whole) are timed once
per backend: a whole-clinic read, reported rather than held to a goal.
The PostgreSQL server is a throwaway one started for the run (as for the tests).
Also: the cost of a durable save (synchronous=FULL, one sync per commit) against NORMAL (none), side by side.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import event, func, insert, select

from careplanner.documents import read_plan_file
from careplanner.domain import Assessment, PlanDocument
from careplanner.resources import examples_dir
from careplanner.store import PlanContent, Store
from careplanner.store.due import due_rows
from careplanner.store.models import (
    CheckInRow,
    DueDateRow,
    HistoryRow,
    PatientRow,
    PlanRow,
    RevisionRow,
    SearchTermRow,
)
from careplanner.store.patients import HISTORY_FIELDS
from careplanner.store.plans import _encode
from careplanner.store.search import fold, terms_for


def words(text: str) -> list[str]:
    return text.split()


FIRST = words(
    "Ada Alan Alice Amir Anna Ben Carla Chen Dana David Elena Emil Eva Farah Felix Grace Hana Ivan Jana "
    "Jonas Karin Kenji Lara Leo Lina Luca Maria Mateo Mia Nadia Noah Olga Omar Paula Pedro Rosa Sam Sara "
    "Tom Una Vera Wei Yara Zoe Łukasz Ólafur Søren Zoë"
)
LAST = words(
    "Smith Smythe Schmidt Santos Sato Silva Singh Sorensen Stone Svensson Anderson Baker Brown Chen "
    "Clarke Costa Davies Dubois Evans Fischer Garcia Gonzalez Hansen Hughes Ito Jensen Johnson Kim "
    "Kowalski Lee Lopez Martin Meyer Moreau Müller Nakamura Nguyen Novak Olsen Park Patel Perez Rossi "
    "Russo Tanaka Taylor Wagner Walker Weber Williams Wilson Wiśniewski Yamamoto Young Zhang"
)
QUERIES = ("s", "sm", "smith", "smith ana", "mü", "wiś", "p-0012", "p-004812", "1958-03", "1958-03-02", "zz")
BATCH = 5000
# The clinic on the benchmark's "today": every patient has a completed plan; a quarter of them also have an
# active one, started some day of the past year; the clinic decided 98 in 100 of the assessments and held
# 98 in 100 of the reviews that fell due (so the list holds a few thousand lines, not 50,000).
AS_OF = dt.date(2026, 12, 2)
ACTIVE_SHARE = 0.25
UNDECIDED_SHARE = 0.02
DUE_GOAL_MS = 100
DUE_LIST = "due list, 7 days ahead, whole clinic"
AGENDA = "agenda candidates (every open plan, read)"


def _chunks(rows: list[dict[str, object]]) -> Iterator[list[dict[str, object]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def followed_up(document: PlanDocument, rng: random.Random) -> PlanDocument:
    """The plan started some day of the past year, with what fell due before AS_OF mostly decided or held."""
    plan = document.plan
    start = AS_OF - dt.timedelta(days=rng.randrange(365))

    def done(week: int | None) -> dt.date | None:
        day = start + dt.timedelta(weeks=week or 0)
        return day if week is not None and day < AS_OF and rng.random() >= UNDECIDED_SHARE else None

    items = []
    for item in plan.items:
        decided = done(item.assess_week)
        items.append(
            item
            if decided is None or item.assess_week is None
            else dataclasses.replace(
                item,
                assessed=Assessment(item.assess_week, "partial", 40, decision="continue", decided_on=decided),
            )
        )
    reviews = tuple(dataclasses.replace(review, held_on=done(review.week)) for review in plan.reviews)
    moved = dataclasses.replace(plan, start=start, items=tuple(items), reviews=reviews)
    return dataclasses.replace(document, plan=moved)


def populate(store: Store, patients: int, seed: int = 7) -> list[int]:
    """Bulk-load a clinic: every patient has history and 10 check-ins and a completed plan; a quarter of them
    also an active plan with its due dates. Returns the active plans' ids."""
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    document = read_plan_file(examples_dir() / "good-plan.careplan.json", store.modalities).document
    content = PlanContent.of(document)
    encoded = _encode(content)
    people, terms, history, checkins, plans, revisions, due = [], [], [], [], [], [], []
    for pid in range(1, patients + 1):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        born = dt.date(1935, 1, 1) + dt.timedelta(days=rng.randrange(25000))
        record = f"P-{pid:06d}"
        people.append(
            dict(
                id=pid,
                record_number=record,
                name=name,
                sort_name=fold(name),
                birth_date=born,
                sex="female",
                conditions=["chronic-low-back-pain"],
                notes="",
                version=1,
                created_at=now,
                updated_at=now,
                updated_by="bench",
            )
        )
        terms += [dict(term=term, patient_id=pid) for term in terms_for(name, record, born.isoformat())]
        history += [
            dict(
                patient_id=pid,
                position=i,
                **{f: getattr(entry, f) for f in HISTORY_FIELDS},
            )
            for i, entry in enumerate(document.history)
        ]
        checkins += [
            dict(
                patient_id=pid,
                date=dt.date(2026, 1, 5) + dt.timedelta(weeks=4 * k),
                peg_pain=rng.randint(2, 9),
                peg_enjoyment=rng.randint(2, 9),
                peg_activity=rng.randint(2, 9),
                sleep=5,
                mood=5,
            )
            for k in range(10)
        ]
        for k in range(1 + int(rng.random() < ACTIVE_SHARE)):
            plan_id = 2 * pid - 1 + k
            current = followed_up(document, rng) if k else document
            status = "active" if k else "completed"
            due += due_rows(plan_id, pid, current) if k else []
            plans.append(
                dict(
                    id=plan_id,
                    patient_id=pid,
                    title=f"Plan {k + 1}",
                    status=status,
                    head_number=1,
                    start_date=current.plan.start,
                    created_at=now,
                    created_by="bench",
                    updated_at=now,
                    updated_by="bench",
                )
            )
            revisions.append(
                dict(
                    plan_id=plan_id,
                    number=1,
                    status=status,
                    content=_encode(PlanContent.of(current)) if k else encoded,
                    saved_at=now,
                    saved_by="bench",
                    note=None,
                )
            )
    with store.db.writing() as session:
        for model, rows in (
            (PatientRow, people),
            (SearchTermRow, terms),
            (HistoryRow, history),
            (CheckInRow, checkins),
            (PlanRow, plans),
            (RevisionRow, revisions),
            (DueDateRow, due),
        ):
            for chunk in _chunks(rows):
                session.execute(insert(model), chunk)
    if store.db.is_sqlite:
        with store.db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
    else:
        with store.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    return [row["id"] for row in plans if row["status"] == "active"]  # type: ignore[misc]


def timed(operation: Callable[[], object], repeats: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeats):
        began = time.perf_counter()
        operation()
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def measure(store: Store, patients: int, plan_ids: list[int]) -> dict[str, tuple[float, float]]:
    rng = random.Random(11)
    results = {}
    for query in QUERIES:
        results[f"search {query!r}"] = timed(lambda q=query: store.search_patients(q), 30)  # type: ignore[misc]

    def open_patient() -> None:
        patient_id = rng.randint(1, patients)
        store.load_patient(patient_id)
        summaries = store.list_plans(patient_id)
        store.load_revision(summaries[0].id)

    results["open patient (history, check-ins, plan)"] = timed(open_patient, 200)

    save_times = sorted(timed_save(store, rng.choice(plan_ids)) for _ in range(200))
    results["save a plan revision (as the window does)"] = percentiles(save_times)
    results[DUE_LIST] = timed(lambda: store.due_list(AS_OF), 100)
    results[AGENDA] = timed_agenda(store)
    return results


def timed_agenda(store: Store) -> tuple[float, float]:
    """One read of every open plan for the meeting's suggestions (ms); once, as it reads the whole clinic."""
    began = time.perf_counter()
    candidates = store.agenda_candidates()
    elapsed = (time.perf_counter() - began) * 1000
    print(f"  agenda candidates: {len(candidates):,} open plans read in {elapsed:,.0f} ms")
    return elapsed, elapsed


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def timed_save(store: Store, plan_id: int) -> float:
    """As the window saves a plan edit: checked by the strict reader, then a new revision (ms)."""
    revision = store.load_revision(plan_id)
    summary = store.plan_summary(plan_id)
    version = store.load_patient(summary.patient_id).version
    document = revision.document
    items = list(document.plan.items)
    items[0] = dataclasses.replace(items[0], notes=f"bench {time.perf_counter()}")
    edited = dataclasses.replace(document, plan=dataclasses.replace(document.plan, items=tuple(items)))
    began = time.perf_counter()
    store.save_work(edited, summary.patient_id, version, None, plan_id, revision.info.number, summary.title)
    return (time.perf_counter() - began) * 1000


def timed_opens(url: str, repeats: int = 20) -> tuple[float, float]:
    """Opening the store on a database whose schema is current, as every start does (ms)."""
    samples = []
    for _ in range(repeats):
        began = time.perf_counter()
        store = Store.open(url, "bench")
        samples.append((time.perf_counter() - began) * 1000)
        store.close()
    return percentiles(samples)


def _synchronous_normal(connection: sqlite3.Connection, _: object) -> None:
    connection.execute("PRAGMA synchronous = NORMAL")  # runs after careplanner's own connect settings


def compare_durability(url: str, plan_ids: list[int], saves: int = 200) -> dict[str, tuple[float, float]]:
    """The window's save with synchronous=FULL (careplanner) and NORMAL (no sync per commit), interleaved
    save by save on the same file, so a noisy machine slows both alike and the ratio still tells."""
    full, normal = Store.open(url, "bench"), Store.open(url, "bench")
    event.listen(normal.db.engine, "connect", _synchronous_normal)
    normal.db.engine.dispose()  # new connections from now on take NORMAL
    rng = random.Random(5)
    times: dict[str, list[float]] = {"NORMAL": [], "FULL": []}
    try:
        with normal.db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1
        for _ in range(saves):
            for mode, store in (("NORMAL", normal), ("FULL", full)):
                times[mode].append(timed_save(store, rng.choice(plan_ids)))
    finally:
        full.close()
        normal.close()
    return {mode: percentiles(samples) for mode, samples in times.items()}


def run_backend(name: str, url: str, patients: int) -> dict[str, tuple[float, float]]:
    store = Store.open(url, "bench")
    try:
        began = time.perf_counter()
        plan_ids = populate(store, patients)
        plans = patients + len(plan_ids)
        print(
            f"{name}: loaded {patients:,} patients, {patients * 10:,} check-ins, {plans:,} plans "
            f"({len(plan_ids):,} active) in {time.perf_counter() - began:.0f} s"
        )
        print_due_list(store)
        results = measure(store, patients, plan_ids)
    finally:
        store.close()
    results["open the store (schema current)"] = timed_opens(url)
    if name == "SQLite":
        print_durability(compare_durability(url, plan_ids))
    return results


def print_due_list(store: Store) -> None:
    entries = store.due_list(AS_OF)
    with store.db.reading() as session:
        stored = session.scalar(select(func.count()).select_from(DueDateRow))
    overdue = sum(entry.status == "overdue" for entry in entries)
    print(
        f"  due list on {AS_OF}: {len(entries):,} lines ({overdue:,} overdue) "
        f"out of {stored:,} open dates stored"
    )


def print_durability(modes: dict[str, tuple[float, float]]) -> None:
    print("\nSQLite save (as the window does), ms median / p95, interleaved on one file:")
    for mode, (median, p95) in modes.items():
        print(f"  synchronous={mode:<7} {median:>8.2f} / {p95:>7.2f}")
    ratio = modes["FULL"][0] / modes["NORMAL"][0]
    print(f"  FULL / NORMAL (medians): {ratio:.2f}x: the price of a save that survives a power cut")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=50_000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument(
        "--dir",
        type=Path,
        help="where the SQLite file goes (default: the temp folder; on tmpfs a sync is free)",
    )
    arguments = parser.parse_args()
    columns: dict[str, dict[str, tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(dir=arguments.dir) as folder:
        columns["SQLite"] = run_backend(
            "SQLite", f"sqlite:///{Path(folder) / 'bench.sqlite3'}", arguments.patients
        )
    if not arguments.skip_postgres:
        from tests.integration.postgres_server import PostgresServer, find_binaries

        binaries = find_binaries()
        if binaries is None:
            raise SystemExit("PostgreSQL binaries not found (use --skip-postgres)")
        server = PostgresServer(binaries)
        server.start()
        try:
            columns["PostgreSQL"] = run_backend("PostgreSQL", server.new_database(), arguments.patients)
        finally:
            server.stop()
    names = list(columns)
    print(f"\n{'operation (ms: median / p95)':<42}" + "".join(f"{name:>22}" for name in names))
    for operation in columns["SQLite"]:
        cells = "".join(
            f"{columns[n][operation][0]:>12.2f} / {columns[n][operation][1]:>6.2f}" for n in names
        )
        print(f"{operation:<42}{cells}")
    worst = max(
        p95 for operation, (_, p95) in columns["SQLite"].items() if operation not in (DUE_LIST, AGENDA)
    )
    print(f"\nSQLite worst p95: {worst:.2f} ms ({'meets' if worst < 20 else 'MISSES'} the 20 ms goal)")
    for name in names:
        p95 = columns[name][DUE_LIST][1]
        verdict = "meets" if p95 < DUE_GOAL_MS else "MISSES"
        print(f"{name} due list p95: {p95:.2f} ms ({verdict} the {DUE_GOAL_MS} ms goal)")


if __name__ == "__main__":
    main()
