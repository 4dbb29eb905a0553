"""Demo patients, so a new user sees worked examples at once (`careplanner --demo`, or on first start).

All names are invented. Two come from the example documents; three are built from templates: two start next
Monday, one started six weeks ago and has a check-in, so that today's line and progress show.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from careplanner.catalog.model import Catalog
from careplanner.documents import read_plan_file
from careplanner.domain import Goal, HistoryEntry, Measurement, Patient, PegScores, PlanDocument
from careplanner.editing.operations import new_document, set_baseline
from careplanner.editing.templates import apply_template, default_templates
from careplanner.resources import examples_dir

EXAMPLES = ("good-plan.careplan.json", "plan-with-problems.careplan.json")


class DemoStore(Protocol):
    def find_patient(self, record_number: str) -> int | None: ...
    def import_document(self, document: PlanDocument, title: str | None = None) -> object: ...


def _next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


def _from_template(
    template_id: str,
    patient: Patient,
    history: tuple[HistoryEntry, ...],
    goal: str,
    start: dt.date,
    today: dt.date,
) -> PlanDocument:
    template = next(t for t in default_templates() if t.id == template_id)
    document = apply_template(new_document(patient, start, history), template)
    measured = min(start - dt.timedelta(days=3), today)  # a baseline is never dated in the future
    document = set_baseline(document, Measurement(measured, PegScores(7, 7, 6), 4, 5))
    goals = (Goal("g1", goal, 12),)
    return PlanDocument(
        document.patient, document.plan, document.history, document.baseline, goals, document.checkins
    )


def demo_documents(catalog: Catalog, today: dt.date) -> list[tuple[PlanDocument, str]]:
    documents = [
        (read_plan_file(examples_dir() / name, catalog.modalities.keys()).document, title)
        for name, title in zip(EXAMPLES, ("Staged plan", "Plan to review"), strict=True)
    ]
    start = _next_monday(today)
    year = dt.timedelta(days=365)
    neuropathic = _from_template(
        "neuropathic-pain",
        Patient(
            "DEMO-0003",
            "Robin Example",
            dt.date(1961, 9, 3),
            "male",
            ("diabetic-neuropathy", "neuropathic-pain"),
        ),
        (
            HistoryEntry(
                "amitriptyline",
                start - 2 * year,
                "failed",
                end=start - 2 * year + dt.timedelta(weeks=8),
                dose_mg_per_day=50,
                reason="no benefit at 50 mg",
            ),
            HistoryEntry(
                "lidocaine-patch", start - year, "partial", end=start - year + dt.timedelta(weeks=4)
            ),
        ),
        "Walk round the supermarket without stopping",
        start,
        today,
    )
    under_way = start - dt.timedelta(weeks=6)  # a plan already running, with a check-in behind it
    primary = _from_template(
        "chronic-primary-pain",
        Patient(
            "DEMO-0004",
            "Jordan Sample",
            dt.date(1979, 2, 17),
            "female",
            ("fibromyalgia", "chronic-primary-pain"),
        ),
        (
            HistoryEntry(
                "pregabalin",
                start - year,
                "intolerant",
                end=start - year + dt.timedelta(weeks=2),
                dose_mg_per_day=150,
                reason="dizziness",
            ),
        ),
        "Play with the grandchildren for an afternoon",
        under_way,
        today,
    )
    knee = _from_template(
        "knee-osteoarthritis",
        Patient("DEMO-0005", "Casey Demo", dt.date(1950, 6, 30), "other", ("knee-osteoarthritis",)),
        (
            HistoryEntry(
                "acetaminophen",
                start - year,
                "partial",
                end=start - dt.timedelta(weeks=4),
                dose_mg_per_day=3000,
            ),
        ),
        "Climb the stairs to the bedroom without resting",
        start,
        today,
    )
    checked_in = PlanDocument(
        primary.patient,
        primary.plan,
        primary.history,
        primary.baseline,
        primary.goals,
        (Measurement(under_way + dt.timedelta(weeks=4), PegScores(5, 5, 4), 5, 6),),
    )
    return [
        *documents,
        (neuropathic, "Neuropathic pain plan"),
        (checked_in, "Fibromyalgia plan"),
        (knee, "Knee plan"),
    ]


def load_demo(store: DemoStore, catalog: Catalog, today: dt.date | None = None) -> int:
    """Store the demo patients that are not there yet; returns how many were added."""
    added = 0
    for document, title in demo_documents(catalog, today or dt.date.today()):
        if store.find_patient(document.patient.id) is None:
            store.import_document(document, title)
            added += 1
    return added
