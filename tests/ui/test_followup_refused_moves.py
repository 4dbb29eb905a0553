"""Once a decision has recorded a treatment's course as ended, its start and the plan's start stay: a drag,
an arrow key, the start week or the plan's start date says why (the status line for a drag or a key, a
message for a typed field) and changes nothing. Treatments without such a decision still move."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMainWindow, QMessageBox

from careplanner.domain import PlanDocument
from careplanner.followup.decisions import DecisionInput, apply_decision
from careplanner.ui.plan import item_form as item_form_module
from careplanner.ui.plan import plan_bar as plan_bar_module
from careplanner.ui.plan.item_form import ItemForm
from careplanner.ui.plan.plan_bar import PlanBar
from careplanner.ui.plan.timeline import TimelineView
from careplanner.ui.widgets import to_qdate
from careplanner.ui.workspace import Workspace
from tests.ui.test_followup_checkin import CATALOG, START, followup_document, workspace_of

STOPPED = DecisionInput("failed", "stop", dt.date(2026, 12, 7))  # duloxetine (i1), week 6
REFUSED = "withdraw that decision first"


def stopped() -> PlanDocument:
    return apply_decision(followup_document(), CATALOG, "i1", STOPPED)


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []

    def warning(parent: object, title: str, text: str, *rest: object) -> QMessageBox.StandardButton:
        said.append(text)
        return QMessageBox.StandardButton.Ok

    for module in (item_form_module, plan_bar_module):
        monkeypatch.setattr(module.QMessageBox, "warning", warning)
    return said


def timeline_in_a_window(qtbot, workspace: Workspace) -> tuple[QMainWindow, TimelineView]:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    timeline = TimelineView()
    window.setCentralWidget(timeline)
    window.resize(1100, 600)
    window.show()
    qtbot.waitExposed(window)
    timeline.set_workspace(workspace)
    return window, timeline


def test_arrow_keys_leave_a_stopped_treatment_where_it_is_and_say_why(qtbot) -> None:  # type: ignore[no-untyped-def]
    document = stopped()
    workspace = workspace_of(qtbot, document)
    window, timeline = timeline_in_a_window(qtbot, workspace)
    timeline.setFocus()
    workspace.select(["i1"])
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Left):
        qtbot.keyClick(timeline, key)
        assert workspace.document == document and workspace.undo_stack.count() == 0
    message = window.statusBar().currentMessage()
    assert message.startswith("Duloxetine") and REFUSED in message and "move it" in message

    workspace.select(["i2"])  # no decision on ACT: it moves
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert workspace.document.plan.item("i2").start_week == 1  # type: ignore[union-attr]


def test_a_dragged_stopped_treatment_stays_and_the_status_line_says_why(qtbot) -> None:  # type: ignore[no-untyped-def]
    document = stopped()
    workspace = workspace_of(qtbot, document)
    window, timeline = timeline_in_a_window(qtbot, workspace)
    bar = timeline.bars["i1"]
    placed = bar.pos().x()
    start = timeline.mapFromScene(bar.mapToScene(bar.rect().center()))
    viewport, per_week = timeline.viewport(), timeline.week_scale.per_week
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 7):
        QTest.mouseMove(viewport, QPoint(start.x() + step * int(per_week / 2), start.y()))
    assert timeline.bars["i1"].pos().x() == placed  # it does not follow the mouse
    end = QPoint(start.x() + 3 * int(per_week), start.y())
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    qtbot.wait(50)  # a drop is applied on the next turn of the event loop
    assert workspace.document == document and workspace.undo_stack.count() == 0
    assert timeline.bars["i1"].pos().x() == placed
    assert REFUSED in window.statusBar().currentMessage()
    assert REFUSED in timeline.bars["i1"].toolTip()  # said before trying, too


def test_the_start_week_field_refuses_with_a_message_and_shows_the_start_again(qtbot, warnings) -> None:  # type: ignore[no-untyped-def]
    document = stopped()
    form = ItemForm()
    qtbot.addWidget(form)
    workspace = workspace_of(qtbot, document)
    form.set_workspace(workspace)
    workspace.select(["i1"])
    assert REFUSED in form.start.toolTip()
    form.start.setValue(2)
    assert len(warnings) == 1 and warnings[0].startswith("Duloxetine") and REFUSED in warnings[0]
    assert form.start.value() == 0
    assert workspace.document == document and workspace.undo_stack.count() == 0

    workspace.select(["i3"])  # pregabalin has no decision: its start changes
    assert form.start.toolTip() == ""
    form.start.setValue(9)
    assert workspace.document.plan.item("i3").start_week == 9  # type: ignore[union-attr]
    assert len(warnings) == 1


def test_the_plan_start_refuses_with_a_message_and_shows_the_start_again(qtbot, warnings) -> None:  # type: ignore[no-untyped-def]
    document = stopped()
    bar = PlanBar()
    qtbot.addWidget(bar)
    workspace = workspace_of(qtbot, document)
    bar.set_workspace(workspace)
    assert REFUSED in bar.start.toolTip()
    bar.start.setDate(to_qdate(START + dt.timedelta(days=7)))
    assert len(warnings) == 1 and "plan's start" in warnings[0] and REFUSED in warnings[0]
    assert bar.start.date() == to_qdate(START)
    assert workspace.document == document and workspace.undo_stack.count() == 0

    workspace.undo_stack.clear()
    free = workspace_of(qtbot, followup_document())  # no decision yet: the start moves
    bar.set_workspace(free)
    bar.start.setDate(to_qdate(START + dt.timedelta(days=7)))
    assert free.document.plan.start == START + dt.timedelta(days=7) and len(warnings) == 1
