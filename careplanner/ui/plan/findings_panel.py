"""The findings beside the plan, re-checked on every edit.

Selecting a finding selects its items in the plan and on the timeline; its explanation and full source are
shown below the list; it can be acknowledged with a recorded reason, and the acknowledgement withdrawn.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from careplanner.checks import SEVERITIES, CheckReport, Finding
from careplanner.domain import Acknowledgement
from careplanner.editing import operations
from careplanner.ui.dialogs import ask_reason
from careplanner.ui.theme import SEVERITY_LABELS, severity_icon
from careplanner.ui.workspace import Workspace, follow

FINDING_ROLE = Qt.ItemDataRole.UserRole + 20


def _count(number: int, word: str, plural: bool) -> str:
    return f"{number} {word}{'s' if plural and number != 1 else ''}"


def _first_sentence(message: str) -> str:
    head, dot, _ = message.partition(". ")
    return head + ("." if dot else "")


class FindingsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.summary = QLabel(wordWrap=True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAccessibleName("Findings")
        self.details = QTextBrowser()
        self.details.setAccessibleName("Finding explanation")
        self.acknowledge = QPushButton("Acknowledge…")
        self.acknowledge.setToolTip("Go ahead despite this finding, with a recorded reason (Ctrl+Shift+A)")
        self.withdraw = QPushButton("Withdraw acknowledgement")
        buttons = QHBoxLayout()
        buttons.addWidget(self.acknowledge)
        buttons.addWidget(self.withdraw)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(self.details)
        split.setSizes([300, 200])
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.list.currentItemChanged.connect(self._current_changed)
        self.acknowledge.clicked.connect(self.acknowledge_current)
        self.withdraw.clicked.connect(self._withdraw_current)
        self.show_report(None)

    def set_workspace(self, workspace: Workspace | None) -> None:
        follow(self.workspace, workspace, {"checked": self.show_report})
        self.workspace = workspace
        self.show_report(workspace.report if workspace else None)

    # -- showing -----------------------------------------------------------------------------------
    def show_report(self, report: CheckReport | None) -> None:
        """Re-list the findings after a check. The finding in focus stays in focus, but its items are not
        selected again: a re-check follows the user's own selection, never snaps it back."""
        previous = self._current_key()
        self.list.blockSignals(True)
        self.list.clear()
        if report is None:
            self.summary.setText("Open a patient's plan to see what the checks find.")
        else:
            self.summary.setText(self._summary(report))
            for finding in report.findings:
                self.list.addItem(self._entry(finding))
            for ack in report.unmatched_acknowledgements:
                self.list.addItem(self._stale_entry(ack))
        self._restore(previous)
        self.list.blockSignals(False)
        self._show_details()

    def _summary(self, report: CheckReport) -> str:
        counts = [_count(report.counting(s), SEVERITY_LABELS[s].lower(), s != "info") for s in SEVERITIES]
        acknowledged = sum(1 for f in report.findings if not f.counts)
        tail = f" · {acknowledged} acknowledged" if acknowledged else ""
        verdict = (
            "No findings: the plan passes every check." if not report.findings else " · ".join(counts) + tail
        )
        return f"<b>{verdict}</b>"

    def _names(self, refs: tuple[str, ...]) -> str:
        assert self.workspace is not None
        if not refs:
            return "the whole plan"
        return ", ".join(self.workspace.report_label(ref) for ref in refs)

    def _entry(self, finding: Finding) -> QListWidgetItem:
        entry = QListWidgetItem(severity_icon(finding.severity), f"{_first_sentence(finding.message)}")
        entry.setData(FINDING_ROLE, finding)
        entry.setToolTip(finding.message)
        if finding.acknowledged is not None:
            entry.setText(f"✓ {entry.text()} (acknowledged)")
            font = QFont(entry.font())
            font.setItalic(True)
            entry.setFont(font)
            entry.setForeground(QBrush(QColor("#777777")))
        return entry

    def _stale_entry(self, ack: Acknowledgement) -> QListWidgetItem:
        assert self.workspace is not None
        entry = QListWidgetItem(
            f"An acknowledgement ({self.workspace.catalog.rule_title(ack.rule).lower()}: "
            f"{self._names(ack.items)}) no longer matches a finding"
        )
        entry.setData(FINDING_ROLE, ack)
        entry.setForeground(QBrush(QColor("#777777")))
        return entry

    def _current_key(self) -> tuple[str, tuple[str, ...]] | None:
        current = self.list.currentItem()
        value = current.data(FINDING_ROLE) if current else None
        return (value.rule, tuple(value.items)) if value is not None else None

    def _restore(self, key: tuple[str, tuple[str, ...]] | None) -> None:
        for row in range(self.list.count()):
            value = self.list.item(row).data(FINDING_ROLE)
            if key is not None and (value.rule, tuple(value.items)) == key:
                self.list.blockSignals(True)
                self.list.setCurrentRow(row)
                self.list.blockSignals(False)
                return

    def _current_changed(self, *_: object) -> None:
        """The user moved to another finding: show it and select its items in the plan."""
        value = self._current_value()
        self._show_details()
        if isinstance(value, Finding) and self.workspace is not None:
            self.workspace.select(value.items)

    def _current_value(self) -> Finding | Acknowledgement | None:
        current = self.list.currentItem()
        value = current.data(FINDING_ROLE) if current else None
        return value if isinstance(value, Finding | Acknowledgement) else None

    def _show_details(self) -> None:
        value = self._current_value()
        editable = self.workspace is not None and not self.workspace.read_only
        self.acknowledge.setEnabled(editable and isinstance(value, Finding) and value.acknowledged is None)
        self.withdraw.setEnabled(
            editable
            and (
                isinstance(value, Acknowledgement)
                or (isinstance(value, Finding) and value.acknowledged is not None)
            )
        )
        if isinstance(value, Finding):
            self.details.setHtml(self._explain(value))
        elif isinstance(value, Acknowledgement):
            self.details.setHtml(
                f"<p>{html.escape(value.reason)} — {html.escape(value.by)}</p><p>The finding it "
                "answered is gone (the plan changed). Withdraw it to tidy up.</p>"
            )
        else:
            self.details.setHtml("<i>Select a finding to see why it matters and where that comes from.</i>")

    def _explain(self, finding: Finding) -> str:
        assert self.workspace is not None
        catalog = self.workspace.catalog
        keys = tuple(key.strip() for key in finding.source.split(",") if key.strip())
        sources = "".join(
            f"<li><b>{html.escape(source.name)}</b>: {html.escape(source.title)}</li>"
            for source in (catalog.sources[key] for key in keys if key in catalog.sources)
        )
        parts = [
            f"<p><b>{SEVERITY_LABELS[finding.severity]}: {html.escape(catalog.rule_title(finding.rule))}</b>"
            f" · {html.escape(self._names(finding.items))}</p>",
            f"<p>{html.escape(finding.message)}</p>",
            f"<p>Sources:</p><ul>{sources}</ul>",
        ]
        if finding.acknowledged is not None:
            ack = finding.acknowledged
            parts.append(
                f"<p><b>Acknowledged</b> by {html.escape(ack.by)}: “{html.escape(ack.reason)}”. "
                "It no longer counts.</p>"
            )
        return "".join(parts)

    # -- acknowledging -----------------------------------------------------------------------------
    def acknowledge_current(self) -> None:
        current = self.list.currentItem()
        finding = current.data(FINDING_ROLE) if current else None
        workspace = self.workspace
        if (
            workspace is None
            or workspace.read_only
            or not isinstance(finding, Finding)
            or finding.acknowledged
        ):
            return
        reason = ask_reason(self, finding.message)
        if reason:
            workspace.apply(
                operations.acknowledge(workspace.document, finding, reason, workspace.user),
                f"Acknowledge: {workspace.catalog.rule_title(finding.rule).lower()}",
            )

    def _withdraw_current(self) -> None:
        current = self.list.currentItem()
        value = current.data(FINDING_ROLE) if current else None
        ack = value.acknowledged if isinstance(value, Finding) else value
        if self.workspace is not None and isinstance(ack, Acknowledgement):
            self.workspace.apply(
                operations.withdraw_acknowledgement(self.workspace.document, ack),
                "Withdraw an acknowledgement",
            )
