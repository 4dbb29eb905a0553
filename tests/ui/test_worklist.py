"""The list of assessments and reviews due or overdue: what it shows, how it sorts, and opening a line."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from careplanner.catalog import default_catalog
from careplanner.domain import Patient, Plan, PlanDocument, PlanItem, Review
from careplanner.followup.decisions import DecisionInput, apply_decision
from careplanner.followup.due import ASSESSMENT, REVIEW, DueEntry
from careplanner.reports.dates import short_date
from careplanner.ui import dialogs
from careplanner.ui.followup.worklist import COLUMNS, DUE_COLUMN, WorklistPanel, day_words
from careplanner.ui.window.main_window import MainWindow

CBT_LINE = f"{default_catalog().modality('cbt').name} assessment"
TODAY = dt.date.today()  # the list is "as of today": the plans are dated around it
ANN = Patient("T-0001", "Ann Tester", dt.date(1970, 3, 1), "female", ("chronic-low-back-pain",))
BEN = Patient("T-0002", "Ben Tester", dt.date(1965, 7, 9), "male", ("chronic-low-back-pain",))
CLEO = Patient("T-0003", "Cleo Tester", dt.date(1980, 1, 5), "female", ("chronic-low-back-pain",))


def _plan(patient: Patient, started_days_ago: int, items: tuple[PlanItem, ...], reviews: tuple[Review, ...]):  # type: ignore[no-untyped-def]
    start = TODAY - dt.timedelta(days=started_days_ago)
    return PlanDocument(patient, Plan(start, items, reviews))


# Ann: duloxetine assessed in week 4 (two days ago), a review in week 5 (in five days).
ANN_PLAN = _plan(ANN, 30, (PlanItem("i1", "duloxetine", 0, assess_week=4, dose_mg_per_day=60),), (Review(5),))
# Ben: CBT assessed today; pregabalin in five weeks (beyond the first week).
BEN_PLAN = _plan(
    BEN,
    21,
    (
        PlanItem("i1", "cbt", 0, assess_week=3),
        PlanItem("i2", "pregabalin", 0, assess_week=8, dose_mg_per_day=300),
    ),
    (),
)
# Cleo: a draft, never listed even though its assessment is overdue.
CLEO_PLAN = _plan(CLEO, 60, (PlanItem("i1", "duloxetine", 0, assess_week=4, dose_mg_per_day=60),), ())


def _store_plans(window: MainWindow, active: bool = True) -> dict[str, tuple[int, int]]:
    """The three patients stored; Ann's and Ben's plans made active. Record number -> (patient, plan)."""
    store = window.controller.store
    assert store is not None
    stored = {}
    for document in (ANN_PLAN, BEN_PLAN, CLEO_PLAN):
        result = store.import_document(document, f"{document.patient.name.split()[0]}'s plan")
        if active and document is not CLEO_PLAN:
            store.set_status(result.plan_id, "active", 1)
        stored[document.patient.id] = (result.patient_id, result.plan_id)
    return stored


def _lines(panel: WorklistPanel) -> list[list[str]]:
    """The table as shown, row by row, column by column."""
    proxy = panel.proxy
    return [
        [proxy.index(row, column).data() for column in range(len(COLUMNS))] for row in range(proxy.rowCount())
    ]


def _shown(qtbot, window: MainWindow, count: int) -> WorklistPanel:  # type: ignore[no-untyped-def]
    window.show_due_list()
    qtbot.waitUntil(lambda: window.worklist.proxy.rowCount() == count, timeout=3000)
    return window.worklist


@pytest.fixture
def window(make_window) -> MainWindow:  # type: ignore[no-untyped-def]
    window = make_window()
    window.stored = _store_plans(window)  # type: ignore[attr-defined]
    return window  # type: ignore[no-any-return]


def test_the_list_shows_what_is_due_and_overdue_in_date_order_with_words(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    panel = _shown(qtbot, window, 3)
    assert _lines(panel) == [
        [
            "Ann Tester",
            "T-0001",
            "Ann's plan",
            "Duloxetine assessment",
            short_date(TODAY - dt.timedelta(days=2)),
            "overdue by 2 days",
        ],
        [
            "Ben Tester",
            "T-0002",
            "Ben's plan",
            CBT_LINE,
            short_date(TODAY),
            "due today",
        ],
        [
            "Ann Tester",
            "T-0001",
            "Ann's plan",
            "Review (week 5)",
            short_date(TODAY + dt.timedelta(days=5)),
            "due in 5 days",
        ],
    ]
    # Overdue reads without colour: bold type as well as the words.
    assert panel.proxy.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert not panel.proxy.index(1, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert panel.heading.text() == f"As of {day_words(TODAY)} — next"
    assert panel.days.text() == "7 days"
    assert panel.summary.text() == "1 overdue, 2 due"


def test_more_days_ahead_lists_more_and_none_lists_only_today_and_overdue(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    panel = _shown(qtbot, window, 3)
    panel.days.setValue(40)
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 4)
    assert _lines(panel)[-1][3::2] == ["Pregabalin assessment", "due in 35 days"]
    panel.days.setValue(0)
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 2)
    assert [line[5] for line in _lines(panel)] == ["overdue by 2 days", "due today"]
    panel.days.setValue(1)
    assert panel.days.text() == "1 day"


def _entry(name: str, due: dt.date, as_of: dt.date) -> DueEntry:
    overdue = max(0, (as_of - due).days)
    return DueEntry(
        1, "R-1", name, 1, "Plan", "review", due, None, None, "overdue" if overdue else "due", overdue, 4
    )


def test_sorting_by_the_due_column_follows_the_dates_not_their_words(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = WorklistPanel()
    qtbot.addWidget(panel)
    panel.show()
    as_of = dt.date(2026, 12, 2)
    # As words, "1 Jan 2027" < "10 Nov 2026" < "25 Dec 2026" < "3 Dec 2026": dates sort otherwise.
    days = [dt.date(2026, 12, 3), dt.date(2027, 1, 1), dt.date(2026, 11, 10), dt.date(2026, 12, 25)]
    panel.show_entries(
        [(_entry(f"P{n}", day, as_of), "Review (week 4)") for n, day in enumerate(days)], as_of
    )
    header = panel.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, 0)
    )  # by patient
    assert [line[0] for line in _lines(panel)] == ["P0", "P1", "P2", "P3"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, DUE_COLUMN))
    assert [line[4] for line in _lines(panel)] == ["10 Nov 2026", "3 Dec 2026", "25 Dec 2026", "1 Jan 2027"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, DUE_COLUMN))
    assert [line[4] for line in _lines(panel)] == ["1 Jan 2027", "25 Dec 2026", "3 Dec 2026", "10 Nov 2026"]
    assert _lines(panel)[-1][5] == "overdue by 22 days"


def test_a_day_s_lines_read_as_careplanner_due_lists_them_and_column_ties_keep_that_order(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Assessments before reviews, then the name without case or accents (followup.worklist.list_order)."""
    panel = WorklistPanel()
    qtbot.addWidget(panel)
    panel.show()
    as_of = dt.date(2026, 12, 2)
    day = as_of + dt.timedelta(days=3)
    wanted = [
        ("Émile", ASSESSMENT, "i1"),
        ("zoe", ASSESSMENT, "i1"),
        ("Ada", REVIEW, None),
        ("Zoë", REVIEW, None),
    ]
    entries = [
        dataclasses.replace(_entry(name, day, as_of), patient_id=f"R-{n}", kind=kind, item_id=item_id)
        for n, (name, kind, item_id) in enumerate(wanted)
    ]
    panel.show_entries([(entry, "Something") for entry in reversed(entries)], as_of)
    expected = [[name, "due in 3 days"] for name, _, _ in wanted]
    assert [line[::5] for line in _lines(panel)] == expected
    header = panel.table.horizontalHeader()
    for column in (COLUMNS.index("Treatment"), COLUMNS.index("Status")):  # every line ties there
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, column))
        assert [line[::5] for line in _lines(panel)] == expected
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, 0))
    assert [line[0] for line in _lines(panel)] == ["Ada", "Émile", "zoe", "Zoë"]  # "zoe" ties: list order


