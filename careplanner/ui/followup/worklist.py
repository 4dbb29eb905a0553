"""The nurse's daily list: every assessment and review due or overdue across all patients (a dock).

The stored plans give the list (`Store.due_list`); the plan open in the window is merged in as it stands,
saved or not, so a decision recorded a moment ago takes its line off at once. "Today" is read once for
each refresh and passed down as a calendar date.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QSize, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from careplanner.followup.due import ASSESSMENT, DEFAULT_DAYS_AHEAD, OVERDUE, DueEntry, due_words
from careplanner.followup.worklist import describe, list_order, merge_open_plan
from careplanner.name_order import sort_name
from careplanner.reports.dates import DAYS, short_date
from careplanner.store import StoreError

if TYPE_CHECKING:
    from careplanner.catalog.model import Catalog
    from careplanner.ui.window.controller import Controller
    from careplanner.ui.workspace import Workspace

COLUMNS = ("Patient", "Record", "Plan", "Treatment", "Due", "Status")
DUE_COLUMN = COLUMNS.index("Due")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # what a column sorts by: the real date, not its words
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_DAYS_AHEAD = 90
OVERDUE_COLOUR = QColor("#8B1A1A")  # besides bold type and the words, so it reads without colour too
ROWS_AT_FIRST = 5  # the dock opens this tall, so the open plan above keeps most of a laptop screen
MERGE_DELAY_MS = 150  # edits come in bursts (typing): the open plan is merged in again once they pause
DAY_CHECK_MS = 60_000  # a list left open overnight moves on to the new day


def day_words(day: dt.date) -> str:
    """Wed 2 Dec 2026."""
    return f"{DAYS[day.weekday()][:3]} {short_date(day)}"


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def line_key(entry: DueEntry) -> tuple[object, ...]:
    """What a line stays across refreshes (its status and days change with the date)."""
    return (entry.patient_key, entry.plan_id, entry.kind, entry.item_id, entry.due_date)


def _cells(entry: DueEntry, rank: int, treatment: str, as_of: dt.date) -> list[tuple[str, object]]:
    """Each column's words and what it sorts by; ties keep the list's order (`rank`, from the core's
    `list_order`, as `careplanner due` lists it)."""
    tie = f"{rank:09d}"
    return [
        (entry.patient_name, f"{sort_name(entry.patient_name)}\t{tie}"),
        (entry.patient_id, f"{entry.patient_id}\t{tie}"),
        (entry.plan_title, f"{entry.plan_title.casefold()}\t{tie}"),
        (treatment, f"{treatment.casefold()}\t{tie}"),
        (short_date(entry.due_date), rank),
        (due_words(entry.due_date, as_of), rank),
    ]


class WorklistPanel(QWidget):
    """The list itself: a heading with the date and the days ahead, the sortable table, a Refresh button."""

    openRequested = Signal(object)  # the DueEntry the user opened (double-click or Enter)
    refreshRequested = Signal()  # F5, the Refresh button, another number of days, or the panel shown again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.open_patient: int | None = None  # the patient open in the window: their line is the current one
        self.entries: list[DueEntry] = []
        self.as_of: dt.date | None = None
        self.stale = True  # not read since it was last hidden or changed
        self.heading = QLabel("Due in the next")
        self.days = QSpinBox(minimum=0, maximum=MAX_DAYS_AHEAD, value=DEFAULT_DAYS_AHEAD)
        self.days.setAccessibleName("Days ahead")
        self.days.setSuffix(" days")
        self.summary = QLabel()
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Read the list again (F5)")
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = self._table()
        self.empty = QLabel(wordWrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._lay_out()
        self.days.valueChanged.connect(self._days_changed)
        self.refresh_button.clicked.connect(self.refreshRequested)
        refresh = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refreshRequested.emit)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.activated.connect(self._activated)
        self.show_problem("Opening the database…")

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setAccessibleName("Assessments and reviews due or overdue")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.setSortingEnabled(True)
        table.sortByColumn(DUE_COLUMN, Qt.SortOrder.AscendingOrder)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        return table

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.days)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)

    def sizeHint(self) -> QSize:
        table = self.table
        rows = (
            table.horizontalHeader().sizeHint().height()
            + ROWS_AT_FIRST * table.verticalHeader().defaultSectionSize()
        )
        layout = self.layout()
        assert layout is not None  # built in __init__
        margins = layout.contentsMargins()
        top = max(self.days.sizeHint().height(), self.refresh_button.sizeHint().height())
        height = margins.top() + top + layout.spacing() + rows + 2 * table.frameWidth() + margins.bottom()
        return QSize(super().sizeHint().width(), height)

    # -- showing -----------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            QTimer.singleShot(0, self._refresh_if_stale)  # once the dock is laid out

    def _refresh_if_stale(self) -> None:
        if self.stale and self.isVisible():
            self.refreshRequested.emit()

    def show_problem(self, text: str) -> None:
        """Nothing to list now (the database is not open, or cannot be read): say why."""
        self.model.setRowCount(0)
        self.entries = []
        self.summary.setText("")
        self.table.hide()
        self.empty.setText(text)
        self.empty.show()

    def show_entries(self, lines: list[tuple[DueEntry, str]], as_of: dt.date) -> None:
        """The list as of a date: each entry with its treatment in words."""
        lines = sorted(lines, key=lambda line: list_order(line[0]))  # ranks for the columns' ties
        kept = self.current_entry()
        self.stale = False
        self.as_of, self.entries = as_of, [entry for entry, _ in lines]
        self.heading.setText(f"As of {day_words(as_of)} — next")
        self.model.setRowCount(0)
        for rank, (entry, treatment) in enumerate(lines):
            self.model.appendRow(self._row(entry, rank, treatment, as_of))
        overdue = sum(entry.status == OVERDUE for entry in self.entries)
        self.summary.setText(f"{overdue} overdue, {len(self.entries) - overdue} due" if self.entries else "")
        self.table.setVisible(bool(self.entries))
        self.empty.setVisible(not self.entries)
        days = self.days.value()
        ahead = {0: "today", 1: "today or tomorrow"}.get(days, f"in the next {_days(days)}")
        self.empty.setText(
            f"Nothing is overdue and nothing falls due {ahead} (active plans of every patient)."
        )
        self.table.resizeColumnsToContents()
        self.select_open_patient(kept)

    def _row(self, entry: DueEntry, rank: int, treatment: str, as_of: dt.date) -> list[QStandardItem]:
        row = []
        what = "assessment" if entry.kind == ASSESSMENT else "review"
        tip = f"Double-click or press Enter to open {entry.patient_name}'s plan at this {what}"
        for text, sort_key in _cells(entry, rank, treatment, as_of):
            item = QStandardItem(text)
            item.setData(sort_key, SORT_ROLE)
            item.setData(entry, ENTRY_ROLE)
            item.setToolTip(tip)
            font = item.font()
            font.setBold(entry.status == OVERDUE)
            item.setFont(font)
            if entry.status == OVERDUE:
                item.setForeground(OVERDUE_COLOUR)
            row.append(item)
        return row

    # -- the current line --------------------------------------------------------------------------
    def entry_at(self, row: int) -> DueEntry:
        """The entry on a row of the table as shown (sorted)."""
        return self.proxy.index(row, 0).data(ENTRY_ROLE)  # type: ignore[no-any-return]

    def current_entry(self) -> DueEntry | None:
        index = self.table.currentIndex()
        return index.data(ENTRY_ROLE) if index.isValid() and self.table.isVisible() else None

    def select_open_patient(self, preferred: DueEntry | None = None) -> None:
        """The current line is one of the open patient's (the preferred one if it is theirs), or none: a
        line of another patient never stays marked as if it were open."""
        rows = [r for r in range(self.proxy.rowCount()) if self.entry_at(r).patient_key == self.open_patient]
        if self.open_patient is None or not rows:
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())
            return
        wanted = line_key(preferred) if preferred is not None else None
        row = next((r for r in rows if line_key(self.entry_at(r)) == wanted), rows[0])
        self.table.selectRow(row)
        self.table.scrollTo(self.proxy.index(row, 0))

    def _activated(self, index: QModelIndex) -> None:
        entry = index.data(ENTRY_ROLE)
        if isinstance(entry, DueEntry):
            self.openRequested.emit(entry)

    def _days_changed(self, days: int) -> None:
        self.days.setSuffix(" day" if days == 1 else " days")
        self.refreshRequested.emit()


class WorklistFeed(QObject):
    """Keeps the panel current: the store's lines, with the plan open in the window merged in."""

    def __init__(self, panel: WorklistPanel, controller: Controller, catalog: Catalog) -> None:
        super().__init__(panel)
        self.panel, self.controller, self.catalog = panel, controller, catalog
        self._stored: list[DueEntry] | None = None
        self._read_on: tuple[dt.date, int] | None = None  # the day and days ahead the stored lines are for
        self._watched: Workspace | None = None
        self._merge_soon = QTimer(self, singleShot=True, interval=MERGE_DELAY_MS)
        self._merge_soon.timeout.connect(self.merge)
        self._day_watch = QTimer(self, interval=DAY_CHECK_MS)
        self._day_watch.timeout.connect(self._check_the_day)
        self._day_watch.start()
        panel.refreshRequested.connect(self.refresh)
        controller.storeReady.connect(self.refresh)
        controller.recordsChanged.connect(self.refresh)
        controller.workspaceOpened.connect(self._workspace_opened)

    def _workspace_opened(self, workspace: Workspace | None, *_: object) -> None:
        """A patient opened or switched, a save, a status change: read the list again."""
        if self._watched is not None:
            self._watched.changed.disconnect(self._merge_soon.start)
        self._watched = workspace
        if workspace is not None:
            workspace.changed.connect(self._merge_soon.start)
        self.panel.open_patient = workspace.origin.patient_id if workspace is not None else None
        self.refresh()

    def _check_the_day(self) -> None:
        if self._read_on is not None and self._read_on[0] != dt.date.today():
            self.refresh()

    def refresh(self) -> None:
        """Read the stored lines as of today (only while the list is on show; hidden, it waits)."""
        if not self.panel.isVisible():
            self.panel.stale = True
            return
        store = self.controller.store
        if store is None:
            self.panel.show_problem("Opening the database…")
            return
        as_of, days = dt.date.today(), self.panel.days.value()
        try:
            self._stored = store.due_list(as_of, days)
        except StoreError as error:
            self._stored = None
            self.panel.show_problem(f"The list cannot be read now: {error}")
            return
        self._read_on = (as_of, days)
        self.merge()

    def merge(self) -> None:
        """The stored lines with the open plan as it stands (an edit not saved yet counts)."""
        if self._stored is None or self._read_on is None:
            return
        if not self.panel.isVisible():
            self.panel.stale = True
            return
        as_of, days = self._read_on
        if dt.date.today() != as_of:  # past midnight: what is overdue has changed
            self.refresh()
            return
        entries = self._stored
        workspace = self.controller.workspace
        if workspace is not None and not workspace.read_only and workspace.origin.patient_id is not None:
            entries = merge_open_plan(
                entries,
                workspace.origin.plan_id,
                workspace.document,
                workspace.status,
                workspace.origin.patient_id,
                workspace.title,
                as_of,
                days,
            )
        lines = [(entry, describe(entry, self.catalog)) for entry in entries]  # the panel puts them in order
        self.panel.show_entries(lines, as_of)
