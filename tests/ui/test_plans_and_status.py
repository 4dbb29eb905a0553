"""A patient's plans: switching between them, starting a new one, and moving a plan through its statuses."""

from __future__ import annotations

import datetime as dt

from careplanner.domain import Patient
from careplanner.editing import default_templates, operations
from careplanner.ui import dialogs
from careplanner.ui.window.main_window import MainWindow

EVE = Patient("T-5", "Eve Example", dt.date(1970, 7, 7), "female", ("chronic-low-back-pain",))
TEMPLATE = next(t for t in default_templates() if t.id == "low-back-radicular")


def patient_with_two_plans(window: MainWindow) -> tuple[int, int, int]:
    patient_id = window.controller.store.create_patient(EVE).id
    window.controller.open_patient(patient_id)
    window.controller.apply_template(TEMPLATE)
    assert window.controller.save()
    first = window.controller.workspace.origin.plan_id
    window.controller.new_plan()
    assert window.controller.save()
    return patient_id, first, window.controller.workspace.origin.plan_id


def test_calling_off_a_switch_leaves_the_plan_list_on_the_open_plan(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _, first, second = patient_with_two_plans(window)
    workspace = window.controller.workspace
    workspace.apply(operations.set_reviews(workspace.document, [4]), "Reviews")
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *args: dialogs.CANCEL)
    plans = window.view.plans
    index = plans.findData(first)
    plans.setCurrentIndex(index)
    plans.activated.emit(index)  # the other plan is picked, then Cancel at "unsaved changes"
    assert window.controller.workspace.origin.plan_id == second
    assert plans.currentData() == second


def test_status_commands_follow_what_the_plan_may_become(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _, _, second = patient_with_two_plans(window)
    enabled = lambda: {key for key in ("activate", "complete", "revoke") if window.actions_[key].isEnabled()}  # noqa: E731
    assert enabled() == {"activate", "revoke"}  # a draft
    window.actions_["activate"].trigger()
    assert enabled() == {"complete", "revoke"}
    workspace = window.controller.workspace
    workspace.apply(operations.set_reviews(workspace.document, [4]), "Reviews")
    assert window.controller.save()
    monkeypatch.setattr(dialogs, "choose_revision", lambda parent, revisions: 1)
    window.actions_["revisions"].trigger()  # an earlier revision is only looked at
    assert window.controller.workspace.read_only and enabled() == set()
    window.controller.open_patient(window.controller.workspace.origin.patient_id, second)
    window.actions_["complete"].trigger()
    assert window.controller.workspace.read_only and enabled() == set()


def test_a_new_plan_after_discarding_starts_from_the_stored_patient(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    patient_id = window.controller.store.create_patient(EVE).id
    window.controller.open_patient(patient_id)
    assert window.controller.save()
    form = window.view.patient_form
    form.name.setText("Eve Wrongname")
    form.name.textEdited.emit("Eve Wrongname")
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *args: dialogs.DISCARD)
    window.actions_["new_plan"].trigger()
    workspace = window.controller.workspace
    assert workspace.document.patient.name == "Eve Example"
    assert workspace.origin.patient_id == patient_id and workspace.origin.plan_id is None


def test_an_assessment_date_passed_unrecorded_is_flagged_while_editing(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    patient_id = window.controller.store.create_patient(EVE).id
    window.controller.open_patient(patient_id)
    workspace = window.controller.workspace
    ten_weeks_ago = dt.date.today() - dt.timedelta(weeks=10)
    workspace.apply(operations.set_plan_start(workspace.document, ten_weeks_ago), "Start")
    window.controller.apply_template(TEMPLATE)
    overdue = {f.items for f in workspace.report.findings if f.rule == "WIN-OVERDUE"}
    due = {i.id for i in workspace.document.plan.items if i.assess_week is not None and i.assess_week < 10}
    assert due and {ref for refs in overdue for ref in refs} == due
    assert window.controller.save()
    window.controller.set_status("active")
    window.controller.set_status("completed")  # a finished plan is a record: nothing is "overdue" in it
    assert not any(f.rule == "WIN-OVERDUE" for f in window.controller.workspace.report.findings)


def test_picking_the_plan_again_leaves_an_earlier_revision(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _, _, second = patient_with_two_plans(window)
    workspace = window.controller.workspace
    workspace.apply(operations.set_reviews(workspace.document, [4]), "Reviews")
    assert window.controller.save()  # revision 2
    monkeypatch.setattr(dialogs, "choose_revision", lambda parent, revisions: 1)
    window.actions_["revisions"].trigger()
    assert window.controller.workspace.read_only
    plans = window.view.plans
    plans.activated.emit(plans.findData(second))  # the same plan picked again: back to its newest revision
    assert not window.controller.workspace.read_only and window.controller.workspace.origin.base_revision == 2


def test_a_plan_renamed_with_f2_keeps_its_new_name_after_saving(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from careplanner.ui.plan import dialogs as plan_dialogs

    window = make_window()
    patient_id, first, _ = patient_with_two_plans(window)
    window.controller.open_patient(patient_id, first)
    monkeypatch.setattr(plan_dialogs, "ask_plan_name", lambda parent, current: "Back pain, first stage")
    window.actions_["rename_plan"].trigger()
    assert not window.controller.workspace.is_clean  # a rename is a change to save (and to undo)
    assert window.controller.save()
    window.controller.open_patient(patient_id, first)
    plans = window.view.plans
    assert plans.itemText(plans.findData(first)).startswith("Back pain, first stage")
    assert window.controller.workspace.title == "Back pain, first stage"
