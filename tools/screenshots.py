"""Render the main screens offscreen into docs/ (the pictures in the README).

Run:  .venv/bin/python tools/screenshots.py
Uses a throwaway database with the demo patients; nothing of the user's is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QStandardPaths

DOCS = Path(__file__).resolve().parents[1] / "docs"
SIZE = (1600, 960)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CAREPLANNER_DATA_DIR"] = folder
        QStandardPaths.setTestModeEnabled(True)
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        from careplanner.ui.app import make_application
        from careplanner.ui.window.main_window import MainWindow

        application = make_application()
        window = MainWindow(f"sqlite:///{Path(folder) / 'demo.sqlite3'}", "dr.demo", load_demo=True)
        window.resize(*SIZE)
        window.show()
        window.start()
        window.resize(*SIZE)
        application.processEvents()
        shots = _take(window, application)
        window.controller.workspace and window.controller.workspace.undo_stack.setClean()
        window.close()
    print("\n".join(str(path) for path in shots))
    return 0


def _save(window: object, application: object, name: str) -> Path:
    application.processEvents()  # type: ignore[attr-defined]
    path = DOCS / name
    window.grab().save(str(path))  # type: ignore[attr-defined]
    return path


def _take(window, application) -> list[Path]:  # type: ignore[no-untyped-def]
    store, controller = window.controller.store, window.controller
    shots = [_save(window, application, "screen-welcome.png")]
    controller.open_patient(store.find_patient("DEMO-0002"))
    window.view.show_plan_tab()
    controller.workspace.select(("i4",))
    window.findings.list.setCurrentRow(1)
    shots.append(_save(window, application, "screen-plan-with-findings.png"))
    controller.open_patient(store.find_patient("DEMO-0001"))
    window.view.show_plan_tab()
    controller.workspace.select(("i3",))
    shots.append(_save(window, application, "screen-staged-plan.png"))
    controller.open_patient(store.find_patient("DEMO-0003"))
    window.view.tabs.setCurrentWidget(window.view.history)
    window.view.history.table.selectRow(0)
    shots.append(_save(window, application, "screen-history.png"))
    controller.open_patient(store.find_patient("DEMO-0004"))
    window.view.tabs.setCurrentWidget(window.view.baseline)
    shots.append(_save(window, application, "screen-baseline-and-goals.png"))
    window.view.show_followup()
    shots.append(_save(window, application, "screen-followup.png"))
    window.show_due_list()
    _wait(application, 0.5)  # the list reads the store once it is shown
    window.worklist.table.selectRow(0)
    window.open_due_entry(window.worklist.current_entry())
    shots.append(_save(window, application, "screen-due-list.png"))
    window.worklist_dock.hide()
    _team(window, application)
    shots += _meeting(window, application)
    shots.append(_team_tab(window, application))
    from careplanner.ui.plan.template_dialog import TemplateDialog

    dialog = TemplateDialog(controller.catalog, controller.workspace.document, controller.templates(), window)
    dialog.resize(1200, 700)
    dialog.show()
    dialog.list.setCurrentRow(2)
    shots.append(_save(dialog, application, "screen-template-preview.png"))
    dialog.close()
    shots += _printouts(window, application)
    return shots


def _team(window, application) -> None:  # type: ignore[no-untyped-def]
    """A stored plan with a sign-off, a dissent and a comment (invented colleagues)."""
    from careplanner.store import Store

    controller = window.controller
    store = controller.store
    controller.open_patient(store.find_patient("DEMO-0001"))
    plan_id, revision = controller.workspace.origin.plan_id, controller.workspace.origin.base_revision
    store.save_user_profile("Dr Demo", "pain-medicine")
    store.set_required_signoffs(("pain-medicine", "physiotherapy"))
    store.add_comment(plan_id, revision, "Check kidney function before raising the duloxetine dose.")
    colleague = Store.open(controller.database_url, "physio.demo")
    try:
        colleague.save_user_profile("Physio Demo", "physiotherapy")
        colleague.sign_off(plan_id, revision, False, "Start graded activity two weeks earlier.")
    finally:
        colleague.close()
    store.sign_off(plan_id, revision, True, None)


def _team_tab(window, application) -> Path:  # type: ignore[no-untyped-def]
    """The Team tab of that plan after the meetings: sign-offs, the team's recommendations, the comments."""
    window.controller.open_patient(window.controller.store.find_patient("DEMO-0001"))
    window.view.tabs.setCurrentWidget(window.view.team)
    _wait(application, 0.5)
    return _save(window, application, "screen-team.png")


