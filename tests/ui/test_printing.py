"""Printing from the window: preview, large print, save as PDF, print, and the clinic's details."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from careplanner.domain import Patient
from careplanner.editing import default_templates
from careplanner.reports import ClinicDetails, ReportError, render_summary
from careplanner.reports.settings import SETTING_KEY
from careplanner.ui import dialogs
from careplanner.ui.plan import dialogs as plan_dialogs
from careplanner.ui.printing import commands as printing
from careplanner.ui.printing.clinic_dialog import ClinicDialog
from careplanner.ui.printing.commands import clinic_details, preview_handout, preview_summary, summary_context


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


CLINIC = ClinicDetails("Example Pain Service", "1 Example Road", "000 000 0000")


def open_plan(window, monkeypatch, *, clinic: ClinicDetails | None = CLINIC) -> None:  # type: ignore[no-untyped-def]
    if clinic is not None:
        window.controller.store.set_setting(SETTING_KEY, clinic.to_setting())
    patient = Patient(
        "T-400", "Robin Printer", dt.date(1962, 2, 2), "male", ("chronic-low-back-pain", "radicular-pain")
    )
    monkeypatch.setattr(dialogs, "ask_new_patient", lambda parent, is_taken: patient)
    window.actions_["new_patient"].trigger()
    window.controller.apply_template(next(t for t in default_templates() if t.id == "low-back-radicular"))


def test_the_handout_preview_shows_pages_and_switches_to_large_print(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_plan(window, monkeypatch)
    preview = preview_handout(window, window.controller)
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: preview.ready)
    standard = preview.document.pageCount()
    assert standard >= 5 and preview.pages.text() == f"{standard} pages"
    preview.large.setChecked(True)
    qtbot.waitUntil(lambda: preview.ready and preview.document.pageCount() > standard)
    screen = preview.screen().availableGeometry()  # its buttons never fall off a laptop's screen
    assert preview.height() <= screen.height() and preview.width() <= screen.width()


def test_save_as_pdf_and_print(make_window, qtbot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_plan(window, monkeypatch)
    preview = preview_summary(window, window.controller)
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: preview.ready)
    assert preview.print_.isEnabled()
    saved = tmp_path / "summary.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(saved), "")))
    preview.save_as()
    assert saved.read_bytes() == preview.pdf
    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    preview.print_to(printer)
    assert printed.stat().st_size > 10_000


def test_clinic_details_are_kept_in_the_database(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()

    def fill_and_accept(dialog: QDialog) -> int:
        assert isinstance(dialog, ClinicDialog)
        dialog.name.setText("Hillside Pain Clinic")
        dialog.phone.setText("0555 010 020")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QDialog, "exec", fill_and_accept)
    window.actions_["clinic"].trigger()
    assert clinic_details(window.controller) == ClinicDetails(
        "Hillside Pain Clinic", "", "0555 010 020", "A4"
    )


def test_an_earlier_revision_prints_with_its_own_status_author_and_a_warning(
    make_window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    alice = make_window(user="dr.alice")
    open_plan(alice, monkeypatch)
    assert alice.controller.save()  # revision 1: a draft by dr.alice
    patient_id = alice.controller.workspace.origin.patient_id
    bob = make_window(user="dr.bob")
    bob.controller.open_patient(patient_id)
    bob.controller.set_status("active")  # revision 2: active, by dr.bob
    monkeypatch.setattr(dialogs, "choose_revision", lambda parent, revisions: 1)
    bob.actions_["revisions"].trigger()
    context = summary_context(bob.controller, bob.controller.workspace)
    assert (context.revision, context.status, context.saved_by) == (1, "draft", "dr.alice")
    assert context.latest_revision == 2
    text = " ".join(pages(render_summary(bob.controller.workspace.document, bob.controller.catalog, context)))
    assert "an earlier revision; the current one is revision 2" in text.replace("\n", " ")


def test_a_printout_that_cannot_be_laid_out_is_explained_not_shown(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_plan(window, monkeypatch)

    def cannot_lay_out(*_: object) -> bytes:
        raise ReportError('"Care plan for Robin Printer" cannot be laid out: an entry is longer than a page.')

    monkeypatch.setattr(printing, "render_handout", cannot_lay_out)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *args: told.append(args[2])))
    window.actions_["print_handout"].trigger()
    assert told and "cannot be laid out" in told[0]


def test_clinic_details_that_cannot_be_saved_are_reported(  # type: ignore[no-untyped-def]
    make_window, monkeypatch, database_url: str
) -> None:
    monkeypatch.setattr("careplanner.store.engine.BUSY_TIMEOUT_MS", 100)  # give up waiting quickly
    window = make_window()
    monkeypatch.setattr(QDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted.value)
    other = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another workstation is writing (a long import, say)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *args: told.append(args[1])))
    try:
        window.actions_["clinic"].trigger()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert told == ["Clinic details not saved"]


def answer_the_phone_question(monkeypatch, button: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Answer the question about a missing clinic phone with the button whose text starts with `button`."""
    asked: list[str] = []

    def exec_(box: QMessageBox) -> int:
        asked.append(box.text())
        chosen = next(b for b in box.buttons() if b.text().replace("&", "").startswith(button))
        chosen.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def test_with_no_clinic_phone_the_first_handout_asks_once(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_plan(window, monkeypatch, clinic=None)
    asked = answer_the_phone_question(monkeypatch, "Cancel")
    assert preview_handout(window, window.controller) is None and len(asked) == 1  # called off: no preview
    answer_the_phone_question(monkeypatch, "Print without")
    preview = preview_handout(window, window.controller)
    qtbot.addWidget(preview)
    asked = answer_the_phone_question(monkeypatch, "Cancel")
    again = preview_handout(window, window.controller)
    qtbot.addWidget(again)
    assert again is not None and asked == []  # asked once on this workstation, not at every print


def test_the_clinic_details_entered_at_the_question_are_printed(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_plan(window, monkeypatch, clinic=None)
    answer_the_phone_question(monkeypatch, "Enter clinic details")
    monkeypatch.setattr(ClinicDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(ClinicDialog, "details", lambda self: CLINIC)
    preview = preview_handout(window, window.controller)
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: preview.ready)
    assert "000 000 0000" in pages(preview.pdf)[0]


def test_a_draft_plans_handout_says_draft_on_every_page_and_an_active_one_does_not(  # type: ignore[no-untyped-def]
    make_window, qtbot, monkeypatch
) -> None:
    window = make_window()
    open_plan(window, monkeypatch)
    assert window.controller.save()
    draft = preview_handout(window, window.controller)
    qtbot.addWidget(draft)
    assert all("DRAFT" in text for text in pages(draft.pdf))
    monkeypatch.setattr(plan_dialogs, "confirm_status", lambda *a, **k: True)
    window.controller.set_status("active")
    active = preview_handout(window, window.controller)
    qtbot.addWidget(active)
    assert not any("DRAFT" in text for text in pages(active.pdf))
