"""Recording the decision at a treatment's assessment: how it went, and what happens next.

Result, decision and date start empty (the clinician gives them); who decided starts as the signed-in user,
who can change it. A decision the plan cannot take is refused with the reason; one taken before the treatment
can usually be judged is asked about first. Recording it is one undo step, whatever it changes: the
assessment, the end of the course, its entry in the history, the item that continues it. Withdrawing it
(asked first, saying what goes) takes all of that back in one undo step, also after the plan was reopened.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from careplanner.catalog.model import Catalog
from careplanner.domain import ASSESSMENT_RESULTS, DECISIONS, HistoryEntry, PlanDocument
from careplanner.followup.decisions import (
    DECISION_WORDS,
    RESULT_WORDS,
    DecisionInput,
    apply_decision,
    can_adjust_dose,
    can_record_decision,
    decision_question,
    decision_refusal,
)
from careplanner.followup.withdrawal import withdraw_decision
from careplanner.followup.words import decision_text
from careplanner.reports.dates import short_date
from careplanner.ui.followup.checkin_dialog import HINT_STYLE, PROBLEM_STYLE, word_choice
from careplanner.ui.patient.fields import DateField
from careplanner.ui.patient.measurement_fields import date_with_today
from careplanner.ui.widgets import DOSE_SUFFIX, ok_cancel
from careplanner.ui.workspace import Workspace

CHOOSE = "— choose"
T = TypeVar("T")


class DecisionDialog(QDialog):
    def __init__(self, parent: QWidget | None, workspace: Workspace, item_id: str, today: dt.date) -> None:
        super().__init__(parent)
        self.workspace, self.item_id, self.today = workspace, item_id, today
        item = workspace.document.plan.item(item_id)
        assert item is not None  # the caller opens the dialog for an item of the plan
        catalog = workspace.catalog
        self.item, self.name = item, catalog.modality(item.modality).name
        self.setWindowTitle(f"Record the decision on {self.name}")
        self.about = QLabel(self._about(), wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.result_choice = word_choice(RESULT_WORDS, ASSESSMENT_RESULTS, CHOOSE)
        self.relief = QSpinBox(minimum=-1, maximum=100, suffix=" %")
        self.relief.setSpecialValueText("not recorded")
        self.relief.setValue(-1)
        self.decision = word_choice(DECISION_WORDS, DECISIONS, CHOOSE)
        if not can_adjust_dose(catalog, item.modality):  # no daily dose to adjust: not offered
            self.decision.removeItem(self.decision.findData("adjust-dose"))
        self.replacement = QComboBox()
        self._fill_replacements(catalog)
        self.dose = QDoubleSpinBox(maximum=100_000, decimals=1)
        self.dose.setSpecialValueText("not set")
        self.date = DateField()
        self.today_button = QPushButton("Today")
        self.by = QLineEdit(workspace.user, placeholderText="Who took the decision")
        self.note = QPlainTextEdit(placeholderText="Why, and anything the team should know")
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(60)
        self.message = QLabel(wordWrap=True)
        self.buttons, self.ok = ok_cancel(self, "Record decision")
        self._build()
        self._connect()
        self._decision_changed()

    def _about(self) -> str:
        document, item = self.workspace.document, self.item
        started = short_date(document.plan.week_date(item.start_week))
        parts = [f"<b>{html.escape(self.name)}</b>", f"started {started} (week {item.start_week})"]
        if item.dose is not None:
            parts.append(f"at {html.escape(item.dose.text)}")
        if item.assess_week is not None:
            due = short_date(document.plan.week_date(item.assess_week))
            parts.append(f"assessment due {due} (week {item.assess_week})")
        window = self.workspace.catalog.modality(item.modality).window
        if window is not None:
            parts.append(f"judged {window.min_weeks}–{window.max_weeks} weeks after it starts")
        return " · ".join(parts)

    def _fill_replacements(self, catalog: Catalog) -> None:
        """Treatments of the same layer first (the usual next step), then the others; each group by name."""
        layer = catalog.modality(self.item.modality).layer
        others = [m for m in catalog.modalities.values() if m.id != self.item.modality]
        same = sorted((m for m in others if m.layer == layer), key=lambda m: m.name)
        rest = sorted((m for m in others if m.layer != layer), key=lambda m: m.name)
        self.replacement.addItem(CHOOSE, None)
        for modality in same:
            self.replacement.addItem(modality.name, modality.id)
        if same and rest:
            self.replacement.insertSeparator(self.replacement.count())
        for modality in rest:
            self.replacement.addItem(modality.name, modality.id)
        self.replacement.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.replacement.setMinimumContentsLength(24)

    def _build(self) -> None:
        form = self.form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.about)
        form.addRow("&Result", self.result_choice)
        form.addRow("Re&lief", self.relief)
        form.addRow("&Decision", self.decision)
        form.addRow("Replace &with", self.replacement)
        form.addRow("New d&ose", self.dose)
        form.addRow("D&ate", date_with_today(self.date, self.today_button, lambda: self.today))
        form.addRow("Decided &by", self.by)
        form.addRow("&Note", self.note)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.resize(640, 440)

    def _connect(self) -> None:
        self.decision.currentIndexChanged.connect(self._decision_changed)
        self.replacement.currentIndexChanged.connect(self._decision_changed)
        self.result_choice.currentIndexChanged.connect(self._show_problem)
        self.relief.valueChanged.connect(self._show_problem)
        self.dose.valueChanged.connect(self._show_problem)
        self.date.textChanged.connect(self._show_problem)
        self.by.textChanged.connect(self._show_problem)
        self.note.textChanged.connect(self._show_problem)

    def _dose_target(self) -> str | None:
        """Whose dose the new-dose field gives: this treatment's, a medicine replacing it, or nobody's."""
        catalog, decision = self.workspace.catalog, self.decision.currentData()
        if decision == "adjust-dose":
            return self.item.modality
        replacement = self.replacement.currentData()
        if decision == "replace" and replacement is not None and can_adjust_dose(catalog, replacement):
            return str(replacement)
        return None

    def _decision_changed(self) -> None:
        """Show the fields the decision needs; a field hidden is emptied (it must not be recorded unseen)."""
        replacing = self.decision.currentData() == "replace"
        self.form.setRowVisible(self.replacement, replacing)
        if not replacing:
            self.replacement.setCurrentIndex(0)
        target = self._dose_target()
        self.form.setRowVisible(self.dose, target is not None)
        if target is None:
            self.dose.setValue(0)
        else:
            self.dose.setSuffix(DOSE_SUFFIX[self.workspace.catalog.modality(target).dose_unit])
            optional = self.decision.currentData() == "replace"
            self.dose.setSpecialValueText("not set (optional)" if optional else "not set")
        self._show_problem()

    # -- what is recorded --------------------------------------------------------------------------
    def entered(self) -> DecisionInput | None:
        """The decision as entered, or None while the result, the decision or the date is missing."""
        result, decision, day = (
            self.result_choice.currentData(),
            self.decision.currentData(),
            self.date.value(),
        )
        if result is None or decision is None or day is None:
            return None
        return DecisionInput(
            result=str(result),
            decision=str(decision),
            decided_on=day,
            by=self.by.text().strip() or None,
            relief_percent=None if self.relief.value() < 0 else float(self.relief.value()),
            note=self.note.toPlainText().strip() or None,
            new_dose=(self.dose.value() or None) if self._dose_target() else None,
            replacement=self.replacement.currentData(),
        )

    def problem(self) -> tuple[str, bool]:
        """What stands in the way of recording, and whether it is a refusal (not just something missing)."""
        if self.workspace.read_only:
            return "This plan is a record: no decision can be added to it.", True
        entered = self.entered()
        if entered is None:
            missing = [
                what
                for what, given in (
                    ("the result", self.result_choice.currentData() is not None),
                    ("the decision", self.decision.currentData() is not None),
                    ("the date (YYYY-MM-DD)", self.date.value() is not None),
                )
                if not given
            ]
            listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} and {missing[-1]}"
            return f"To record the decision, give {listed}.", False
        document, catalog = self.workspace.document, self.workspace.catalog
        refusal = decision_refusal(document, catalog, self.item_id, entered, self.today)
        return (f"Not recorded: {refusal}", True) if refusal else ("", False)

    def _show_problem(self) -> None:
        text, refused = self.problem()
        self.message.setText(text)
        self.message.setStyleSheet(PROBLEM_STYLE if refused else HINT_STYLE)
        self.ok.setEnabled(not text)

    def accept(self) -> None:
        if self.result() == QDialog.DialogCode.Accepted:
            return  # recorded already: a second press of OK must not record it twice
        entered = self.entered()
        if entered is None or self.problem()[0]:
            self._show_problem()
            return
        workspace = self.workspace
        question = decision_question(
            workspace.document, workspace.catalog, self.item_id, entered.decided_on, entered.result
        )
        if question and not _confirmed(self, question):
            return  # nothing recorded; the form stays open to change the date or cancel
        try:
            document = apply_decision(workspace.document, workspace.catalog, self.item_id, entered)
        except ValueError as refused:
            self.message.setText(f"Not recorded: {refused}")
            self.message.setStyleSheet(PROBLEM_STYLE)
            return
        workspace.apply(document, f"Record the decision on {self.name}")
        super().accept()


def _confirmed(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "Record the decision?",
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_decision(parent: QWidget | None, workspace: Workspace, item_id: str, today: dt.date) -> bool:
    """Open the decision form for one plan item; True when a decision was recorded."""
    item = workspace.document.plan.item(item_id)
    if workspace.read_only or item is None or not can_record_decision(item):
        return False
    return DecisionDialog(parent, workspace, item_id, today).exec() == QDialog.DialogCode.Accepted


# -- withdrawing a decision -------------------------------------------------------------------------
def _span(entry: HistoryEntry) -> str:
    """ "28 Sep–9 Nov 2026" (the year once when both dates share it)."""
    if entry.end is None:
        return f"from {short_date(entry.start)}"
    start = short_date(entry.start)
    if entry.start.year == entry.end.year:
        start = start.rsplit(" ", 1)[0]
    return f"{start}–{short_date(entry.end)}"


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _removed(before: tuple[T, ...], after: tuple[T, ...]) -> list[T]:
    """What `before` holds that `after` no longer does (each entry counted, in `before`'s order)."""
    kept = list(after)
    gone = []
    for entry in before:
        if entry in kept:
            kept.remove(entry)
        else:
            gone.append(entry)
    return gone


def withdrawal_question(before: PlanDocument, after: PlanDocument, catalog: Catalog, item_id: str) -> str:
    """What withdrawing the decision undoes, in words, from the document before and after it."""
    item, restored = before.plan.item(item_id), after.plan.item(item_id)
    assert item is not None and item.assessed is not None and restored is not None
    name = catalog.modality(item.modality).name
    removed = [
        f"the history entry for {catalog.modality(entry.modality).name} ({_span(entry)})"
        for entry in _removed(before.history, after.history)
    ]
    removed += [
        f"the new item {catalog.modality(gone.modality).name}{f' at {gone.dose.text}' if gone.dose else ''}"
        for gone in _removed(before.plan.items, after.plan.items)
        if gone.id != item_id
    ]
    latest = dataclasses.replace(item, assessed=dataclasses.replace(item.assessed, previous=()))
    lines = [f"Withdraw this decision on {name}?", f"{decision_text(before, catalog, latest)}."]
    if removed:
        sentence = _listed(removed)
        lines.append(f"{sentence[0].upper()}{sentence[1:]} will be removed.")
    if restored.end_week != item.end_week:
        ends = "runs on with no end" if restored.end_week is None else f"ends in week {restored.end_week}"
        lines.append(f"{name} {ends} in the plan, as before the decision.")
    if restored.assessed is not None:
        lines.append(f"What was recorded before stands again: {decision_text(after, catalog, restored)}.")
    else:
        lines.append(f"{name}'s assessment is open again.")
    return "\n\n".join(lines)


def can_withdraw(workspace: Workspace | None, item_id: str | None) -> bool:
    """Whether the item has a decision that the open (editable) plan can withdraw."""
    if workspace is None or workspace.read_only or item_id is None:
        return False
    item = workspace.document.plan.item(item_id)
    return item is not None and item.assessed is not None


def ask_withdrawal(parent: QWidget | None, workspace: Workspace, item_id: str) -> bool:
    """Ask, then withdraw the decision on one plan item in one undo step; True when it was withdrawn.

    A decision the plan cannot withdraw is refused with the reason, and nothing changes."""
    if not can_withdraw(workspace, item_id):
        return False
    document, catalog = workspace.document, workspace.catalog
    item = document.plan.item(item_id)
    assert item is not None
    name = catalog.modality(item.modality).name
    try:
        withdrawn = withdraw_decision(document, catalog, item_id)
    except ValueError as refused:
        QMessageBox.warning(parent, "Decision not withdrawn", str(refused))
        return False
    answer = QMessageBox.question(
        parent,
        "Withdraw the decision?",
        withdrawal_question(document, withdrawn, catalog, item_id),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    workspace.apply(withdrawn, f"Withdraw the decision on {name}")
    return True
