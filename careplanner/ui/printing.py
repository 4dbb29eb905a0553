"""The window's printing: handout and clinician summary of the open plan, and the clinic's details."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QWidget

from careplanner.reports import ClinicDetails, HandoutOptions, SummaryContext, render_handout, render_summary
from careplanner.reports.settings import SETTING_KEY
from careplanner.ui.clinic_dialog import ClinicDialog
from careplanner.ui.controller import Controller
from careplanner.ui.print_preview import PrintPreview


def clinic_details(controller: Controller) -> ClinicDetails:
    return (
        ClinicDetails.from_setting(controller.store.setting(SETTING_KEY))
        if controller.store
        else ClinicDetails()
    )


def preview_handout(parent: QWidget, controller: Controller) -> PrintPreview | None:
    workspace = controller.workspace
    if workspace is None:
        return None
    document, catalog, clinic = workspace.document, controller.catalog, clinic_details(controller)

    def render(large: bool) -> bytes:
        return render_handout(document, catalog, HandoutOptions(dt.date.today(), large, clinic))

    name = f"handout-{document.patient.id}.pdf"
    return PrintPreview(
        f"Handout for {document.patient.name}", name, render, large_print_option=True, parent=parent
    )


def preview_summary(parent: QWidget, controller: Controller) -> PrintPreview | None:
    workspace = controller.workspace
    if workspace is None:
        return None
    document, origin = workspace.document, workspace.origin
    summary = controller.store.plan_summary(origin.plan_id) if controller.store and origin.plan_id else None
    context = SummaryContext(
        printed_on=dt.date.today(),
        clinic=clinic_details(controller),
        status=summary.status if summary else None,
        revision=origin.base_revision,
        saved_by=summary.updated_by if summary else None,
        saved_at=summary.updated_at if summary else None,
        title=workspace.title + ("" if workspace.is_clean else " (with unsaved changes)"),
    )

    def render(_: bool) -> bytes:
        return render_summary(document, controller.catalog, context)

    name = f"summary-{document.patient.id}.pdf"
    return PrintPreview(
        f"Clinician summary for {document.patient.name}",
        name,
        render,
        large_print_option=False,
        parent=parent,
    )


def edit_clinic(parent: QWidget, controller: Controller) -> None:
    if controller.store is None:
        return
    dialog = ClinicDialog(clinic_details(controller), parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        controller.store.set_setting(SETTING_KEY, dialog.details().to_setting())
        controller.message.emit("Clinic details saved for every workstation")
