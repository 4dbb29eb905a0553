"""The findings panel follows the user: a re-check never snaps the selection back to a finding's items."""

from __future__ import annotations

from careplanner.ui.plan.findings_panel import FINDING_ROLE
from careplanner.ui.window.main_window import MainWindow


def open_demo_plan(window: MainWindow, record: str = "DEMO-0002") -> None:
    store = window.controller.store
    assert store is not None
    patient_id = store.find_patient(record)
    assert patient_id is not None
    window.controller.open_patient(patient_id)
    window.view.show_plan_tab()


def test_a_recheck_keeps_the_users_own_selection(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo=True)
    open_demo_plan(window)
    workspace = window.controller.workspace
    findings = window.findings
    row = next(
        row
        for row in range(findings.list.count())
        if len(getattr(findings.list.item(row).data(FINDING_ROLE), "items", ())) == 1
    )
    findings.list.setCurrentRow(row)
    chosen = findings.list.item(row).data(FINDING_ROLE).items
    assert workspace.selection == chosen
    other = next(item.id for item in workspace.document.plan.items if (item.id,) != chosen)
    workspace.select((other,))  # the user clicks another bar
    form = window.view.builder.item_form
    assert form.item_id == other and form.start.isEnabled()
    form.start.setValue(form.start.value() + 1)  # an edit re-runs the checks
    assert workspace.selection == (other,)
    assert form.item_id == other and form.start.isEnabled()
    assert findings.list.currentRow() >= 0  # the finding stays in focus in its list


def test_choosing_a_finding_still_selects_its_items(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo=True)
    open_demo_plan(window)
    findings = window.findings
    for row in range(findings.list.count()):
        finding = findings.list.item(row).data(FINDING_ROLE)
        if getattr(finding, "items", None):
            findings.list.setCurrentRow(row)
            assert window.controller.workspace.selection == finding.items
            return
    raise AssertionError("the demo plan has findings naming items")


def test_a_plan_left_open_overnight_is_checked_against_the_new_day(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from careplanner.ui.window import controller as controller_module

    window = make_window(demo=True)
    open_demo_plan(window, "DEMO-0001")
    workspace = window.controller.workspace
    first = max(item.assess_week for item in workspace.document.plan.items if item.assess_week is not None)
    later = workspace.document.plan.week_date(first) + dt.timedelta(days=1)

    class Tomorrow(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return later

    assert "WIN-OVERDUE" not in {finding.rule for finding in workspace.report.findings}
    monkeypatch.setattr(controller_module.dt, "date", Tomorrow)
    window.controller._day_watch.timeout.emit()
    assert "WIN-OVERDUE" in {finding.rule for finding in workspace.report.findings}
    assert any(
        "overdue" in window.findings.list.item(row).text().lower()
        or "due" in window.findings.list.item(row).text().lower()
        for row in range(window.findings.list.count())
    )
