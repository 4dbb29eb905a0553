"""Plan ▸ What changed…: the difference between two revisions of the open plan, in words; read-only.

Two pickers choose the revisions (by default the previous saved revision and the newest); while the window
holds unsaved work, "Unsaved changes" is a choice too, so the team sees what the next save would add.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careplanner.catalog.model import Catalog
from careplanner.changes import plan_changes
from careplanner.domain import PlanDocument
from careplanner.reports.dates import short_date
from careplanner.store.errors import StoreError
from careplanner.store.records import PlanRevision, RevisionInfo

UNSAVED = 0  # the pickers' key for the window's own document (revision numbers start at 1)
LoadRevision = Callable[[int], PlanRevision]


def revision_label(revision: RevisionInfo) -> str:
    """ "Revision 3 · active · 3 Dec 2026 14:05 · dr.a" (the time in the user's time zone)."""
    saved = revision.saved_at.astimezone()
    when = f"{short_date(saved.date())} {saved:%H:%M}"
    note = f" · {revision.note}" if revision.note else ""
    return f"Revision {revision.number} · {revision.status} · {when} · {revision.saved_by}{note}"


class ChangesDialog(QDialog):
    def __init__(
        self,
        catalog: Catalog,
        revisions: Sequence[RevisionInfo],
        load: LoadRevision,
        unsaved: tuple[PlanDocument, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`revisions` oldest first (as the store lists them); `unsaved` the window's document and status
        when it holds work not saved yet."""
        super().__init__(parent)
        self.setWindowTitle("What changed")
        self.catalog, self.load, self.unsaved = catalog, load, unsaved
        self._loaded: dict[int, tuple[PlanDocument, str]] = {}
        self.before, self.after = QComboBox(), QComboBox()
        for picker in (self.before, self.after):
            if unsaved is not None:
                picker.addItem("Unsaved changes (this window)", UNSAVED)
            for revision in reversed(revisions):
                picker.addItem(revision_label(revision), revision.number)
        self._choose_defaults([revision.number for revision in revisions])
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setStyleSheet("QListWidget::item { padding: 3px 2px; }")  # each change apart
        self._build_layout()
        self.before.currentIndexChanged.connect(self.compare)
        self.after.currentIndexChanged.connect(self.compare)
        self.resize(760, 480)
        self.compare()

    def _build_layout(self) -> None:
        pickers = QFormLayout()
        pickers.addRow("&From:", self.before)
        pickers.addRow("&To:", self.after)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def _choose_defaults(self, numbers: list[int]) -> None:
        """The previous saved revision against the newest; with a single revision, it against unsaved work."""
        head = numbers[-1] if numbers else UNSAVED
        if len(numbers) >= 2:
            before, after = numbers[-2], head
        else:
            before, after = head, UNSAVED if self.unsaved is not None else head
        self.before.setCurrentIndex(max(0, self.before.findData(before)))
        self.after.setCurrentIndex(max(0, self.after.findData(after)))

    def _side(self, key: int) -> tuple[PlanDocument, str]:
        if key == UNSAVED and self.unsaved is not None:
            return self.unsaved
        if key not in self._loaded:
            revision = self.load(key)
            self._loaded[key] = (revision.document, revision.info.status)
        return self._loaded[key]

    def compare(self) -> None:
        self.list.clear()
        try:
            before = self._side(int(self.before.currentData()))
            after = self._side(int(self.after.currentData()))
        except StoreError as error:
            self.summary.setText(f"The revision cannot be read: {error}")
            return
        changes = plan_changes(before[0], after[0], self.catalog, before[1], after[1])
        sides = f"from {self._name(self.before)} to {self._name(self.after)}"
        if not changes:
            self.summary.setText(f"No differences {sides}.")
            return
        count = "1 change" if len(changes) == 1 else f"{len(changes)} changes"
        self.summary.setText(f"{count} {sides}:")
        for change in changes:
            entry = QListWidgetItem(change.text)
            entry.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            entry.setToolTip(change.text)
            self.list.addItem(entry)

    @staticmethod
    def _name(picker: QComboBox) -> str:
        key = int(picker.currentData())
        return "the unsaved changes" if key == UNSAVED else f"revision {key}"

    def texts(self) -> list[str]:
        """The changes listed, in the order shown."""
        return [self.list.item(row).text() for row in range(self.list.count())]