def _section_centre(header, column: int):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    return QPoint(
        header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2
    )


def _row_of(panel: WorklistPanel, treatment: str) -> int:
    return next(row for row, line in enumerate(_lines(panel)) if line[3] == treatment)


def test_enter_on_a_line_opens_that_patient_at_that_assessment(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    panel = _shown(qtbot, window, 3)
    row = _row_of(panel, "Duloxetine assessment")
    panel.table.selectRow(row)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    workspace = window.controller.workspace
    assert workspace is not None
    assert (workspace.origin.patient_id, workspace.origin.plan_id) == window.stored["T-0001"]
    assert window.view.tabs.currentWidget() is window.view.followup
    assert window.view.followup.selected_item_id() == "i1"
    qtbot.waitUntil(lambda: panel.current_entry() is not None)
    assert panel.current_entry().item_id == "i1"  # the line opened stays the current one


def test_a_double_click_on_a_review_opens_the_patient_at_the_follow_up_tab(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    panel = _shown(qtbot, window, 3)
    centre = panel.table.visualRect(panel.proxy.index(_row_of(panel, "Review (week 5)"), 0)).center()
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    workspace = window.controller.workspace
    assert workspace is not None
    assert (workspace.origin.patient_id, workspace.origin.plan_id) == window.stored["T-0001"]
    assert window.view.tabs.currentWidget() is window.view.followup
    assert window.view.followup._selected_key() == ("review", 5)  # the review's own row, ready for the visit


def test_staying_with_unsaved_work_changes_nothing(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ann_key, ann_plan = window.stored["T-0001"]
    assert window.controller.open_patient(ann_key)
    window.controller.workspace.rename("Ann's plan, revised")
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *args: dialogs.CANCEL)
    panel = _shown(qtbot, window, 3)
    panel.openRequested.emit(panel.entry_at(_row_of(panel, CBT_LINE)))
    workspace = window.controller.workspace
    assert workspace.origin.plan_id == ann_plan and not workspace.is_clean
    assert panel.current_entry().patient_key == ann_key  # Ben's line is not marked as if it were open


def test_a_decision_recorded_takes_its_line_off_at_once_and_saving_keeps_it_off(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    panel = _shown(qtbot, window, 3)
    ann_duloxetine = (window.stored["T-0001"][1], "i1")

    def stored_lines() -> list[tuple[int, str | None]]:
        return [(entry.plan_id, entry.item_id) for entry in window.controller.store.due_list(TODAY, 7)]

    panel.openRequested.emit(panel.entry_at(_row_of(panel, "Duloxetine assessment")))
    workspace = window.controller.workspace
    decision = DecisionInput("effective", "continue", TODAY, by="dr.test", relief_percent=40)
    workspace.apply(apply_decision(workspace.document, window.controller.catalog, "i1", decision), "Record")
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 2)
    assert "Duloxetine assessment" not in [line[3] for line in _lines(panel)]
    assert not workspace.is_clean  # not saved: the store still lists it
    assert ann_duloxetine in stored_lines()
    workspace.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 3)
    workspace.undo_stack.redo()
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 2)
    assert window.controller.save()
    assert ann_duloxetine not in stored_lines()
    assert "Duloxetine assessment" not in [line[3] for line in _lines(panel)]


