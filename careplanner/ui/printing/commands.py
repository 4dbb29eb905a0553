"""The window's printing: handout and clinician summary of the open plan, and the clinic's details."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from careplanner.file_names import safe_file_stem
from careplanner.reports import (
    ClinicDetails,
    HandoutOptions,
    ReportError,
    SummaryContext,
    render_handout,
    render_summary,
)
from careplanner.reports.settings import SETTING_KEY
from careplanner.store import StoreError
from careplanner.team.meetings import PlanDiscussion
from careplanner.team.model import Comment, SignOff
from careplanner.ui.printing.clinic_dialog import ClinicDialog
from careplanner.ui.printing.preview import PrintPreview, Render
from careplanner.ui.window.controller import Controller
from careplanner.ui.workspace import Workspace


def clinic_details(controller: Controller) -> ClinicDetails:
    """The clinic's details for the printouts (none, with a word to the user, if they cannot be read)."""
    if controller.store is None:
        return ClinicDetails()
    try:
        return ClinicDetails.from_setting(controller.store.setting(SETTING_KEY))
    except StoreError as error:
        controller.message.emit(f"Printing without the clinic's details: {error}")
        return ClinicDetails()


def _preview(
    parent: QWidget, title: str, name: str, render: Render, large_print_option: bool
) -> PrintPreview | None:
    try:
        return PrintPreview(title, name, render, large_print_option=large_print_option, parent=parent)
    except ReportError as error:
        QMessageBox.warning(parent, "Cannot print", str(error))
        return None


ASKED_ABOUT_PHONE = "printing/asked-about-clinic-phone"


def _clinic_for_handout(parent: QWidget, controller: Controller) -> ClinicDetails | None:
    """The clinic's details; with no phone number set, the user is asked once, before the first handout,
    since a patient with a question needs a number to call. None: the user called printing off."""
    clinic = clinic_details(controller)
    settings = QSettings()
    if clinic.phone or settings.value(ASKED_ABOUT_PHONE, False, type=bool):
        return clinic
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("No clinic phone number")
    box.setText("The handout has no phone number for the patient to call with questions.")
    box.setInformativeText("Enter the clinic's details now? They are printed on every handout.")
    enter = box.addButton("Enter clinic details…", QMessageBox.ButtonRole.AcceptRole)
    without = box.addButton("Print without", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(enter)
    box.exec()
    if box.clickedButton() is without:
        settings.setValue(ASKED_ABOUT_PHONE, True)
        return clinic
    if box.clickedButton() is enter:
        edit_clinic(parent, controller)
        return clinic_details(controller)
    return None


def preview_handout(parent: QWidget, controller: Controller) -> PrintPreview | None:
    workspace = controller.workspace
    if workspace is None:
        return None
    clinic = _clinic_for_handout(parent, controller)
    if clinic is None:
        return None
    document, catalog = workspace.document, controller.catalog
    # A plan opened from a file has no status of its own; a stored or new plan has.
    status = None if workspace.origin.file is not None else workspace.status

    def render(large: bool) -> bytes:
        # A draft, completed or revoked plan is marked on every page, never mistaken for the agreed plan.
        options = HandoutOptions(dt.date.today(), large, clinic, status=status)
        return render_handout(document, catalog, options)

    name = f"handout-{safe_file_stem(document.patient.id)}.pdf"
    return _preview(parent, f"Handout for {document.patient.name}", name, render, True)


def preview_summary(parent: QWidget, controller: Controller) -> PrintPreview | None:
    workspace = controller.workspace
    if workspace is None:
        return None
    try:
        context = summary_context(controller, workspace)
    except StoreError as error:
        QMessageBox.warning(parent, "Cannot print", str(error))
        return None
    document = workspace.document

    def render(_: bool) -> bytes:
        return render_summary(document, controller.catalog, context)

    name = f"summary-{safe_file_stem(document.patient.id)}.pdf"
    return _preview(parent, f"Clinician summary for {document.patient.name}", name, render, False)


def summary_context(controller: Controller, workspace: Workspace) -> SummaryContext:
    """Status, author and time of the revision shown (not of the newest), and whether it is the newest."""
    origin = workspace.origin
    shown = latest = signoff_revision = None
    signoffs: tuple[SignOff, ...] = ()
    comments: tuple[Comment, ...] = ()
    discussions: tuple[PlanDiscussion, ...] = ()
    if controller.store is not None and origin.plan_id is not None:
        revisions = controller.store.list_revisions(origin.plan_id)
        signoffs = tuple(controller.store.list_signoffs(origin.plan_id))
        comments = tuple(controller.store.list_comments(origin.plan_id))
        signoff_revision = controller.store.signoff_revision(origin.plan_id)
        discussions = tuple(controller.store.plan_discussions(origin.plan_id))
        shown = next((r for r in revisions if r.number == origin.base_revision), None)
        # Only a revision looked at read-only can be an earlier one; unsaved work is marked in the title.
        latest = revisions[-1].number if revisions and workspace.read_only else None
    return SummaryContext(
        printed_on=dt.date.today(),
        clinic=clinic_details(controller),
        status=shown.status if shown else None,
        revision=shown.number if shown else None,
        latest_revision=latest,
        saved_by=shown.saved_by if shown else None,
        saved_at=shown.saved_at if shown else None,
        title=workspace.title + ("" if workspace.is_clean else " (with unsaved changes)"),
        as_of=workspace.as_of,
        signoffs=signoffs,
        comments=comments,
        signoff_revision=signoff_revision,
        discussions=discussions,
    )


def edit_clinic(parent: QWidget, controller: Controller) -> None:
    if controller.store is None:
        return
    try:
        current = ClinicDetails.from_setting(controller.store.setting(SETTING_KEY))
    except StoreError as error:
        controller.warn("Clinic details cannot be read", error)
        return
    dialog = ClinicDialog(current, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    try:
        controller.store.set_setting(SETTING_KEY, dialog.details().to_setting())
    except StoreError as error:
        controller.warn("Clinic details not saved", error)
        return
    controller.message.emit("Clinic details saved for every workstation")
