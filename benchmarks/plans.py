"""Generated plans for benchmarks: a realistic year of care (30 items), repeated year after year."""

from __future__ import annotations

import datetime as dt

from careplanner.domain import Assessment, HistoryEntry, Patient, Plan, PlanDocument, PlanItem, Review

START = dt.date(2026, 12, 7)

# One year of staged care: (modality, start, assess, end, extra fields). Procedures last one week.
YEAR: list[tuple[str, int, int | None, int | None, dict[str, object]]] = [
    ("duloxetine", 0, 6, 26, {"dose_mg_per_day": 60}),
    ("cbt", 0, 10, 12, {}),
    ("pain-education", 2, 8, 8, {}),
    ("physical-therapy", 6, 16, 18, {"region": "lumbar"}),
    ("esi", 8, 12, 9, {"region": "L5"}),
    ("yoga", 12, 20, 24, {}),
    ("mbsr", 14, 24, 22, {}),
    ("medial-branch-block", 16, None, 17, {"region": "lumbar"}),
    ("medial-branch-block", 18, None, 19, {"region": "lumbar"}),
    ("occupational-therapy", 20, 30, 32, {}),
    ("facet-rfa", 22, 28, 23, {"region": "lumbar"}),
    ("pregabalin", 26, 32, 40, {"dose_mg_per_day": 300}),
    ("acupuncture", 28, 36, 38, {}),
    ("tramadol", 30, 33, 36, {"dose_mg_per_day": 200}),
    ("lidocaine-patch", 32, 35, 40, {}),
    ("graded-activity", 36, 44, 46, {}),
    ("self-management", 38, 48, 50, {}),
    ("massage", 40, 48, 50, {}),
    ("acetaminophen", 40, 43, 44, {"dose_mg_per_day": 3000}),
    ("esi", 42, 46, 43, {"region": "L5"}),
    ("trigger-point-injection", 44, 48, 45, {}),
    ("capsaicin-patch", 44, 50, 45, {}),
    ("tai-chi", 46, 60, 62, {}),
    ("aquatic-therapy", 48, 58, 60, {}),
    ("nortriptyline", 48, 55, 60, {"dose_mg_per_day": 25}),
    ("spinal-manipulation", 50, 58, 58, {}),
    ("act", 50, 60, 60, {}),
    ("cyclobenzaprine", 50, 52, 52, {}),
    ("diclofenac-topical", 51, 54, 56, {}),
    ("psych-evaluation", 51, None, 52, {}),
]


def _item(index: int, year: int) -> PlanItem:
    modality, start, assess, end, extra = YEAR[index]
    offset = 52 * year
    fields = dict(extra)
    if modality == "medial-branch-block":
        fields["assessed"] = Assessment(week=start + offset, result="effective", relief_percent=85)
    return PlanItem(
        id=f"y{year}i{index}",
        modality=modality,
        start_week=start + offset,
        assess_week=None if assess is None else assess + offset,
        end_week=None if end is None else end + offset,
        **fields,  # type: ignore[arg-type]
    )


def generated_plan(size: int) -> PlanDocument:
    items = tuple(_item(n % len(YEAR), n // len(YEAR)) for n in range(size))
    years = max(1, size // len(YEAR) + 1)
    history = (
        HistoryEntry(
            "gabapentin", dt.date(2025, 1, 6), "failed", end=dt.date(2025, 4, 7), dose_mg_per_day=1800
        ),
        HistoryEntry("ibuprofen", dt.date(2025, 5, 1), "partial", end=dt.date(2025, 6, 1)),
        HistoryEntry("amitriptyline", dt.date(2025, 7, 1), "intolerant", end=dt.date(2025, 7, 15)),
        HistoryEntry("diazepam", dt.date(2026, 6, 1), "ongoing", dose_mg_per_day=5),
        HistoryEntry(
            "medial-branch-block",
            dt.date(2026, 9, 14),
            "effective",
            end=dt.date(2026, 9, 14),
            relief_percent=85,
            region="lumbar",
        ),
    )
    return PlanDocument(
        patient=Patient("BENCH", "Benchmark Patient", dt.date(1960, 1, 1), "female", ("radicular-pain",)),
        plan=Plan(
            start=START,
            items=items,
            reviews=tuple(Review(week) for week in range(4, 52 * years, 4)),
        ),
        history=history,
    )