def test_a_patient_switch_moves_the_current_line_to_the_open_patient_or_none(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    panel = _shown(qtbot, window, 3)
    keys = {record: patient for record, (patient, _) in window.stored.items()}
    for record in ("T-0001", "T-0002"):
        assert window.controller.open_patient(keys[record])
        qtbot.waitUntil(
            lambda r=record: panel.current_entry() is not None and panel.current_entry().patient_id == r
        )
        assert {panel.entry_at(i.row()).patient_id for i in panel.table.selectionModel().selectedRows()} == {
            record
        }
    assert window.controller.open_patient(keys["T-0003"])  # Cleo has no line
    qtbot.waitUntil(lambda: panel.current_entry() is None)
    assert panel.table.selectionModel().selectedRows() == []


def test_saving_and_status_changes_refresh_the_list(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    panel = _shown(qtbot, window, 3)
    ann_key, _ = window.stored["T-0001"]
    assert window.controller.open_patient(ann_key)
    window.controller.set_status("revoked")  # Ann's plan leaves the list
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 1)
    assert _lines(panel)[0][0] == "Ben Tester"


def test_the_demo_fills_the_list(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo=True)
    window.show_due_list()
    panel = window.worklist
    qtbot.waitUntil(lambda: panel.proxy.rowCount() >= 4, timeout=3000)
    lines = {(line[0], line[3]): line[5] for line in _lines(panel)}
    assert lines[("Casey Demo", "Diclofenac gel (topical) assessment")].startswith("overdue by ")
    assert lines[("Casey Demo", "Review (week 4)")].startswith("overdue by ")
    assert lines[("Jordan Sample", "Acceptance and commitment therapy (ACT) assessment")].startswith("due ")
    assert lines[("Robin Example", "Review (week 4)")].startswith("due ")
    assert not any(name == "Jordan Sample" and "Duloxetine" in what for name, what in lines)  # decided


def test_the_list_left_open_is_open_and_filled_at_the_next_start(qtbot, window, make_window) -> None:  # type: ignore[no-untyped-def]
    _shown(qtbot, window, 3)
    window.close()
    again = make_window()
    assert again.worklist_dock.isVisible()
    qtbot.waitUntil(lambda: again.worklist.proxy.rowCount() == 3, timeout=3000)


def test_a_hidden_list_is_not_read_until_it_is_shown(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = window.controller.store
    reads: list[dt.date] = []
    real = store.due_list
    monkeypatch.setattr(store, "due_list", lambda *args: reads.append(args[0]) or real(*args))
    assert not window.worklist_dock.isVisible()
    window.controller.open_patient(window.stored["T-0001"][0])
    assert reads == []
    window.worklist_dock.show()
    qtbot.waitUntil(lambda: window.worklist.proxy.rowCount() == 3, timeout=3000)
    assert reads == [TODAY]


def test_record_decision_takes_the_treatment_chosen_in_the_plan_or_asks_for_one(
    qtbot, window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    asked: list[str | None] = []
    monkeypatch.setattr(window.view.followup, "record_decision", lambda item_id=None: asked.append(item_id))
    window.controller.open_patient(window.stored["T-0002"][0])
    window.view.show_plan_tab()
    window.controller.workspace.select(("i2",))
    window.actions_["record_decision"].trigger()
    assert asked == ["i2"]
    window.controller.workspace.select(())
    window.actions_["record_decision"].trigger()
    assert asked == ["i2"]  # nothing chosen: the Follow-up tab is shown to choose from
    assert window.view.tabs.currentWidget() is window.view.followup
    assert "Choose the treatment" in window.statusBar().currentMessage()


def test_the_first_page_leads_to_the_list(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.show()
    assert window.pages.currentWidget() is window.welcome and not window.worklist_dock.isVisible()
    qtbot.mouseClick(window.welcome.due, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.worklist.proxy.rowCount() == 3, timeout=3000)
    assert window.worklist_dock.isVisible()
