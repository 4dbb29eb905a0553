"""Printing from the window: preview, large print, save as PDF, print, and the clinic's details."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from careplanner.domain import Patient
from careplanner.editing import default_templates
from careplanner.reports import ClinicDetails
from careplanner.ui import dialogs
from careplanner.ui.clinic_dialog import ClinicDialog
from careplanner.ui.printing import clinic_details, preview_handout, preview_summary


def open_plan(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
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
