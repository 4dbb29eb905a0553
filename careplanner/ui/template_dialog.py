"""Start from a template: each is previewed (its items, its timeline, what the checks say for this patient)
before it is applied."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from careplanner.catalog.model import Catalog
from careplanner.checks import check_plan
from careplanner.domain import PlanDocument
from careplanner.editing import Template, apply_template
from careplanner.editing.recovery import Origin
from careplanner.ui.timeline import TimelineView
from careplanner.ui.workspace import Workspace


class TemplateDialog(QDialog):
    def __init__(
        self,
        catalog: Catalog,
        document: PlanDocument,
        templates: tuple[Template, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Start from a template")
        self.catalog, self.document, self.templates = catalog, document, templates
        self.list = QListWidget()
        self.list.setAccessibleName("Templates")
        for template in templates:
            entry = QListWidgetItem(template.name)
            entry.setData(Qt.ItemDataRole.UserRole, template.id)
            self.list.addItem(entry)
        self.about = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.about.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.timeline = TimelineView()
        self.timeline.week_scale.per_week = 12
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Apply template")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        preview = QWidget()
        preview_layout = QVBoxLayout(preview)
        preview_layout.addWidget(self.about)
        preview_layout.addWidget(self.timeline, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        split.addWidget(preview)
        split.setSizes([260, 760])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        if document.plan.items:
            layout.addWidget(
                QLabel("Applying a template replaces the items and reviews of this plan (you can undo it).")
            )
        bottom = QHBoxLayout()
        bottom.addStretch()
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.list.currentRowChanged.connect(self._preview)
        self.list.itemActivated.connect(lambda _: self.accept())
        self.resize(1100, 640)
        self._preview_workspace: Workspace | None = None
        if templates:
            self.list.setCurrentRow(0)
        self.list.setFocus()

    @property
    def chosen(self) -> Template | None:
        row = self.list.currentRow()
        return self.templates[row] if 0 <= row < len(self.templates) else None

    def _preview(self, row: int) -> None:
        template = self.templates[row]
        applied = apply_template(self.document, template)
        report = check_plan(applied, self.catalog)
        loud = [f for f in report.findings if f.severity != "info"]
        verdict = (
            "<span style='color:#2E7D32'>Passes its checks for this patient.</span>"
            if not loud
            else f"<span style='color:#C62828'>{len(loud)} finding(s) for this patient: "
            + html.escape("; ".join(f.message.split(". ")[0] for f in loud[:3]))
            + "</span>"
        )
        conditions = ", ".join(self.catalog.condition_name(c) for c in template.for_conditions)
        rows = "".join(
            f"<tr><td>{html.escape(self.catalog.modality(i.modality).name)}</td><td>week {i.start_week}</td>"
            f"<td>{'assess week ' + str(i.assess_week) if i.assess_week is not None else ''}</td></tr>"
            for i in template.items
        )
        self.about.setText(
            f"<h3>{html.escape(template.name)}</h3><p>{html.escape(template.description)}</p>"
            f"<p>For: {html.escape(conditions)} · Sources: {', '.join(template.sources)} · "
            f"Reviews in weeks {', '.join(str(w) for w in template.reviews)}</p>"
            f"<table cellspacing='6'>{rows}</table><p>{verdict}</p>"
        )
        self._preview_workspace = Workspace(
            self.catalog, "preview", applied, Origin(), read_only=True, parent=self
        )
        self.timeline.set_workspace(self._preview_workspace)
