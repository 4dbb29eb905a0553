"""Dragging a bar on the timeline, and starting from a previewed template."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from careplanner.domain import Patient
from careplanner.editing import default_templates
from careplanner.ui import dialogs
from careplanner.ui.plan.template_dialog import TemplateDialog
from careplanner.ui.window.main_window import MainWindow

KIM = Patient(
    "T-300", "Kim Example", dt.date(1970, 7, 7), "female", ("chronic-low-back-pain", "radicular-pain")
)


def with_template(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dialogs, "ask_new_patient", lambda parent, is_taken: KIM)
    window.actions_["new_patient"].trigger()
    window.controller.apply_template(next(t for t in default_templates() if t.id == "low-back-radicular"))
    window.view.show_plan_tab()


def test_dragging_a_bar_moves_the_item_and_the_checks_follow(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    with_template(window, monkeypatch)
    timeline = window.view.builder.timeline
    bar = timeline.bars["i3"]  # physical therapy, week 6
    scale = timeline.week_scale
    start = timeline.mapFromScene(bar.mapToScene(bar.rect().center()))
    target = QPoint(start.x() - int(4 * scale.per_week), start.y())  # four weeks earlier: week 2
    viewport = timeline.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 9):
        QTest.mouseMove(viewport, QPoint(start.x() - step * int(scale.per_week / 2), start.y()))
    workspace = window.controller.workspace
    assert "SEQ-LAYER-ORDER" in {f.rule for f in workspace.report.findings}  # the checks follow the drag...
    assert workspace.document.plan.item("i3").start_week == 6  # ...before anything is changed
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target)
    qtbot.waitUntil(lambda: workspace.document.plan.item("i3").start_week == 2)
    assert workspace.document.plan.item("i3").assess_week == 12  # the assessment moved with it
    assert workspace.undo_stack.undoText() == "Move Physical therapy to week 2"
    workspace.undo_stack.undo()
    assert workspace.document.plan.item("i3").start_week == 6
    assert "SEQ-LAYER-ORDER" not in {f.rule for f in workspace.report.findings}


def test_a_template_is_previewed_with_its_checks_before_it_is_applied(
    make_window, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    monkeypatch.setattr(dialogs, "ask_new_patient", lambda parent, is_taken: KIM)
    window.actions_["new_patient"].trigger()
    workspace = window.controller.workspace
    dialog = TemplateDialog(window.controller.catalog, workspace.document, default_templates(), window)
    qtbot.addWidget(dialog)
    names = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert len(names) >= 5
    dialog.list.setCurrentRow(names.index("Chronic low back pain with radicular pain"))
    assert "Passes its checks for this patient" in dialog.about.text()
    assert dialog.timeline.bars  # the preview timeline shows the template's items
    assert workspace.document.plan.items == ()  # nothing applied yet
    window.controller.apply_template(dialog.chosen)
    assert len(workspace.document.plan.items) == 5
    assert not [f for f in workspace.report.findings if f.severity != "info"]
    workspace.undo_stack.undo()
    assert workspace.document.plan.items == ()


def template_dialog(window: MainWindow, qtbot) -> TemplateDialog:  # type: ignore[no-untyped-def]
    workspace = window.controller.workspace
    dialog = TemplateDialog(window.controller.catalog, workspace.document, default_templates(), window)
    qtbot.addWidget(dialog)
    return dialog


@pytest.mark.parametrize(
    ("conditions", "template_id"),
    [
        (("radicular-pain",), "low-back-radicular"),
        (("crps", "depression"), "crps"),
        (("fibromyalgia",), "chronic-primary-pain"),
        (("chronic-primary-pain",), "chronic-primary-pain"),
        (("neuropathic-pain",), "neuropathic-pain"),
        (("post-herpetic-neuralgia",), "neuropathic-pain"),
        (("knee-osteoarthritis", "ckd"), "knee-osteoarthritis"),
        (("anxiety",), None),  # nothing fits: the first template
    ],
)
def test_the_template_that_fits_the_patients_conditions_is_preselected(  # type: ignore[no-untyped-def]
    make_window, qtbot, monkeypatch, conditions, template_id
) -> None:
    window = make_window()
    patient = replace(KIM, conditions=conditions)
    monkeypatch.setattr(dialogs, "ask_new_patient", lambda parent, is_taken: patient)
    window.actions_["new_patient"].trigger()
    dialog = template_dialog(window, qtbot)
    assert dialog.chosen is not None
    assert dialog.chosen.id == (template_id or default_templates()[0].id)


def test_the_template_dialog_says_what_applying_will_do(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    with_template(window, monkeypatch)  # the plan already holds five treatments
    dialog = template_dialog(window, qtbot)
    dialog.list.setCurrentRow([t.id for t in default_templates()].index("knee-osteoarthritis"))
    effect = dialog.effect.text()
    assert "adds 4 treatments" in effect and "week 0" in effect
    assert "replaces the 5 treatments now in the plan" in effect and "history, baseline" in effect
    about = dialog.about.text()
    template = dialog.chosen
    assert template is not None and "(s)" not in about
    assert window.controller.catalog.source_names(template.sources) in about  # named, not keyed
    assert ", ".join(template.sources) not in about
