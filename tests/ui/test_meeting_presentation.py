"""The meeting mode: one patient a page, turned with the keys, in large type that zooms; the team's
recommendation recorded with R (one a colleague recorded meanwhile is never overwritten, and the typed text
is kept); Esc leaves; nothing in it changes a plan; no page ever shows another patient's data."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from careplanner.catalog import default_catalog
from careplanner.domain import Patient, PlanDocument
from careplanner.editing.demo import demo_documents
from careplanner.editing.recovery import Origin
from careplanner.store import Store
from careplanner.team.meetings import Attendee, FindingLine
from careplanner.ui.meeting.presentation import EMPTY_AGENDA, MeetingPresentation
from careplanner.ui.meeting.slide_view import NO_CHART
from careplanner.ui.meeting.slide_words import findings_html, lines_html
from careplanner.ui.plan.timeline import TimelineView
from careplanner.ui.theme import SEVERITY_COLOURS
from careplanner.ui.workspace import Workspace
from tests.builders import document, foundation

CATALOG = default_catalog()
MEETING_DAY = dt.date(2026, 12, 2)
NAMES = ("Eve Example", "Adam Other", "Ida Instance")
CHAIR = Attendee("Dr Test", "pain-medicine", "dr.test")


def patient_document(number: int, name: str) -> PlanDocument:
    patient = Patient(f"T-{number}", name, dt.date(1970 + number, 3, 4), "female", ())
    return dataclasses.replace(document(foundation()), patient=patient)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store.open(database_url, "dr.test")
    opened.save_user_profile("Dr Test", "pain-medicine")
    yield opened
    opened.close()


@pytest.fixture
def colleague(database_url: str, store: Store) -> Iterator[Store]:
    """Another workstation on the same database."""
    other = Store.open(database_url, "dr.ash")
    other.save_user_profile("Dr Ash", "psychology")
    yield other
    other.close()


def plans_of(store: Store, documents: list[PlanDocument]) -> list[int]:
    return [store.import_document(doc, "Staged plan").plan_id for doc in documents]


def meeting_of(store: Store, plan_ids: list[int]) -> int:
    meeting = store.create_meeting(MEETING_DAY, "Pain team meeting", [CHAIR])
    agenda = [(plan_id, ("Not signed off yet",)) for plan_id in plan_ids]
    return store.set_agenda(meeting.id, meeting.version, agenda).id


def present(qtbot, store: Store, meeting_id: int) -> MeetingPresentation:  # type: ignore[no-untyped-def]
    presentation = MeetingPresentation(store, CATALOG, meeting_id, MEETING_DAY)
    qtbot.addWidget(presentation)
    presentation.show_presentation()
    qtbot.waitExposed(presentation)
    return presentation


@pytest.fixture
def three(qtbot, store: Store) -> tuple[MeetingPresentation, list[int]]:  # type: ignore[no-untyped-def]
    plan_ids = plans_of(store, [patient_document(n, name) for n, name in enumerate(NAMES, 1)])
    return present(qtbot, store, meeting_of(store, plan_ids)), plan_ids


def shown(presentation: MeetingPresentation) -> str:
    """Every text on the page now."""
    view = presentation.view
    labels = view.findChildren(QLabel)
    return "\n".join(label.text() for label in labels if label.isVisibleTo(view) and label.text())


def heading(presentation: MeetingPresentation) -> str:
    return presentation.view.heading.text()


def test_the_keys_turn_the_pages(qtbot, three) -> None:  # type: ignore[no-untyped-def]
    presentation, _ = three
    assert presentation.isFullScreen()
    assert heading(presentation).startswith("Eve Example")
    assert presentation.view.position.text() == "Patient 1 of 3"
    steps = [
        (Qt.Key.Key_Right, "Adam Other"),
        (Qt.Key.Key_Space, "Ida Instance"),
        (Qt.Key.Key_PageDown, "Ida Instance"),  # the last page stays
        (Qt.Key.Key_Left, "Adam Other"),
        (Qt.Key.Key_PageUp, "Eve Example"),
        (Qt.Key.Key_End, "Ida Instance"),
        (Qt.Key.Key_Home, "Eve Example"),
        (Qt.Key.Key_PageDown, "Adam Other"),
    ]
    for key, name in steps:
        qtbot.keyClick(presentation, key)
        assert heading(presentation).startswith(name), key
    assert presentation.view.position.text() == "Patient 2 of 3"
    assert "Meeting of 2 Dec 2026" in shown(presentation)
    assert presentation.windowTitle() == "Team meeting: Pain team meeting, 2 Dec 2026"


def test_up_and_down_scroll_the_page(qtbot, three) -> None:  # type: ignore[no-untyped-def]
    presentation, _ = three
    presentation.showNormal()
    presentation.resize(900, 420)  # too small for the page: it scrolls
    qtbot.waitUntil(lambda: presentation.view.page_scroll.verticalScrollBar().maximum() > 0)
    bar = presentation.view.page_scroll.verticalScrollBar()
    qtbot.keyClick(presentation, Qt.Key.Key_Down)
    assert bar.value() > 0
    qtbot.keyClick(presentation, Qt.Key.Key_Up)
    assert bar.value() == 0


def test_each_page_shows_only_its_own_patient_and_is_read_when_shown(qtbot, store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    plan_ids = plans_of(store, [patient_document(n, name) for n, name in enumerate(NAMES, 1)])
    store.add_comment(plan_ids[0], 1, "Eve sleeps badly since the dose change")
    meeting_id = meeting_of(store, plan_ids)
    reads: list[int] = []
    original = store.slide_sources
    monkeypatch.setattr(store, "slide_sources", lambda entry_id: reads.append(entry_id) or original(entry_id))
    presentation = present(qtbot, store, meeting_id)
    assert len(set(reads)) == 1  # only the first page was read to open the meeting
    assert "Eve sleeps badly" in shown(presentation)
    turns = [(Qt.Key.Key_Right, NAMES[1]), (Qt.Key.Key_Right, NAMES[2]), (Qt.Key.Key_Home, NAMES[0])]
    turns += [(Qt.Key.Key_End, NAMES[2]), (Qt.Key.Key_Left, NAMES[1])]
    for key, name in turns:
        qtbot.keyClick(presentation, key)
        text = shown(presentation)
        assert name in text
        assert not any(other in text for other in NAMES if other != name), text
        assert ("Eve sleeps badly" in text) == (name == "Eve Example")


def test_a_page_that_cannot_be_read_shows_nothing_of_the_previous_patient(qtbot, three, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from careplanner.store.errors import StoreError

    presentation, _ = three

    def refuse(entry_id: int) -> object:
        raise StoreError("the database is not reachable")

    monkeypatch.setattr(presentation.store, "slide_sources", refuse)
    qtbot.keyClick(presentation, Qt.Key.Key_Right)
    text = shown(presentation)
    assert "The page of Adam Other could not be read: the database is not reachable" in text
    assert "Eve Example" not in text
    assert presentation.view.timeline.workspace is None


def test_zoom_keys_change_the_type_size_and_the_timeline_fits_again(qtbot, three) -> None:  # type: ignore[no-untyped-def]
    presentation, _ = three
    presentation.showNormal()
    presentation.resize(1366, 768)  # a laptop's screen (the test screen is smaller)
    view = presentation.view
    start, magnified = view.font().pointSizeF(), view.timeline.magnify
    assert start == pytest.approx(1.6 * presentation.font().pointSizeF())
    qtbot.keyClick(presentation, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    larger = view.font().pointSizeF()
    assert larger > start
    assert view.heading.font().pointSizeF() > larger
    assert view.timeline.magnify > magnified
    plus = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(presentation, Qt.Key.Key_Plus, plus)
    assert view.font().pointSizeF() > larger
    # The whole plan still fits the timeline's width: no sideways scrolling.
    timeline = view.timeline
    assert timeline.sceneRect().width() * timeline.magnify <= timeline.viewport().width() + 1
    qtbot.keyClick(presentation, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(presentation, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(presentation, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.font().pointSizeF() < start
    qtbot.keyClick(presentation, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.font().pointSizeF() == pytest.approx(start)


def test_esc_leaves_and_says_so(qtbot, three) -> None:  # type: ignore[no-untyped-def]
    presentation, _ = three
    with qtbot.waitSignal(presentation.closed, timeout=1000):
        qtbot.keyClick(presentation, Qt.Key.Key_Escape)
    assert not presentation.isVisible()


def open_recommendation(qtbot, presentation: MeetingPresentation):  # type: ignore[no-untyped-def]
    qtbot.keyClick(presentation, Qt.Key.Key_R)
    dialog = presentation.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_r_records_the_recommendation_for_the_patient_shown(qtbot, store, three) -> None:  # type: ignore[no-untyped-def]
    presentation, plan_ids = three
    qtbot.keyClick(presentation, Qt.Key.Key_Right)
    assert "No recommendation recorded yet — press R" in shown(presentation)
    dialog = open_recommendation(qtbot, presentation)
    assert dialog.editor.toPlainText() == ""
    assert not dialog.record_button.isEnabled()  # nothing typed, nothing to record
    assert "Adam Other" in dialog.about.text()
    dialog.editor.setPlainText("Continue the plan; review in 4 weeks")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert presentation.dialog is None
    entries = store.load_meeting(presentation.meeting_id).entries
    assert entries[1].recommendation is not None
    assert entries[1].recommendation.text == "Continue the plan; review in 4 weeks"
    assert entries[0].recommendation is None and entries[2].recommendation is None
    assert "Continue the plan; review in 4 weeks — Dr Test (Pain medicine)" in shown(presentation)
    assert store.plan_summary(plan_ids[1]).head_number == 1  # the plan itself is not touched
    dialog = open_recommendation(qtbot, presentation)  # the next time it starts from what is recorded
    assert dialog.editor.toPlainText() == "Continue the plan; review in 4 weeks"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert presentation.dialog is None


def test_a_recommendation_recorded_meanwhile_is_not_overwritten(qtbot, store, colleague, three) -> None:  # type: ignore[no-untyped-def]
    presentation, _ = three
    entry = store.load_meeting(presentation.meeting_id).entries[0]
    dialog = open_recommendation(qtbot, presentation)
    colleague.record_recommendation(entry.id, entry.version, "Refer to the sleep clinic first")
    dialog.editor.setPlainText("Start graded activity now")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert presentation.dialog is dialog and dialog.isVisible()  # still open, with what was typed
    assert dialog.editor.toPlainText() == "Start graded activity now"
    assert dialog.refusal.isVisible() and "Dr Ash" in dialog.refusal.text()
    recorded = store.load_meeting(presentation.meeting_id).entries[0].recommendation
    assert recorded is not None and recorded.text == "Refer to the sleep clinic first"
    assert "Refer to the sleep clinic first — Dr Ash (Psychology)" in shown(presentation)  # theirs, behind
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert presentation.dialog is None


def test_a_page_shown_again_is_read_again(qtbot, store, colleague, three) -> None:  # type: ignore[no-untyped-def]
    presentation, _ = three
    entry = store.load_meeting(presentation.meeting_id).entries[0]
    colleague.record_recommendation(entry.id, entry.version, "Taper the opioid")
    assert "Taper the opioid" not in shown(presentation)
    qtbot.keyClick(presentation, Qt.Key.Key_Right)
    qtbot.keyClick(presentation, Qt.Key.Key_Left)
    assert "Taper the opioid — Dr Ash (Psychology)" in shown(presentation)


def test_the_page_on_screen_shows_a_colleague_s_comment_within_seconds(
    qtbot, store, colleague, three
) -> None:  # type: ignore[no-untyped-def]
    presentation, _ = three
    assert presentation.refresh_timer.isActive()
    plan_id = store.load_meeting(presentation.meeting_id).entries[0].plan_id
    colleague.add_comment(plan_id, 1, "Ask about sleep before raising the dose")
    assert "Ask about sleep" not in shown(presentation)
    presentation.refresh_timer.timeout.emit()  # what the timer does every few seconds
    assert "Ask about sleep before raising the dose" in shown(presentation)
    presentation.close()
    assert not presentation.refresh_timer.isActive()


def drag(qtbot, timeline: TimelineView, item_id: str, pixels: int) -> None:  # type: ignore[no-untyped-def]
    start = timeline.mapFromScene(timeline.bars[item_id].sceneBoundingRect().center())
    qtbot.mousePress(timeline.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 11):
        qtbot.mouseMove(timeline.viewport(), start + QPoint(pixels * step // 10, 0))
    qtbot.mouseRelease(timeline.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(pixels, 0))
    qtbot.wait(10)  # a drop is applied on the next turn of the event loop


def test_the_same_drag_moves_an_item_on_an_editable_timeline(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The gesture the next test makes does move a plan item where plans are edited."""
    workspace = Workspace(CATALOG, "dr.test", patient_document(1, "Eve Example"), Origin())
    timeline = TimelineView()
    qtbot.addWidget(timeline)
    timeline.resize(900, 500)
    timeline.show()
    timeline.set_workspace(workspace)
    drag(qtbot, timeline, "psy", 120)
    assert workspace.document.plan.item("psy").start_week > 0


