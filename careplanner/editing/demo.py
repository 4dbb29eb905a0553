"""Demo patients, so a new user sees worked examples at once (`careplanner --demo`, or on first start).

All names are invented. Two come from the example documents (plans being drafted). The others are built from
templates with dates counted from today, so that the follow-up always looks alive:
- Robin Example: an active plan four weeks in, with one check-in; its 4-week review is due this week.
- Jordan Sample: an active plan ten weeks in, with four check-ins (goal progress, adherence, side effects),
  the 4-week review held, duloxetine stopped at its assessment (a failed trial, now in the treatment
  history) and the assessment of acceptance and commitment therapy due this week.
- Casey Demo: an active plan six weeks in whose 4-week review and topical diclofenac assessment were missed.
Assessment weeks are the templates' own, inside each treatment's window (docs/clinical-reference.md §2); the
4-week review follows "review within 12 weeks" (§5).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Protocol

from careplanner.catalog.model import Catalog
from careplanner.documents import read_plan_file
from careplanner.domain import (
    Adherence,
    Goal,
    GoalProgress,
    HistoryEntry,
    Measurement,
    Patient,
    PegScores,
    PlanDocument,
)
from careplanner.editing.operations import new_document, set_baseline
from careplanner.editing.templates import apply_template, default_templates
from careplanner.followup.checkins import mark_reviews_held
from careplanner.followup.decisions import DecisionInput, apply_decision
from careplanner.resources import examples_dir

EXAMPLES = ("good-plan.careplan.json", "plan-with-problems.careplan.json")
ACTIVE = frozenset({"DEMO-0003", "DEMO-0004", "DEMO-0005"})  # record numbers whose plan is stored active
DECIDED_BY = "Dr Demo"
WEEK = dt.timedelta(weeks=1)
DAY = dt.timedelta(days=1)
YEAR = dt.timedelta(days=365)
Visit = tuple[dt.date, tuple[int, int, int], tuple[int, int], str, dict[str, str], str | None]


class Imported(Protocol):
    @property
    def plan_id(self) -> int: ...


class DemoStore(Protocol):
    def find_patient(self, record_number: str) -> int | None: ...
    def import_document(self, document: PlanDocument, title: str | None = None) -> Imported: ...
    def set_status(self, plan_id: int, status: str, base: int) -> object: ...
    def required_signoffs(self) -> tuple[str, ...]: ...


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
    return dataclasses.replace(document, goals=(Goal("g1", goal, 12),))


def _checkin(
    document: PlanDocument,
    day: dt.date,
    peg: tuple[int, int, int],
    sleep_mood: tuple[int, int],
    progress: str,
    adherence: dict[str, str],
    side_effects: str | None = None,
) -> Measurement:
    """A follow-up visit: the scores, the one goal's progress, and how each active item was taken."""
    modality = {item.id: item.modality for item in document.plan.items}
    return Measurement(
        day,
        PegScores(*peg),
        *sleep_mood,
        goal_progress=(GoalProgress("g1", progress),),
        adherence=tuple(Adherence(item, modality[item], level) for item, level in adherence.items()),
        side_effects=side_effects,
    )


def _jordan(start: dt.date, today: dt.date, catalog: Catalog) -> PlanDocument:
    """Ten weeks in: duloxetine failed at its 6-week assessment and was stopped; ACT is judged at week 10."""
    document = _from_template(
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
                start - YEAR,
                "intolerant",
                end=start - YEAR + 2 * WEEK,
                dose_mg_per_day=150,
                reason="dizziness",
            ),
        ),
        "Play with the grandchildren for an afternoon",
        start,
        today,
    )
    week = document.plan.week_date
    # (day, PEG pain/enjoyment/activity, sleep and mood, goal progress, adherence per item, side effects)
    visits: list[Visit] = [
        (week(2) + 2 * DAY, (7, 6, 6), (4, 5), "no-change", {"i1": "partly", "i2": "as-planned"}, "nausea"),
        (week(4), (6, 6, 5), (5, 5), "some", {"i1": "as-planned", "i2": "as-planned"}, None),
        (week(6), (6, 6, 6), (5, 6), "some", {"i1": "as-planned", "i2": "partly"}, "dry mouth"),
        (
            week(8) + 2 * DAY,
            (5, 5, 4),
            (6, 6),
            "some",
            {"i2": "partly", "i3": "as-planned", "i4": "as-planned"},
            None,
        ),
    ]
    checkins = tuple(_checkin(document, *visit) for visit in visits)
    document = dataclasses.replace(document, checkins=checkins)
    document = mark_reviews_held(document, (4,), week(4))  # the week-4 visit was the review
    stop = DecisionInput(
        "failed",
        "stop",
        week(6),
        by=DECIDED_BY,
        relief_percent=10,
        note="Pain and sleep little changed after 6 weeks at 60 mg",
    )
    return apply_decision(document, catalog, "i1", stop)


def _robin(start: dt.date, today: dt.date) -> PlanDocument:
    """Four weeks in, one check-in behind it; the 4-week review is next."""
    document = _from_template(
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
                start - 2 * YEAR,
                "failed",
                end=start - 2 * YEAR + 8 * WEEK,
                dose_mg_per_day=50,
                reason="no benefit at 50 mg",
            ),
            HistoryEntry("lidocaine-patch", start - YEAR, "partial", end=start - YEAR + 4 * WEEK),
        ),
        "Walk round the supermarket without stopping",
        start,
        today,
    )
    visit = _checkin(
        document,
        document.plan.week_date(2) + 3 * DAY,
        (7, 6, 7),
        (4, 5),
        "no-change",
        {"i1": "as-planned", "i2": "as-planned"},
    )
    return dataclasses.replace(document, checkins=(visit,))


def _casey(start: dt.date, today: dt.date) -> PlanDocument:
    return _from_template(
        "knee-osteoarthritis",
        Patient("DEMO-0005", "Casey Demo", dt.date(1950, 6, 30), "other", ("knee-osteoarthritis",)),
        (
            HistoryEntry(
                "acetaminophen",
                start - YEAR,
                "partial",
                end=start - 4 * WEEK,
                dose_mg_per_day=3000,
            ),
        ),
        "Climb the stairs to the bedroom without resting",
        start,
        today,
    )


def demo_documents(catalog: Catalog, today: dt.date) -> list[tuple[PlanDocument, str]]:
    """The demo plans and their titles; those of `ACTIVE` patients are under way on `today`."""
    documents = [
        (read_plan_file(examples_dir() / name, catalog.modalities.keys()).document, title)
        for name, title in zip(EXAMPLES, ("Staged plan", "Plan to review"), strict=True)
    ]
    monday = _next_monday(today)  # 1 to 7 days ahead: a date due then is due this week
    return [
        *documents,
        (_robin(monday - 4 * WEEK, today), "Neuropathic pain plan"),
        (_jordan(monday - 10 * WEEK, today, catalog), "Fibromyalgia plan"),
        (_casey(monday - 6 * WEEK, today), "Knee plan"),
    ]


def load_demo(store: DemoStore, catalog: Catalog, today: dt.date | None = None) -> int:
    """Store the demo patients that are not there yet; returns how many were added. Where the clinic requires
    sign-offs before a plan becomes active, every demo plan stays a draft: the demo never skips that rule."""
    added = 0
    may_activate = not store.required_signoffs()
    for document, title in demo_documents(catalog, today or dt.date.today()):
        if store.find_patient(document.patient.id) is None:
            imported = store.import_document(document, title)
            if may_activate and document.patient.id in ACTIVE:
                store.set_status(imported.plan_id, "active", 1)  # the import is revision 1
            added += 1
    return added
