"""Start from a template: each is previewed (its items, its timeline, what the checks say for this patient)
before it is applied, and the dialog says plainly what applying will do to the plan.

The template that fits the patient's conditions best (the most of them among those it declares it is for) is
chosen to begin with; with none fitting, the first.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from careplanner.catalog.model import Catalog
from careplanner.checks import check_plan
from careplanner.domain import PlanDocument
from careplanner.editing import Template, apply_template
from careplanner.editing.recovery import Origin
from careplanner.ui.plan.timeline import TimelineView
from careplanner.ui.workspace import Workspace

DATE = "%d %b %Y"


def fitting_template(templates: Sequence[Template], conditions: Sequence[str]) -> int:
    """The index of the template sharing most conditions with the patient (the first on a tie or none)."""
    fits = [len(set(template.for_conditions) & set(conditions)) for template in templates]
    return fits.index(max(fits)) if fits else -1


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def in_words(numbers: Sequence[int]) -> str:
    """4 / 4 and 12 / 4, 8 and 12."""
    words = [str(number) for number in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def weeks(numbers: Sequence[int]) -> str:
    return f"week {numbers[0]}" if len(numbers) == 1 else f"weeks {in_words(numbers)}"


def effect_of(template: Template, document: PlanDocument, catalog: Catalog) -> str:
    """What applying the template does to this plan, as `apply_template` does it."""
    first = min(item.start_week for item in template.items)
    day = document.plan.start + dt.timedelta(weeks=first)
    adds = f"{plural(len(template.items), 'treatment')}, starting in week {first} ({day.strftime(DATE)})"
    reviews = f" and reviews in {weeks(template.reviews)}" if template.reviews else ""
    current = document.plan.items
    if current:
        names = ", ".join(catalog.modality(item.modality).name for item in current)
        change = (
            f"Applying replaces the {plural(len(current), 'treatment')} now in the plan ({names}), its "
            f"reviews and its acknowledged findings: it adds {adds}{reviews}."
        )
    else:
        change = f"Applying adds {adds} to this plan{reviews}."
    return (
        f"{change} The patient's details, history, baseline, goals and check-ins stay as they are. "
        "You can undo it (Ctrl+Z)."
    )


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
            entry.setToolTip(template.name)
            self.list.addItem(entry)
        self.about = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.about.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.effect = QLabel(wordWrap=True)
        self.effect.setStyleSheet("background: #FFF3CD; color: #5C4400; padding: 6px;")
        self.timeline = TimelineView()
        self.timeline.week_scale.per_week = 12
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Apply template")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.list.currentRowChanged.connect(self._preview)
        self.list.itemActivated.connect(lambda _: self.accept())
        self._fit_screen()
        self._preview_workspace: Workspace | None = None
        if templates:
            self.list.setCurrentRow(max(0, fitting_template(templates, document.patient.conditions)))
        self.list.setFocus()

    def _lay_out(self) -> None:
        about = QScrollArea(widgetResizable=True)  # a long description scrolls; the timeline keeps its room
        about.setFrameShape(QScrollArea.Shape.NoFrame)
        about.setWidget(self.about)
        preview = QSplitter(Qt.Orientation.Vertical)
        preview.addWidget(about)
        preview.addWidget(self.timeline)
        preview.setSizes([300, 300])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        split.addWidget(preview)
        # The list is as wide as the longest template name, so every name is read whole.
        names = [self.list.item(row).text() for row in range(self.list.count())]
        widest = max((self.list.fontMetrics().horizontalAdvance(name) for name in names), default=200)
        split.setSizes([widest + 40, 1100 - widest - 40])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.effect)
        layout.addWidget(self.buttons)

    def _fit_screen(self) -> None:
        screen = self.screen().availableGeometry()
        self.resize(min(1100, screen.width() - 40), min(680, screen.height() - 60))

    @property
    def chosen(self) -> Template | None:
        row = self.list.currentRow()
        return self.templates[row] if 0 <= row < len(self.templates) else None

    def _preview(self, row: int) -> None:
        template = self.templates[row]
        applied = apply_template(self.document, template)
        self.about.setText(self._about(template, applied))
        self.effect.setText(effect_of(template, self.document, self.catalog))
        self._preview_workspace = Workspace(
            self.catalog, "preview", applied, Origin(), read_only=True, parent=self
        )
        self.timeline.set_workspace(self._preview_workspace)

    def _about(self, template: Template, applied: PlanDocument) -> str:
        def on(week: int) -> str:
            return (applied.plan.start + dt.timedelta(weeks=week)).strftime(DATE)

        conditions = ", ".join(self.catalog.condition_name(c) for c in template.for_conditions)
        rows = "".join(
            f"<tr><td>{html.escape(self.catalog.modality(item.modality).name)}</td>"
            f"<td>week {item.start_week} ({on(item.start_week)})</td>"
            f"<td>{'assessed in week ' + str(item.assess_week) if item.assess_week is not None else ''}</td>"
            "</tr>"
            for item in template.items
        )
        reviews = f" · Reviews in {weeks(template.reviews)}" if template.reviews else ""
        sources = html.escape(self.catalog.source_names(template.sources))
        return (
            f"<h3>{html.escape(template.name)}</h3><p>{html.escape(template.description)}</p>"
            f"<p>For: {html.escape(conditions)}{reviews}</p>"
            f"<table cellspacing='6'>{rows}</table><p>{self._verdict(applied)}</p>"
            f"<p style='color:#555555'>Sources: {sources}</p>"
        )

    def _verdict(self, applied: PlanDocument) -> str:
        report = check_plan(applied, self.catalog)
        loud = [f for f in report.findings if f.severity != "info"]
        if not loud:
            return "<span style='color:#2E7D32'>Passes its checks for this patient.</span>"
        first = "; ".join(f.message.split(". ")[0] for f in loud[:3])
        return (
            f"<span style='color:#C62828'>{plural(len(loud), 'finding')} for this patient: "
            f"{html.escape(first)}</span>"
        )
