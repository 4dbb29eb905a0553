"""The Team tab: the open plan's comments and each discipline's sign-off, as the database holds them now.

Other workstations comment and sign off too, so while the tab is on screen it reads both again every few
seconds (and not at all when it is hidden or nothing stored is open). A new patient clears the tab before
anything of theirs is read, so one patient's comments never show under another's name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careplanner.store.errors import StoreError
from careplanner.team.model import DISCIPLINES, Comment, discipline_name, latest_signoffs, signoff_words
from careplanner.team.recommendations import discussion_words
from careplanner.ui.team import signoff_dialog
from careplanner.ui.team.team_state import (
    TeamSnapshot,
    comment_words,
    shown_revision,
    signoff_block,
    write_block,
)
from careplanner.ui.workspace import Workspace, follow

if TYPE_CHECKING:
    from careplanner.store import Store

NO_MEETING = "No team meeting has had this plan on its agenda yet."
REFRESH_MS = 5000
MAX_ROW_LINES = 3  # of a sign-off's words in the table, so that five long dissents still fit a laptop screen
SIGNOFF_COLUMNS = ("Discipline", "Sign-off", "Required")
RESOLVED_COLOUR = "#6B6B6B"  # resolved comments also say "Resolved" in words
ID_ROLE = Qt.ItemDataRole.UserRole


class TeamView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store: Store | None = None
        self.workspace: Workspace | None = None
        self.snapshot: TeamSnapshot | None = None
        self.notice = QLabel(wordWrap=True)
        self.signoffs = QTableWidget(len(DISCIPLINES), len(SIGNOFF_COLUMNS))
        self.signoffs.setHorizontalHeaderLabels(SIGNOFF_COLUMNS)
        self.signoffs.verticalHeader().hide()
        self.signoffs.setWordWrap(True)
        self.signoffs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.signoffs.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.signoffs.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # A narrower tab wraps a dissent's reason: the rows are fitted again once every column has its width.
        self._refit = QTimer(self, singleShot=True, interval=0)
        self._refit.timeout.connect(self._fit_signoff_rows)
        header.sectionResized.connect(lambda *_: self._refit.start())
        self.signoff_note = QLabel(wordWrap=True)
        self.sign_button = QPushButton("Sign off…")
        self.dissent_button = QPushButton("Dissent…")
        self.meetings = QListWidget()
        self.meetings.setWordWrap(True)
        self.meetings.setAlternatingRowColors(True)
        self.meetings.setAccessibleName("Team meetings that discussed this plan, newest first")
        # As tall as its lines (the comments get the rest of the tab); the splitter still resizes it.
        self.meetings.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.comments = QListWidget()
        self.comments.setWordWrap(True)
        self.comments.setSpacing(3)
        self.comments.setAlternatingRowColors(True)
        self.comments.setAccessibleName("Comments on this plan, open ones first")
        self.resolve_button = QPushButton("Resolve")
        self.resolve_button.setToolTip("Mark the selected open comment as dealt with")
        self.new_comment = QPlainTextEdit()
        self.new_comment.setTabChangesFocus(True)
        self.new_comment.setPlaceholderText("A comment for the team on this revision (Ctrl+Enter adds it)")
        self.new_comment.setAccessibleName("New comment")
        self.new_comment.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.add_button = QPushButton("Add comment")
        self.add_button.setToolTip("Add the comment (Ctrl+Enter)")
        self.comment_note = QLabel(wordWrap=True)
        self._layout()
        self.new_comment.installEventFilter(self)  # Ctrl+Enter adds the comment
        self.sign_button.clicked.connect(lambda: self.sign_off(True))
        self.dissent_button.clicked.connect(lambda: self.sign_off(False))
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.add_button.clicked.connect(self.add_comment)
        self.comments.currentItemChanged.connect(self._update_buttons)
        self.new_comment.textChanged.connect(self._update_buttons)
        self.timer = QTimer(self, interval=REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self._show(None)

    def _layout(self) -> None:
        sign_row = QHBoxLayout()
        sign_row.addWidget(self.signoff_note, 1)
        sign_row.addWidget(self.sign_button)
        sign_row.addWidget(self.dissent_button)
        signoff_box = QGroupBox("Sign-off by discipline")
        signoff_layout = QVBoxLayout(signoff_box)
        signoff_layout.addWidget(self.signoffs)
        signoff_layout.addLayout(sign_row)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_comment, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.resolve_button)
        buttons.addStretch()
        add_row.addLayout(buttons)
        comment_box = QGroupBox("Comments")
        comment_layout = QVBoxLayout(comment_box)
        comment_layout.addWidget(self.comments, 1)
        comment_layout.addWidget(self.comment_note)
        comment_layout.addLayout(add_row)
        meeting_box = QGroupBox("Team meeting recommendations")
        QVBoxLayout(meeting_box).addWidget(self.meetings)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(signoff_box)
        split.addWidget(meeting_box)
        split.addWidget(comment_box)
        split.setStretchFactor(2, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)

    # -- what is open ------------------------------------------------------------------------------
    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.refresh()

    def set_workspace(self, workspace: Workspace | None) -> None:
        """Clear at once; the new plan's comments and sign-offs are read when the tab is on screen."""
        follow(self.workspace, workspace, {"cleanChanged": self._update_buttons})
        if workspace is not self.workspace:
            self.new_comment.clear()
        self.workspace = workspace
        self._show(None)
        self.refresh()

    def _plan_id(self) -> int | None:
        return self.workspace.origin.plan_id if self.workspace is not None else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.new_comment and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.add_comment()
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    # -- reading -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the plan's team work again, when it is on screen and stored; shown only if it changed."""
        store, plan_id = self.store, self._plan_id()
        if store is None or plan_id is None or not self.isVisible():
            return
        try:
            snapshot = self._read(store, plan_id)
        except StoreError as error:  # told in the tab, not in a box every few seconds; tried again
            self.notice.setText(f"The comments and sign-offs could not be read: {error}. Trying again.")
            self.notice.show()
            return
        if snapshot != self.snapshot or self.notice.isVisible():
            self._show(snapshot)

    def _read(self, store: Store, plan_id: int) -> TeamSnapshot:
        comments = tuple(store.list_comments(plan_id))
        resolvers = {c.resolved_by for c in comments if c.resolved_by}
        users = store.list_users() if resolvers else []
        return TeamSnapshot(
            head=store.plan_summary(plan_id).head_number,
            counted=store.signoff_revision(plan_id),
            comments=comments,
            signoffs=tuple(store.list_signoffs(plan_id)),
            required=tuple(store.required_signoffs()),
            profile=store.user_profile(),
            names=tuple((user.login, user.name) for user in users if user.login in resolvers),
            discussions=tuple(store.plan_discussions(plan_id)),
        )

    # -- showing -----------------------------------------------------------------------------------
    def _show(self, snapshot: TeamSnapshot | None) -> None:
        self.snapshot = snapshot
        blocked = write_block(self.workspace)
        self.notice.setText(blocked or "")
        self.notice.setVisible(blocked is not None and self.workspace is not None)
        self._show_signoffs(snapshot)
        self._show_meetings(snapshot)
        self._show_comments(snapshot)
        self._update_buttons()

    def _show_meetings(self, snapshot: TeamSnapshot | None) -> None:
        self.meetings.clear()
        if snapshot is None:
            return
        lines = [discussion_words(d) for d in snapshot.discussions] or [NO_MEETING]
        self.meetings.addItems(lines)
        if not snapshot.discussions:
            self.meetings.item(0).setFlags(Qt.ItemFlag.NoItemFlags)

    def _show_signoffs(self, snapshot: TeamSnapshot | None) -> None:
        latest = latest_signoffs(snapshot.signoffs) if snapshot else {}
        required = snapshot.required if snapshot else ()
        for row, discipline in enumerate(DISCIPLINES):
            signoff = latest.get(discipline)
            if snapshot is None:
                words = ""
            elif signoff is None:
                words = "not signed"
            else:
                words = signoff_words(signoff, snapshot.counted)
            cells = (
                discipline_name(discipline),
                words,
                "required to activate" if discipline in required else "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if signoff is not None and snapshot is not None and column == 1:
                    font = item.font()
                    font.setBold(not signoff.agrees or signoff.is_outdated(snapshot.counted))
                    item.setFont(font)
                self.signoffs.setItem(row, column, item)
        self._fit_signoff_rows()

    def _fit_signoff_rows(self, *_: object) -> None:
        """Every discipline's row in full, and no empty room under them (the comments get it)."""
        table = self.signoffs
        table.resizeRowsToContents()
        tallest = MAX_ROW_LINES * table.fontMetrics().lineSpacing() + 6
        for row in range(table.rowCount()):  # a long reason is shortened here; its tooltip has all of it
            table.setRowHeight(row, min(table.rowHeight(row), tallest))
        rows = sum(table.rowHeight(row) for row in range(table.rowCount()))
        table.setFixedHeight(rows + table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth())

    def _show_comments(self, snapshot: TeamSnapshot | None) -> None:
        chosen = self.comments.currentItem()
        chosen_id = chosen.data(ID_ROLE) if chosen is not None else None
        self.comments.clear()
        if snapshot is None:
            return
        names = dict(snapshot.names)
        ordered = sorted(snapshot.comments, key=lambda c: (not c.is_open, c.at, c.id))
        for comment in ordered:
            item = QListWidgetItem(comment_words(comment, names))
            item.setData(ID_ROLE, comment.id)
            if not comment.is_open:
                item.setForeground(QBrush(QColor(RESOLVED_COLOUR)))
            self.comments.addItem(item)
            if comment.id == chosen_id:
                self.comments.setCurrentItem(item)
        if not ordered:
            self.comments.addItem(QListWidgetItem("No comments on this plan yet."))
            self.comments.item(0).setFlags(Qt.ItemFlag.NoItemFlags)

    def _selected_comment(self) -> Comment | None:
        item = self.comments.currentItem()
        if item is None or self.snapshot is None:
            return None
        return next((c for c in self.snapshot.comments if c.id == item.data(ID_ROLE)), None)

    def _update_buttons(self, *_: object) -> None:
        blocked = signoff_block(self.workspace, self.snapshot)
        snapshot = self.snapshot
        if blocked is None and snapshot is not None and snapshot.profile is not None:
            discipline = discipline_name(snapshot.profile.discipline)
            self.signoff_note.setText(f"You sign off for {discipline}, on revision {snapshot.head}.")
        else:
            self.signoff_note.setText(blocked or "")
        for button in (self.sign_button, self.dissent_button):
            button.setEnabled(blocked is None)
            button.setToolTip(blocked or "")
        writable = write_block(self.workspace) is None and snapshot is not None
        if writable and snapshot is not None and snapshot.profile is None:
            self.comment_note.setText(
                "Tell careplanner who you are first (File ▸ Your name and discipline…)."
            )
        else:
            self.comment_note.setText("")
        self.comment_note.setVisible(bool(self.comment_note.text()))
        can_write = writable and snapshot is not None and snapshot.profile is not None
        self.add_button.setEnabled(can_write and bool(self.new_comment.toPlainText().strip()))
        self.new_comment.setEnabled(writable)
        selected = self._selected_comment()
        self.resolve_button.setEnabled(can_write and selected is not None and selected.is_open)

    # -- writing -----------------------------------------------------------------------------------
    def _refused(self, title: str, error: StoreError) -> None:
        QMessageBox.warning(self, title, str(error))

    def add_comment(self) -> None:
        store, workspace, text = self.store, self.workspace, self.new_comment.toPlainText().strip()
        if not self.add_button.isEnabled() or store is None or workspace is None or self.snapshot is None:
            return
        revision = shown_revision(workspace) or self.snapshot.head
        try:
            store.add_comment(workspace.origin.plan_id, revision, text)  # type: ignore[arg-type]
        except StoreError as error:  # the text stays, to be corrected
            self._refused("Comment not added", error)
            return
        self.new_comment.clear()
        self.refresh()

    def resolve_selected(self) -> None:
        comment, store = self._selected_comment(), self.store
        if comment is None or store is None or not self.resolve_button.isEnabled():
            return
        try:
            store.resolve_comment(comment.id)
        except StoreError as error:
            self._refused("Comment not resolved", error)
        self.refresh()  # also after a refusal: someone else may have resolved it

    def sign_off(self, agrees: bool) -> None:
        store, workspace, snapshot = self.store, self.workspace, self.snapshot
        if store is None or workspace is None or snapshot is None or snapshot.profile is None:
            return
        if signoff_block(workspace, snapshot) is not None:
            return
        profile = snapshot.profile
        what = f"revision {snapshot.head} of “{workspace.title}” for {workspace.document.patient.name}"
        who = f"{profile.name} ({discipline_name(profile.discipline)})"
        answer = signoff_dialog.ask_signoff(self, agrees, what, who)
        if answer is None:
            return
        try:
            store.sign_off(workspace.origin.plan_id, snapshot.head, agrees, answer.reason)  # type: ignore[arg-type]
        except StoreError as error:
            self._refused("Not signed off", error)
        self.refresh()