def test_nothing_in_the_meeting_changes_the_plan(qtbot, store, three) -> None:  # type: ignore[no-untyped-def]
    presentation, plan_ids = three
    timeline = presentation.view.timeline
    workspace = timeline.workspace
    assert workspace is not None and workspace.read_only
    before = workspace.document
    workspace.select(("psy",))
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Left):
        qtbot.keyClick(timeline, key)
    drag(qtbot, timeline, "psy", 120)
    drag(qtbot, timeline, "med", -60)
    assert workspace.document == before
    assert workspace.undo_stack.count() == 0
    assert store.plan_summary(plan_ids[0]).head_number == 1
    assert store.export_document(plan_ids[0]).plan == before.plan


def test_an_empty_agenda_says_so(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    meeting = store.create_meeting(MEETING_DAY, "Nobody yet", [CHAIR])
    presentation = present(qtbot, store, meeting.id)
    assert presentation.view.message.isVisible()
    assert presentation.view.message.text() == EMPTY_AGENDA
    qtbot.keyClick(presentation, Qt.Key.Key_Right)  # nothing to turn to, nothing breaks
    qtbot.keyClick(presentation, Qt.Key.Key_R)
    assert presentation.dialog is None


def test_the_outcome_chart_only_when_there_is_something_to_draw(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    followed = next(doc for doc, _ in demo_documents(CATALOG, MEETING_DAY) if doc.checkins)
    plan_ids = plans_of(store, [patient_document(1, "Eve Example"), followed])
    presentation = present(qtbot, store, meeting_of(store, plan_ids))
    view = presentation.view
    assert not view.chart.isVisible() and view.chart.chart is None
    assert NO_CHART in shown(presentation)
    qtbot.keyClick(presentation, Qt.Key.Key_Right)
    assert view.chart.isVisible() and view.chart.chart is not None
    assert NO_CHART not in shown(presentation)


def test_findings_say_their_severity_and_who_acknowledged_them_and_records_are_not_markup() -> None:
    lines = (
        FindingLine("error", "Ibuprofen: 3600 mg a day is above the maximum", None),
        FindingLine("warning", "No psychological therapy", "Acknowledged by dr.ash: declined by the patient"),
    )
    html = findings_html(lines)
    assert html.index("Error:") < html.index("Warning (acknowledged):")
    assert "Acknowledged by dr.ash: declined by the patient" in html
    assert SEVERITY_COLOURS["error"].name() in html
    assert findings_html(()) == findings_html([]) and "No findings" in findings_html(())
    assert "&lt;b&gt;dose&lt;/b&gt;" in lines_html(["<b>dose</b>"], "none")


def test_a_patient_taken_off_the_agenda_meanwhile_gives_way_to_who_is_there_now(qtbot, store, three) -> None:  # type: ignore[no-untyped-def]
    presentation, plan_ids = three
    qtbot.keyClick(presentation, Qt.Key.Key_Right)
    assert heading(presentation).startswith("Adam Other")
    meeting = store.load_meeting(presentation.meeting_id)
    kept = [(e.plan_id, e.reasons) for e in meeting.entries if e.plan_id != plan_ids[1]]
    store.set_agenda(meeting.id, meeting.version, kept)
    presentation.reload()  # as when the page is shown again
    assert heading(presentation).startswith("Ida Instance")
    assert presentation.view.position.text() == "Patient 2 of 2"
    assert "Adam Other" not in shown(presentation)
