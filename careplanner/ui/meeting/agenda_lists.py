"""Choosing the agenda: plans suggested for the meeting (and why) on the left, the chair's order on the right.

A suggestion's tick says whether its plan is on the agenda: ticking adds it at the end, unticking takes it
off.
An entry with the team's recommendation recorded stays: the minutes need it.
A clinic that does not use sign-offs has every open plan suggested ("Not signed off yet"): thousands of
multi-line rows made every tick and every resize take a fifth of a second, so the most urgent few hundred
are listed and the rest on asking, laid out in batches between the user's keys and clicks; a tick changes
only the rows whose tick changed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from careplanner.team.meetings import MAX_ENTRIES
from careplanner.ui.meeting.agenda_model import AgendaLine
from careplanner.ui.meeting.agenda_suggester import collector_eased

LINE_ROLE = Qt.ItemDataRole.UserRole
LISTED_AT_FIRST = 300  # an agenda holds at most MAX_ENTRIES (200) patients: more rows only slow the list
LAYOUT_BATCH = 200  # rows laid out between two turns of the event loop
LOOKING = "Looking through the open plans for patients to discuss…"


def _list(name: str) -> QListWidget:
    widget = QListWidget()
    widget.setWordWrap(True)
    widget.setSpacing(2)
    widget.setAlternatingRowColors(True)
    widget.setAccessibleName(name)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    return widget


class AgendaPicker(QSplitter):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._suggested: list[AgendaLine] = []
        self._others: list[AgendaLine] = []
        self._chosen: list[AgendaLine] = []
        self._offered = False  # False while the suggestions are being worked out
        self._list_all = False
        self._rows: dict[int, int] = {}  # plan id -> its row in the suggested list
        self._shown_ticked: set[int] = set()  # plan ids shown ticked
        self.suggested = _list("Suggested plans: tick to put on the agenda")
        self.suggested.setLayoutMode(QListView.LayoutMode.Batched)  # thousands of rows never freeze it
        self.suggested.setBatchSize(LAYOUT_BATCH)
        self.every_plan = QCheckBox("S&how every open plan")
        self.every_plan.setToolTip("Also list draft and active plans the suggestions leave out")
        self.add_button = QPushButton("Add t&o agenda")
        self.add_button.setToolTip("Put the selected plans on the agenda (Enter)")
        self.add_all = QPushButton("Add a&ll suggested")
        self.suggested_note = QLabel(wordWrap=True)
        self.list_all = QPushButton()
        self.list_all.setToolTip("List every line; the most urgent are listed first")
        self.chosen = _list("On the agenda, in order")
        self.chosen.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.up = QPushButton("&Up")
        self.up.setToolTip("Earlier on the agenda (Alt+Up)")
        self.down = QPushButton("Do&wn")
        self.down.setToolTip("Later on the agenda (Alt+Down)")
        self.remove = QPushButton("&Remove")
        self.remove.setToolTip("Take the selected patient off the agenda (Delete)")
        self.chosen_note = QLabel(wordWrap=True)
        self.chosen_note.setStyleSheet("color: #B00020;")
        self._layout()
        self._connect()
        self.show_reading()

    def _layout(self) -> None:
        left = QGroupBox("Suggested &for this date")
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.every_plan)
        left_buttons.addStretch()
        left_buttons.addWidget(self.add_button)
        left_buttons.addWidget(self.add_all)
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.suggested, 1)
        note_row = QHBoxLayout()
        note_row.addWidget(self.suggested_note, 1)
        note_row.addWidget(self.list_all)
        left_layout.addLayout(note_row)
        left_layout.addLayout(left_buttons)
        right = QGroupBox("On the age&nda")
        right_buttons = QHBoxLayout()
        right_buttons.addWidget(self.up)
        right_buttons.addWidget(self.down)
        right_buttons.addStretch()
        right_buttons.addWidget(self.remove)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.chosen, 1)
        right_layout.addWidget(self.chosen_note)
        right_layout.addLayout(right_buttons)
        left.setFocusProxy(self.suggested)
        right.setFocusProxy(self.chosen)
        self.addWidget(left)
        self.addWidget(right)
        self.setChildrenCollapsible(False)

    def _connect(self) -> None:
        self.suggested.itemChanged.connect(self._ticked)
        self.suggested.itemActivated.connect(lambda _: self.add_selected())
        self.suggested.itemSelectionChanged.connect(self._update)
        self.chosen.currentRowChanged.connect(self._update)
        self.every_plan.toggled.connect(lambda _: self._show_suggested())
        self.list_all.clicked.connect(self._list_every_line)
        self.add_button.clicked.connect(self.add_selected)
        self.add_all.clicked.connect(self.add_all_suggested)
        self.up.clicked.connect(lambda: self.move_current(-1))
        self.down.clicked.connect(lambda: self.move_current(1))
        self.remove.clicked.connect(self.remove_current)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Alt+Up", lambda: self.move_current(-1)),
            ("Alt+Down", lambda: self.move_current(1)),
            ("Delete", self.remove_current),
        ):
            QShortcut(QKeySequence(keys), self.chosen, slot, context=context)

    # -- what is offered ---------------------------------------------------------------------------
    @property
    def offered(self) -> bool:
        """Whether the suggestions for the date shown have arrived."""
        return self._offered

    def show_reading(self) -> None:
        """Until the suggestions arrive the list says so in one line; the rest of the dialog is usable."""
        self._suggested, self._others, self._offered = [], [], False
        self._list_all = False
        self._show_line(LOOKING)
        self.suggested_note.setText("")

    def set_offered(self, suggested: list[AgendaLine], others: list[AgendaLine]) -> None:
        self._suggested, self._others, self._offered = suggested, others, True
        self._show_suggested()

    def show_unreadable(self, words: str) -> None:
        self._suggested, self._others, self._offered = [], [], False
        self._show_line(words)
        self.suggested_note.setText("")

    def _show_line(self, words: str) -> None:
        """One line in place of the suggestions: not a plan, so it cannot be ticked or chosen."""
        self.suggested.clear()
        self._rows, self._shown_ticked = {}, set()
        line = QListWidgetItem(words)
        line.setFlags(Qt.ItemFlag.NoItemFlags)
        self.suggested.addItem(line)
        self.list_all.hide()
        self._update()

    def _show_suggested(self) -> None:
        if not self._offered:
            return  # the "looking" line stays until the suggestions arrive
        current = self.suggested.currentRow()
        lines = self._suggested + (self._others if self.every_plan.isChecked() else [])
        shown = lines if self._list_all else lines[:LISTED_AT_FIRST]
        chosen = {line.plan_id for line in self._chosen}
        self.suggested.setUpdatesEnabled(False)
        self.suggested.blockSignals(True)
        self.suggested.clear()
        for line in shown:
            item = QListWidgetItem(line.words)
            item.setData(LINE_ROLE, line)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = line.plan_id in chosen
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.suggested.addItem(item)
        self._rows = {line.plan_id: row for row, line in enumerate(shown)}
        self._shown_ticked = chosen & self._rows.keys()
        if 0 <= current < len(shown):
            self.suggested.setCurrentRow(current)
        self.suggested.blockSignals(False)
        self.suggested.setUpdatesEnabled(True)
        self._say_what_is_listed(len(shown), len(lines))
        self._update()

    def _say_what_is_listed(self, shown: int, lines: int) -> None:
        count = len(self._suggested)
        if count:
            words = f"{count:,} plan{'s' if count != 1 else ''} suggested, most urgent first."
        else:
            words = "No open plan has a review due, unacknowledged errors or a missing sign-off by this date."
        if shown < lines:
            words += f" The first {shown:,} of {lines:,} are listed."
        self.suggested_note.setText(words)
        self.list_all.setText(f"List e&very one ({lines:,})")
        self.list_all.setVisible(shown < lines)

    def _list_every_line(self) -> None:
        self._list_all = True
        with collector_eased():  # thousands of rows made beside a large clinic's plans held in memory
            self._show_suggested()
        self.suggested.setFocus()

    def _show_ticks(self) -> None:
        """Each offered plan ticked when it is on the agenda: only the rows whose tick changed are touched
        (in place: the keyboard keeps its row)."""
        chosen = {line.plan_id for line in self._chosen} & self._rows.keys()
        self.suggested.blockSignals(True)
        for plan_id in chosen ^ self._shown_ticked:
            on = plan_id in chosen
            item = self.suggested.item(self._rows[plan_id])
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.suggested.blockSignals(False)
        self._shown_ticked = chosen
        self._update()

    # -- the agenda --------------------------------------------------------------------------------
    def set_chosen(self, lines: list[AgendaLine]) -> None:
        self._chosen = list(lines)
        self.chosen_note.setText("")
        self._show_chosen(max(self.chosen.currentRow(), 0) if lines else -1)
        self._show_ticks()

    def chosen_lines(self) -> tuple[AgendaLine, ...]:
        return tuple(self._chosen)

    def _show_chosen(self, current: int) -> None:
        self.chosen.blockSignals(True)
        self.chosen.clear()
        for position, line in enumerate(self._chosen, start=1):
            item = QListWidgetItem(f"{position}. {line.words}")
            item.setData(LINE_ROLE, line)
            self.chosen.addItem(item)
        if not self._chosen:
            empty = QListWidgetItem("Nobody on the agenda yet: tick the suggested plans on the left.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.chosen.addItem(empty)
        self.chosen.blockSignals(False)
        if self._chosen and current >= 0:
            self.chosen.setCurrentRow(min(current, len(self._chosen) - 1))
        self.chosen_note.setVisible(bool(self.chosen_note.text()))
        self._update()

    def add(self, line: AgendaLine) -> None:
        self.add_lines([line])

    def add_lines(self, lines: list[AgendaLine]) -> None:
        """At the end of the agenda, in the order given, those not on it yet; the list is redrawn once."""
        held = {line.plan_id for line in self._chosen}
        new = list({line.plan_id: line for line in lines if line.plan_id not in held}.values())
        room = MAX_ENTRIES - len(self._chosen)
        if new[room:]:
            self._refuse(f"An agenda holds at most {MAX_ENTRIES} patients.")
        if not new[:room]:
            return
        self._chosen += new[:room]
        if not new[room:]:
            self.chosen_note.setText("")
        self._show_chosen(len(self._chosen) - 1)
        self._show_ticks()
        self.changed.emit()

    def add_selected(self) -> None:
        self.add_lines([line for item in self.suggested.selectedItems() if (line := item.data(LINE_ROLE))])

    def add_all_suggested(self) -> None:
        self.add_lines(self._suggested)

    def take_off(self, plan_id: int) -> bool:
        """Off the agenda, unless the team's recommendation is recorded for it (then say so)."""
        row = next((r for r, line in enumerate(self._chosen) if line.plan_id == plan_id), None)
        if row is None:
            return True
        line = self._chosen[row]
        if line.recommended is not None:
            self._refuse(
                f"{line.patient_name} stays on the agenda: the team's recommendation is recorded "
                f"(by {line.recommended}) and the minutes need it."
            )
            return False
        del self._chosen[row]
        self.chosen_note.setText("")
        self._show_chosen(row)
        self._show_ticks()
        self.changed.emit()
        return True

    def remove_current(self) -> None:
        item = self.chosen.currentItem()
        if item is not None and item.data(LINE_ROLE) is not None:
            self.take_off(item.data(LINE_ROLE).plan_id)

    def move_current(self, step: int) -> None:
        row = self.chosen.currentRow()
        target = row + step
        if not self._chosen or row < 0 or not 0 <= target < len(self._chosen):
            return
        self._chosen[row], self._chosen[target] = self._chosen[target], self._chosen[row]
        self._show_chosen(target)
        self.changed.emit()

    def _ticked(self, item: QListWidgetItem) -> None:
        line: AgendaLine | None = item.data(LINE_ROLE)
        if line is None:
            return  # the line saying the list is being worked out
        ticked = item.checkState() == Qt.CheckState.Checked
        # As the user left it, so that a refused change is put back below.
        (self._shown_ticked.add if ticked else self._shown_ticked.discard)(line.plan_id)
        if ticked:
            self.add(line)
        else:
            self.take_off(line.plan_id)
        self._show_ticks()

    def _refuse(self, words: str) -> None:
        self.chosen_note.setText(words)
        self.chosen_note.show()

    def _update(self, *_: object) -> None:
        row = self.chosen.currentRow() if self._chosen else -1
        self.up.setEnabled(row > 0)
        self.down.setEnabled(0 <= row < len(self._chosen) - 1)
        self.remove.setEnabled(row >= 0)
        self.add_button.setEnabled(bool(self.suggested.selectedItems()))
        self.add_all.setEnabled(bool(self._suggested))
