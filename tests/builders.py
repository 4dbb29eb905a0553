"""Small builders so that each test reads as the clinical situation it checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from careplanner.catalog import default_catalog
from careplanner.checks import Finding, check_plan
from careplanner.domain import (
    Acknowledgement,
    Assessment,
    Goal,
    HistoryEntry,
    Patient,
    Plan,
    PlanDocument,
    PlanItem,
    Review,
)

CATALOG = default_catalog()
PLAN_START = dt.date(2026, 12, 7)
_DEFAULT = object()


def item(
    item_id: str, modality: str, start: int = 0, assess: object = _DEFAULT, **fields: object
) -> PlanItem:
    """A plan item; the assessment week defaults to the middle of the catalog window (inside it)."""
    if assess is _DEFAULT:
        window = CATALOG.modality(modality).window
        assess = start + window.middle if window else None
    return PlanItem(id=item_id, modality=modality, start_week=start, assess_week=assess, **fields)  # type: ignore[arg-type]


def weeks_before_start(weeks: int, days: int = 0) -> dt.date:
    return PLAN_START - dt.timedelta(days=7 * weeks + days)


def on_week(week: int, days: int = 0) -> dt.date:
    return PLAN_START + dt.timedelta(days=7 * week + days)


def past(
    modality: str,
    start: dt.date,
    end: dt.date | None = None,
    outcome: str = "ongoing",
    **fields: object,
) -> HistoryEntry:
    return HistoryEntry(modality=modality, start=start, end=end, outcome=outcome, **fields)  # type: ignore[arg-type]


def born_for_age(age: int) -> dt.date:
    """A birth date that makes the patient exactly `age` on the plan's start."""
    return PLAN_START.replace(year=PLAN_START.year - age)


def document(
    items: Iterable[PlanItem] = (),
    *,
    history: Iterable[HistoryEntry] = (),
    conditions: Iterable[str] = (),
    age: int = 50,
    reviews: Iterable[int] = (4,),
    acknowledged: Iterable[Acknowledgement] = (),
    goals: Iterable[Goal] = (),
) -> PlanDocument:
    return PlanDocument(
        patient=Patient("T-1", "Test Patient", born_for_age(age), "female", tuple(conditions)),
        plan=Plan(
            start=PLAN_START,
            items=tuple(items),
            reviews=tuple(Review(week) for week in reviews),
            acknowledged=tuple(acknowledged),
        ),
        history=tuple(history),
        goals=tuple(goals),
    )


def foundation() -> list[PlanItem]:
    """Duloxetine and CBT from week 0, each assessed inside its window: the usual first stage."""
    return [item("med", "duloxetine", 0, 6), item("psy", "cbt", 0, 10)]


def findings(doc: PlanDocument, rule: str, as_of: dt.date | None = None) -> list[Finding]:
    return [f for f in check_plan(doc, CATALOG, as_of=as_of, only={rule}).findings if f.rule == rule]


def fired(doc: PlanDocument, as_of: dt.date | None = None) -> set[str]:
    return {f.rule for f in check_plan(doc, CATALOG, as_of=as_of).findings}


def items_of(found: list[Finding]) -> list[set[str]]:
    return [set(f.items) for f in found]


def assessed(week: int, result: str = "effective", relief: float | None = None) -> Assessment:
    return Assessment(week=week, result=result, relief_percent=relief)


def ack(rule: str, *items: str, reason: str = "clinical judgement", by: str = "dr.test") -> Acknowledgement:
    return Acknowledgement(rule=rule, items=items, reason=reason, by=by)