def _meeting(window, application) -> list[Path]:  # type: ignore[no-untyped-def]
    """A team meeting on the demo plans: a meeting four weeks ago that discussed one plan, a change to that
    plan since, and today's meeting with the agenda, the meeting mode and a page of the minutes."""
    import datetime as dt

    from careplanner.reports.minutes import minutes_pdf
    from careplanner.reports.settings import SETTING_KEY, ClinicDetails
    from careplanner.store import Store
    from careplanner.team.meetings import Attendee
    from careplanner.team.minutes import minutes_of
    from careplanner.team.suggestions import suggest_agenda
    from careplanner.ui.meeting.agenda_dialog import AgendaDialog
    from careplanner.ui.meeting.presentation import MeetingPresentation

    controller, today = window.controller, dt.date.today()
    store, catalog = controller.store, controller.catalog
    plan_id = controller.workspace.origin.plan_id
    team = [
        Attendee("Dr Demo", "pain-medicine", "dr.demo"),
        Attendee("Physio Demo", "physiotherapy", "physio.demo"),
    ]
    psychologist = Store.open(controller.database_url, "psych.demo")
    try:
        psychologist.save_user_profile("Psychologist Demo", "psychology")
        team.append(Attendee("Psychologist Demo", "psychology", "psych.demo"))
        earlier = store.save_meeting(None, None, today - dt.timedelta(days=28), "Pain team meeting", team, [])
        earlier = store.save_meeting(
            earlier.id, earlier.version, earlier.held_on, earlier.title, team, [(plan_id, ())]
        )
        psychologist.record_recommendation(
            earlier.entries[0].id,
            earlier.entries[0].version,
            "Go ahead with the staged plan; review at week 8.",
        )
        _change_the_plan(store, plan_id)
        meeting = store.save_meeting(
            None, None, today, "Pain team meeting", [*team, Attendee("Guest Pharmacist", "pharmacy")], []
        )
        chosen = [(s.plan_id, s.reasons) for s in suggest_agenda(store.agenda_candidates(), catalog, today)][
            :4
        ]
        meeting = store.save_meeting(
            meeting.id, meeting.version, today, meeting.title, meeting.attendees, chosen
        )
        entry = next(e for e in meeting.entries if e.plan_id == plan_id)
        psychologist.record_recommendation(
            entry.id,
            entry.version,
            "Carry on; add the sleep diary and review in four weeks. Pharmacy to check the duloxetine dose.",
        )
    finally:
        psychologist.close()
    dialog = AgendaDialog(store, catalog, today, store.load_meeting(meeting.id), window)
    dialog.resize(1366, 768)
    dialog.show()
    _wait(application, 2.0)  # the suggestions are worked out beside the dialog
    shots = [_save(dialog, application, "screen-meeting-agenda.png")]
    dialog.close()
    presentation = MeetingPresentation(store, catalog, meeting.id, today)
    presentation.resize(1920, 1080)
    presentation.show()
    presentation.go_to(next(i for i, e in enumerate(meeting.entries) if e.plan_id == plan_id))
    _wait(application, 0.5)
    shots.append(_save(presentation, application, "screen-meeting-mode.png"))
    presentation.close()
    clinic = ClinicDetails.from_setting(store.setting(SETTING_KEY))
    minutes = minutes_pdf(minutes_of(*store.minutes_sources(meeting.id)), clinic, today)
    shots.append(_page(minutes, _page_with(minutes, "Carry on;"), "printout-minutes.png"))
    return shots


def _change_the_plan(store, plan_id: int) -> None:  # type: ignore[no-untyped-def]
    """A new revision with the last treatment a week later: what the next meeting sees as changed."""
    import dataclasses

    from careplanner.store import PlanContent

    revision = store.load_revision(plan_id)
    plan = revision.document.plan
    last = max(plan.items, key=lambda item: item.start_week)
    moved = dataclasses.replace(
        last, start_week=last.start_week + 1, assess_week=(last.assess_week or last.start_week) + 1
    )
    items = tuple(moved if item.id == last.id else item for item in plan.items)
    document = dataclasses.replace(revision.document, plan=dataclasses.replace(plan, items=items))
    store.save_revision(plan_id, PlanContent.of(document), revision.info.number)


def _printouts(window, application) -> list[Path]:  # type: ignore[no-untyped-def]
    """One page of each printout, rendered as a reader sees it, and the print preview."""
    import datetime as dt

    from careplanner.reports import (
        ClinicDetails,
        HandoutOptions,
        SummaryContext,
        render_handout,
        render_summary,
    )

    controller = window.controller
    clinic = ClinicDetails("Riverside Pain Service", "1 Example Road, Sampletown", "01234 567890")
    controller.open_patient(controller.store.find_patient("DEMO-0001"))
    good = controller.workspace.document
    handout = render_handout(good, controller.catalog, HandoutOptions(dt.date(2026, 11, 21), clinic=clinic))
    controller.open_patient(controller.store.find_patient("DEMO-0002"))
    problems = controller.workspace.document
    summary = render_summary(
        problems, controller.catalog, SummaryContext(dt.date(2026, 11, 21), clinic, "draft", 1)
    )
    controller.open_patient(controller.store.find_patient("DEMO-0004"))
    followed = render_summary(
        controller.workspace.document,
        controller.catalog,
        SummaryContext(dt.date.today(), clinic, "active", 2),
    )
    shots = [
        _page(handout, 0, "printout-handout-page-1.png"),
        _page(handout, 4, "printout-handout-page-5.png"),
        _page(summary, 0, "printout-summary-page-1.png"),
        _page(followed, _page_with(followed, "Outcomes over time"), "printout-summary-outcomes.png"),
    ]
    from careplanner.ui.printing.commands import SETTING_KEY, preview_handout

    controller.store.set_setting(SETTING_KEY, clinic.to_setting())  # else the first print asks for a phone
    preview = preview_handout(window, controller)
    preview.resize(900, 900)
    preview.show()
    while not preview.ready:
        application.processEvents()
    _wait(application, 1.5)  # QPdfView draws its pages on a background thread
    shots.append(_save(preview, application, "screen-print-preview.png"))
    preview.close()
    return shots


def _wait(application, seconds: float) -> None:  # type: ignore[no-untyped-def]
    import time

    until = time.monotonic() + seconds
    while time.monotonic() < until:
        application.processEvents()
        time.sleep(0.02)


def _loaded(pdf: bytes):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    buffer = QBuffer(document)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document


def _page_with(pdf: bytes, text: str) -> int:
    document = _loaded(pdf)
    return next(i for i in range(document.pageCount()) if text in document.getAllText(i).text())


def _page(pdf: bytes, index: int, name: str) -> Path:
    document = _loaded(pdf)
    size = document.pagePointSize(index).toSize() * 1.6  # about 115 dots per inch
    path = DOCS / name
    document.render(index, size).save(str(path))
    return path


if __name__ == "__main__":
    sys.exit(main())
