"""The selected plan item: its weeks, dose, region, links and assessment, with what the catalog says about it.

Every field writes through `Workspace.apply` (undoable); refreshing from the document never fights the user's
typing, because a widget is only updated when its value differs.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from careplanner.catalog.model import Modality
from careplanner.domain import DOSE_FIELDS, MG_PER_DAY, PlanItem
from careplanner.domain.plan import OTHER_MODALITY
from careplanner.editing import operations
from careplanner.followup.decisions import can_record_decision
from careplanner.followup.words import decision_text
from careplanner.ui.followup.decision_dialog import ask_decision, ask_withdrawal, can_withdraw
from careplanner.ui.widgets import DOSE_SUFFIX, NullableWeek, set_text, set_value
from careplanner.ui.workspace import Workspace, follow

MAX_WEEK = 520


class ItemForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.item_id: str | None = None
        self.about = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.about.setOpenExternalLinks(False)
        self.start = QSpinBox(maximum=MAX_WEEK, prefix="week ")
        self.assess = NullableWeek("not set", MAX_WEEK)
        self.end = NullableWeek("open (no end)", MAX_WEEK)
        self.dose = QDoubleSpinBox(maximum=100_000, decimals=1, suffix=DOSE_SUFFIX[MG_PER_DAY])
        self._dose_unit = MG_PER_DAY
        self.dose.setSpecialValueText("not set")
        self.region = QLineEdit(placeholderText="e.g. lumbar, L5, left-knee")
        self.replaces = QComboBox()
        # Long treatment names must not widen the form past its column: the list shows them in full.
        self.replaces.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.replaces.setMinimumContentsLength(12)
        self.goals = QListWidget()
        self.goals.setMaximumHeight(64)
        self.goals.setWordWrap(True)
        self.goals.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.notes = QPlainTextEdit(placeholderText="Notes for the team (titration, booking…)")
        self.notes.setMaximumHeight(56)
        self.notes.setTabChangesFocus(True)
        self.decision = QLabel(wordWrap=True)
        self.decision.setAccessibleName("The decision at the assessment")
        self.record_decision = QPushButton("Record decision…")
        self.record_decision.setToolTip(
            "The result, relief and what happens next, as decided at the assessment"
        )
        self.withdraw_decision = QPushButton("Withdraw decision…")
        self.withdraw_decision.setToolTip(
            "Take back the recorded decision, with what it changed: the end of the course, its history "
            "entry, the item that continued it"
        )
        self.remove = QPushButton("Remove from plan")
        self._build()
        self._connect()
        self.show_item(None, None)

    def _build(self) -> None:
        # The fields come first, so the decision and Remove stay in view on a small screen; what the
        # catalog says about the treatment is reference reading below them.
        self.title = QLabel(textFormat=Qt.TextFormat.RichText, wordWrap=True)
        form = self.form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Start", self.start)
        form.addRow("Assessment", self.assess)
        form.addRow("End", self.end)
        form.addRow("Dose", self.dose)
        form.addRow("Region", self.region)
        form.addRow("Replaces", self.replaces)
        form.addRow("Goals", self.goals)
        form.addRow("Notes", self.notes)
        form.addRow("Decision", self.decision)
        # One under the other: side by side they would widen the form past its column on a laptop screen.
        form.addRow("", self.record_decision)
        form.addRow("", self.withdraw_decision)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.remove, alignment=Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.about)
        layout.addStretch()
        self.fields: list[QWidget] = [
            self.start,
            self.assess,
            self.end,
            self.dose,
            self.region,
            self.replaces,
            self.goals,
            self.notes,
            self.record_decision,
            self.withdraw_decision,
            self.remove,
        ]

    def _connect(self) -> None:
        self.start.valueChanged.connect(lambda value: self._change("start_week", value, "Move"))
        self.assess.changed.connect(lambda value: self._change("assess_week", value, "Set assessment of"))
        self.end.changed.connect(lambda value: self._change("end_week", value, "Set end of"))
        self.dose.valueChanged.connect(
            lambda value: self._change(DOSE_FIELDS[self._dose_unit], value or None, "Set dose of")
        )
        self.region.textEdited.connect(
            lambda text: self._change("region", text.strip() or None, "Set region of")
        )
        self.replaces.activated.connect(
            lambda _: self._change("replaces", self.replaces.currentData(), "Link")
        )
        self.goals.itemChanged.connect(self._goals_changed)
        self.notes.textChanged.connect(
            lambda: self._change("notes", self.notes.toPlainText() or None, "Notes on")
        )
        self.record_decision.clicked.connect(self._record_decision)
        self.withdraw_decision.clicked.connect(self._withdraw_decision)
        self.remove.clicked.connect(self._remove)

    # -- showing -----------------------------------------------------------------------------------
    def set_workspace(self, workspace: Workspace | None) -> None:
        follow(self.workspace, workspace, {"changed": self._refresh, "selectionChanged": self._selection})
        self.workspace = workspace
        if workspace is not None:
            self._selection(workspace.selection)
        else:
            self.show_item(None, None)

    def _selection(self, refs: object) -> None:
        ids = [ref for ref in refs if self.workspace and self.workspace.document.plan.item(ref)]  # type: ignore[attr-defined]
        self.show_item(self.workspace, ids[0] if len(ids) == 1 else None)

    def _refresh(self) -> None:
        self.show_item(self.workspace, self.item_id)

    def show_item(self, workspace: Workspace | None, item_id: str | None) -> None:
        item = workspace.document.plan.item(item_id) if workspace and item_id else None
        self.item_id = item.id if item else None
        editable = item is not None and workspace is not None and not workspace.read_only
        for field in self.fields:
            field.setEnabled(editable)
        if item is None or workspace is None:
            self._clear()
            return
        modality = workspace.catalog.modality(item.modality)
        self.title.setText(
            f"<b>{html.escape(modality.name)}</b> · "
            f"{html.escape(workspace.catalog.classes[modality.class_id].name)}"
        )
        self.about.setText(self._about(workspace, modality, item))
        self.form.setRowVisible(self.dose, modality.is_medicine)
        self._dose_unit = modality.dose_unit
        self.dose.setSuffix(DOSE_SUFFIX[modality.dose_unit])
        self._show_values(workspace, modality, item)

    def _clear(self) -> None:
        """Nothing selected: every field empty, so no value of another item (or patient) stays on show."""
        self.title.setText("<i>Select one treatment in the plan to see and change its details.</i>")
        self.about.setText("")
        self.form.setRowVisible(self.dose, True)
        self._dose_unit = MG_PER_DAY
        self.dose.setSuffix(DOSE_SUFFIX[MG_PER_DAY])
        set_value(self.start, 0)
        self.start.setToolTip("")
        self.assess.set_week(None)
        self.end.set_week(None)
        set_value(self.dose, 0.0)
        self.dose.setToolTip("")
        set_text(self.region, "")
        for box in (self.replaces, self.goals):
            box.blockSignals(True)
            box.clear()
            box.blockSignals(False)
        self.notes.blockSignals(True)
        self.notes.setPlainText("")
        self.notes.blockSignals(False)
        self.decision.setText("")

    def _show_values(self, workspace: Workspace, modality: Modality, item: PlanItem) -> None:
        set_value(self.start, item.start_week)
        self.start.setToolTip(operations.move_refusal(workspace.document, item.id, workspace.catalog) or "")
        self.assess.set_week(item.assess_week, minimum=item.start_week)
        self.end.set_week(item.end_week, minimum=item.start_week)
        limit = modality.max_dose_for_age(workspace.document.age_at_start)
        self.dose.setToolTip(f"Maximum {limit.mg:g} mg a day" if limit else "No catalog maximum")
        set_value(self.dose, item.dose.amount if item.dose else 0.0)
        set_text(self.region, item.region or "")
        self._fill_replaces(workspace, item)
        self._fill_goals(workspace, item)
        if self.notes.toPlainText() != (item.notes or ""):
            self.notes.blockSignals(True)
            self.notes.setPlainText(item.notes or "")
            self.notes.blockSignals(False)
        self.decision.setText(
            decision_text(workspace.document, workspace.catalog, item) or "Not yet assessed"
        )
        # A decision that ended the course or handed it on is changed by withdrawing it (then recording
        # another), which takes back what it changed in the plan and the history too.
        self.record_decision.setEnabled(self.record_decision.isEnabled() and can_record_decision(item))
        self.withdraw_decision.setEnabled(can_withdraw(workspace, item.id))

    def _about(self, workspace: Workspace, modality: Modality, item: PlanItem) -> str:
        catalog = workspace.catalog

        def cited(keys: tuple[str, ...]) -> str:
            return f" <span style='color:#555'>({html.escape(catalog.source_names(keys))})</span>"

        parts = []
        window = modality.window
        if window:
            flag = " <i>(unverified)</i>" if window.unverified else ""
            parts.append(
                f"Judge it {window.min_weeks}–{window.max_weeks} weeks after it starts: weeks "
                f"{item.start_week + window.min_weeks}–{item.start_week + window.max_weeks} of the plan"
                f"{flag}.{cited(window.sources)}"
            )
        if modality.course:
            parts.append(f"Course: {html.escape(modality.course.text)}{cited(modality.course.sources)}")
        for note in (*modality.reminders, *modality.cautions):
            parts.append(f"⚑ {html.escape(note.text)}{cited(note.sources)}")
        if modality.evidence and modality.evidence.level != "established":
            parts.append(f"<i>Evidence {modality.evidence.level}: {html.escape(modality.evidence.note)}</i>")
        return "<br>".join(parts)

    def _fill_replaces(self, workspace: Workspace, item: PlanItem) -> None:
        document = workspace.document
        options: list[tuple[str, str | None]] = [("nothing", None)]
        options += [
            (
                f"{workspace.catalog.modality(other.modality).name}"
                f"{f' ({other.region})' if other.region else ''} from week {other.start_week}",
                other.id,
            )
            for other in document.plan.items
            if other.id != item.id
        ]
        options += [
            (f"{workspace.catalog.modality(entry.modality).name} (ongoing, from history)", entry.modality)
            for entry in document.history
            if entry.is_ongoing and entry.modality != OTHER_MODALITY
        ]
        self.replaces.blockSignals(True)
        self.replaces.clear()
        for label, value in options:
            self.replaces.addItem(label, value)
        self.replaces.setCurrentIndex(max(0, self.replaces.findData(item.replaces)))
        self.replaces.blockSignals(False)

    def _fill_goals(self, workspace: Workspace, item: PlanItem) -> None:
        self.goals.blockSignals(True)
        self.goals.clear()
        for goal in workspace.document.goals:
            entry = QListWidgetItem(goal.text)
            entry.setData(Qt.ItemDataRole.UserRole, goal.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(
                Qt.CheckState.Checked if goal.id in item.goal_ids else Qt.CheckState.Unchecked
            )
            self.goals.addItem(entry)
        if not workspace.document.goals:
            self.goals.addItem("(no goals yet: add the patient's goals on the Baseline and goals tab)")
        self.goals.blockSignals(False)

    # -- changing ----------------------------------------------------------------------------------
    def _change(self, field: str, value: object, verb: str) -> None:
        workspace, item_id = self.workspace, self.item_id
        if workspace is None or item_id is None or workspace.read_only:
            return
        name = workspace.catalog.modality(operations.item(workspace.document, item_id).modality).name
        if field == "start_week" and not self._may_move(workspace, item_id, name):
            return
        if field == "replaces" and (
            refusal := operations.link_refusal(workspace.document, item_id, workspace.catalog)
        ):
            self.show_item(workspace, item_id)  # the box shows what it still replaces
            QMessageBox.warning(self, f"What {name} replaces is not changed", refusal)
            return
        try:
            document = operations.update_item(workspace.document, item_id, **{field: value})
        except ValueError:
            return  # the spin boxes' minimum keeps weeks valid; a stale signal is simply ignored
        workspace.apply(document, f"{verb} {name}", merge_key=f"{item_id}.{field}")

    def _may_move(self, workspace: Workspace, item_id: str, name: str) -> bool:
        """Whether the item's start may change; if not (a decision recorded its course), say why and show
        the start it keeps."""
        refusal = operations.move_refusal(workspace.document, item_id, workspace.catalog)
        if refusal is None:
            return True
        set_value(self.start, operations.item(workspace.document, item_id).start_week)
        QMessageBox.warning(self, f"{name} is not moved", refusal)
        return False

    def _goals_changed(self) -> None:
        chosen = tuple(
            str(self.goals.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.goals.count())
            if self.goals.item(row).checkState() == Qt.CheckState.Checked
        )
        self._change("goal_ids", chosen, "Link goals of")

    def _record_decision(self) -> None:
        if self.workspace is not None and self.item_id is not None:
            ask_decision(self, self.workspace, self.item_id, dt.date.today())

    def _withdraw_decision(self) -> None:
        if self.workspace is not None and self.item_id is not None:
            ask_withdrawal(self, self.workspace, self.item_id)

    def _remove(self) -> None:
        workspace, item_id = self.workspace, self.item_id
        if workspace is None or item_id is None:
            return
        name = workspace.catalog.modality(operations.item(workspace.document, item_id).modality).name
        refusal = operations.removal_refusal(workspace.document, item_id, workspace.catalog)
        if refusal is not None:
            QMessageBox.warning(self, f"{name} is not removed", refusal)
            return
        workspace.apply(operations.remove_item(workspace.document, item_id), f"Remove {name}")
        workspace.select(())
