"""The nurse's list: one plan's lines, the open plan merged in unsaved, sorting and wording (one wording of
when a line falls due for the window, the follow-up tab and `careplanner due`)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from careplanner.domain import Patient, PlanDocument
from careplanner.followup.decisions import DecisionInput, apply_decision
from careplanner.followup.due import ASSESSMENT, DUE, OVERDUE, REVIEW, DueEntry, due_words
from careplanner.followup.worklist import describe, list_order, merge_open_plan, plan_entries, sort_entries
from tests.builders import CATALOG, document, item, on_week

AS_OF = on_week(6)


def plan(name: str = "Ann Example") -> PlanDocument:
    """Duloxetine assessed in week 6, CBT in week 10; reviews in weeks 4 and 12."""
    doc = document([item("med", "duloxetine", 0, 6), item("psy", "cbt", 0, 10)], reviews=(4, 12))
    return dataclasses.replace(doc, patient=Patient("R-1", name, doc.patient.birth_date))


def entries(doc: PlanDocument, as_of: dt.date = AS_OF, days: int = 7) -> list[DueEntry]:
    return plan_entries(doc, patient_key=1, plan_id=10, plan_title="First plan", as_of=as_of, days=days)


def stored_line(
    name: str, plan_id: int, due: dt.date, kind: str = REVIEW, record: str = "R-2", item_id: str | None = None
) -> DueEntry:
    status = OVERDUE if due < AS_OF else DUE
    overdue = max(0, (AS_OF - due).days)
    return DueEntry(2, record, name, plan_id, "Plan", kind, due, item_id, None, status, overdue, week=1)


class TestPlanEntries:
    def test_overdue_and_due_within_the_days(self) -> None:
        found = entries(plan())
        assert [(e.kind, e.item_id, e.due_date, e.status, e.days_overdue, e.week) for e in found] == [
            (REVIEW, None, on_week(4), OVERDUE, 14, 4),
            (ASSESSMENT, "med", on_week(6), DUE, 0, 6),
        ]
        assert {(e.patient_key, e.patient_id, e.patient_name, e.plan_id, e.plan_title) for e in found} == {
            (1, "R-1", "Ann Example", 10, "First plan")
        }

    @pytest.mark.parametrize(("days", "count"), [(27, 2), (28, 3)])
    def test_the_last_day_ahead_is_included(self, days: int, count: int) -> None:
        assert len(entries(plan(), days=days)) == count  # the CBT assessment is 28 days after the as-of date


class TestMerge:
    def test_the_open_plans_lines_come_from_its_unsaved_document(self) -> None:
        stored = [*entries(plan()), stored_line("Bob Other", 20, on_week(5))]
        decided = apply_decision(plan(), CATALOG, "med", DecisionInput("effective", "continue", on_week(6)))
        merged = merge_open_plan(stored, 10, decided, "active", 1, "First plan", AS_OF)
        assert [(e.patient_name, e.kind, e.item_id) for e in merged] == [
            ("Ann Example", REVIEW, None),
            ("Bob Other", REVIEW, None),
        ]

    def test_a_replacement_appears_when_its_assessment_falls_due(self) -> None:
        replaced = apply_decision(
            plan(), CATALOG, "med", DecisionInput("failed", "replace", on_week(1), replacement="tramadol")
        )
        merged = merge_open_plan([], 10, replaced, "active", 1, "First plan", on_week(3))
        assert [(e.item_id, e.due_date) for e in merged] == [("i1", on_week(1 + 2)), (None, on_week(4))]

    @pytest.mark.parametrize("status", ["draft", "closed"])
    def test_a_plan_that_is_not_active_has_no_lines(self, status: str) -> None:
        stored = [*entries(plan()), stored_line("Bob Other", 20, on_week(5))]
        merged = merge_open_plan(stored, 10, plan(), status, 1, "First plan", AS_OF)
        assert [e.plan_id for e in merged] == [20]

    def test_without_an_open_plan_the_stored_list_is_sorted(self) -> None:
        stored = [
            stored_line("Cy", 21, on_week(6)),
            stored_line("bea", 20, on_week(6)),
            stored_line("Al", 22, on_week(7)),
        ]
        merged = merge_open_plan(stored, None, None, "active", 0, "", AS_OF)
        assert [e.patient_name for e in merged] == ["bea", "Cy", "Al"]

    def test_the_stored_list_is_not_changed(self) -> None:
        stored = [*entries(plan())]
        kept = list(stored)
        merge_open_plan(stored, 10, None, "active", 1, "First plan", AS_OF)
        assert stored == kept


class TestSort:
    def lines(self) -> list[DueEntry]:
        return [
            stored_line("Cy", 21, on_week(6)),
            stored_line("bea", 20, on_week(6)),
            stored_line("Al", 22, on_week(2)),
        ]

    def test_by_patient_name_ignoring_case(self) -> None:
        assert [e.patient_name for e in sort_entries(self.lines(), "patient_name")] == ["Al", "bea", "Cy"]

    def test_by_patient_name_ignoring_accents_as_the_store_does(self) -> None:
        lines = [stored_line(name, 20, on_week(6)) for name in ("Zoë", "Émile", "Ada", "Eva")]
        assert [e.patient_name for e in sort_entries(lines, "patient_name")] == ["Ada", "Émile", "Eva", "Zoë"]

    def test_descending_keeps_ties_in_date_then_name_order(self) -> None:
        ordered = sort_entries(self.lines(), "days_overdue", descending=True)
        assert [e.patient_name for e in ordered] == ["Al", "bea", "Cy"]

    def test_an_unknown_column_is_refused(self) -> None:
        with pytest.raises(ValueError, match="cannot be sorted by 'colour'"):
            sort_entries(self.lines(), "colour")


def test_described_in_words() -> None:
    [review, assessment] = entries(plan())
    assert describe(assessment, CATALOG) == "Duloxetine assessment"
    assert describe(review, CATALOG) == "Review (week 4)"


class TestOneDay:
    """A day's lines: assessments before reviews, then the patient's name as the store sorts it (case and
    accents aside), then the record number, the plan and the item — as `Store.due_list` orders them."""

    DAY = on_week(6)
    EXPECTED = (
        (ASSESSMENT, "ada", "R-1", 30, "i1"),
        (ASSESSMENT, "ada", "R-1", 30, "i2"),
        (ASSESSMENT, "Émile", "R-3", 31, "i1"),
        (ASSESSMENT, "zoe", "R-2", 33, "i1"),
        (ASSESSMENT, "Zoë", "R-4", 32, "i1"),
        (REVIEW, "Ada", "R-0", 34, None),
        (REVIEW, "Émile", "R-3", 31, None),
    )

    def lines(self) -> list[DueEntry]:
        made = [
            stored_line(name, plan_id, self.DAY, kind, record, item_id)
            for kind, name, record, plan_id, item_id in self.EXPECTED
        ]
        return [*reversed(made), stored_line("Al", 40, self.DAY - dt.timedelta(days=1))]

    def shown(self, entries: list[DueEntry]) -> list[tuple[object, ...]]:
        return [(e.kind, e.patient_name, e.patient_id, e.plan_id, e.item_id) for e in entries]

    def test_the_list_s_order(self) -> None:
        ordered = sort_entries(self.lines())
        assert ordered[0].patient_name == "Al"  # the day before comes first
        assert self.shown(ordered[1:]) == list(self.EXPECTED)

    def test_merging_the_open_plan_keeps_the_same_order(self) -> None:
        assert merge_open_plan(self.lines(), None, None, "active", 0, "", AS_OF) == sort_entries(self.lines())

    def test_the_key_sorts_accents_and_case_as_one_name(self) -> None:
        first, second = (stored_line(name, 20, self.DAY) for name in ("ÉMILE", "emile"))
        assert list_order(first) == list_order(second)


@pytest.mark.parametrize(
    ("days_from_today", "words"),
    [
        (-400, "overdue by 400 days"),
        (-2, "overdue by 2 days"),
        (-1, "overdue by 1 day"),
        (0, "due today"),
        (1, "due tomorrow"),
        (2, "due in 2 days"),
        (90, "due in 90 days"),
    ],
)
def test_when_a_line_falls_due_in_words(days_from_today: int, words: str) -> None:
    assert due_words(AS_OF + dt.timedelta(days=days_from_today), AS_OF) == words


def test_the_words_cross_months_and_years_by_calendar_days() -> None:
    assert due_words(dt.date(2027, 1, 1), dt.date(2026, 12, 31)) == "due tomorrow"
    assert due_words(dt.date(2028, 2, 28), dt.date(2028, 3, 1)) == "overdue by 2 days"  # 29 Feb between


def test_a_due_line_in_json_has_exactly_the_documented_keys_in_order() -> None:
    import datetime as dt

    from careplanner.followup.due import JSON_KEYS, DueEntry

    entry = DueEntry(1, "P-1", "Ann", 2, "Plan", "review", dt.date(2026, 12, 3), None, None, "due", 0, 4)
    assert tuple(entry.as_json(None)) == JSON_KEYS
