"""One page of the meeting mode: a patient's plan as the team sees it on the projector.

The patient and why they are on the agenda stay at the top; under them the page scrolls, in two columns: the
plan timeline and the outcome chart on the left, the words on the right (the recommendation of this meeting,
the findings, what changed since the team last saw the plan, open comments and sign-offs). A page is cleared
before the next patient's is filled in, so nothing of one patient ever shows beside another's name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from careplanner.outcomes.chart import OutcomeChart
from careplanner.team.meetings import Slide
from careplanner.ui.followup.outcome_chart import EMPTY_TEXT, OutcomeChartWidget
from careplanner.ui.meeting.slide_timeline import SlideTimeline
from careplanner.ui.meeting.slide_words import findings_html, lines_html, reasons_words, recommendation_html
from careplanner.ui.workspace import Workspace

HEADING_SCALE = 1.45  # the patient's name, to be read from the back of the room
HEADING_ENOUGH = 26.0  # points: zoomed further, the name grows only with the text, leaving room for the page
SECTION_SCALE = 1.12
TIMELINE_SHARE = 0.85  # of the page's type size: the timeline's weeks need the room more than its words
LEFT_SHARE, RIGHT_SHARE = 3, 2  # the timeline and chart need the width; the words read in a narrower column
SCROLL_LINES = 3  # lines of text one press of Up or Down scrolls
NO_CHART = f"No outcome chart: {EMPTY_TEXT.lower()}."
NO_COMMENTS = "No open comments."
NO_SIGNOFFS = "No sign-off yet."


def high_contrast(widget: QWidget) -> None:
    """Black on white, whatever the desktop's theme: a projector washes out grey and coloured backgrounds."""
    palette = widget.palette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        palette.setColor(role, QColor("#FFFFFF"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(role, QColor("#000000"))
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)


def _label(rich: bool = False) -> QLabel:
    label = QLabel(wordWrap=True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class SlideView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        high_contrast(self)
        self.slide: Slide | None = None
        self.workspace: Workspace | None = None
        self.heading = _label()
        self.heading.setAccessibleName("Patient")
        self.position = _label()
        self.meeting_line = _label()
        for label in (self.position, self.meeting_line):  # short: whole on one line, the patient's name wraps
            label.setWordWrap(False)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.plan_line = _label()
        self.reasons = _label()
        self.timeline = SlideTimeline()
        self.chart = OutcomeChartWidget()
        self.no_chart = _label()
        self.section_headings: list[QLabel] = []
        self.recommendation = self._section("Recommendation of this meeting")
        self.findings = self._section("Findings")
        self.changes_heading, self.changes = self._section_with_heading("What changed")
        self.comments = self._section("Open comments")
        self.signoffs = self._section("Sign-offs")
        self.message = _label()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAccessibleName("Meeting")
        self.page_scroll = QScrollArea()
        self.pages = QStackedWidget()
        self._lay_out()
        self.clear()

    # -- building ----------------------------------------------------------------------------------
    def _section_with_heading(self, title: str) -> tuple[QLabel, QLabel]:
        heading = _label()
        heading.setText(title)
        self.section_headings.append(heading)
        return heading, _label(rich=True)

    def _section(self, title: str) -> QLabel:
        return self._section_with_heading(title)[1]

    def _header(self) -> QWidget:
        header = QWidget()
        grid = QGridLayout(header)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.heading, 0, 0)
        grid.addWidget(self.position, 0, 1)
        grid.addWidget(self.plan_line, 1, 0)
        grid.addWidget(self.meeting_line, 1, 1)
        grid.addWidget(self.reasons, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        return header

    def _columns(self) -> QWidget:
        body = QWidget()
        high_contrast(body)
        left = QVBoxLayout()
        left.addWidget(self.timeline)
        left.addWidget(self.chart)
        left.addWidget(self.no_chart)
        left.addStretch(1)
        right = QVBoxLayout()
        for heading, text in zip(
            self.section_headings,
            (self.recommendation, self.findings, self.changes, self.comments, self.signoffs),
            strict=True,
        ):
            right.addWidget(heading)
            right.addWidget(text)
        right.addStretch(1)
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(24)
        columns.addLayout(left, LEFT_SHARE)
        columns.addLayout(right, RIGHT_SHARE)
        return body

    def _lay_out(self) -> None:
        self.page_scroll.setWidget(self._columns())
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._header())
        layout.addWidget(rule)
        layout.addWidget(self.page_scroll, 1)
        self.pages.addWidget(page)
        self.pages.addWidget(self.message)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

    # -- showing -----------------------------------------------------------------------------------
    def clear(self) -> None:
        """Nothing of the patient shown before stays: every text, the timeline and the chart go."""
        self.slide = None
        labels = (self.heading, self.position, self.meeting_line, self.plan_line, self.reasons, self.no_chart)
        for label in labels:
            label.clear()
        for text in (self.recommendation, self.findings, self.changes, self.comments, self.signoffs):
            text.clear()
        self.changes_heading.setText("What changed")
        self.timeline.set_workspace(None)
        self.chart.set_chart(None)
        if self.workspace is not None:
            self.workspace.deleteLater()
            self.workspace = None

    def show_message(self, text: str) -> None:
        """A sentence instead of a page (an empty agenda, a page that could not be read)."""
        self.clear()
        self.message.setText(text)
        self.pages.setCurrentWidget(self.message)

    def show_slide(
        self, slide: Slide, workspace: Workspace, chart: OutcomeChart | None, position: str, meeting: str
    ) -> None:
        """Show one patient's page; `workspace` (read-only, the slide's document) becomes the view's."""
        self.clear()
        self.slide, self.workspace = slide, workspace
        workspace.setParent(self)
        self.heading.setText(slide.heading)
        self.position.setText(position)
        self.meeting_line.setText(meeting)
        self.plan_line.setText(slide.plan_line)
        self.reasons.setText(reasons_words(slide.reasons))
        self.recommendation.setText(recommendation_html(slide.recommendation))
        self.findings.setText(findings_html(slide.findings))
        self.changes_heading.setText(slide.since_words)
        self.changes.setText(lines_html(slide.changes, ""))
        self.changes.setVisible(
            bool(slide.changes)
        )  # the team has not seen the plan before: the heading says so
        self.comments.setText(lines_html(slide.open_comments, NO_COMMENTS))
        self.signoffs.setText(lines_html(slide.signoffs, NO_SIGNOFFS))
        self.timeline.set_workspace(workspace)
        shown = chart if slide.chart_available else None
        self.chart.set_chart(shown)
        self.chart.setVisible(shown is not None)
        self.no_chart.setText("" if shown is not None else NO_CHART)
        self.no_chart.setVisible(shown is None)
        self.pages.setCurrentIndex(0)
        self.page_scroll.verticalScrollBar().setValue(0)

    # -- type size and scrolling -------------------------------------------------------------------
    def set_text_size(self, points: float) -> None:
        """Every text at `points` (the patient's name and the headings larger); the timeline fits again."""
        base = QFont(self.font())
        base.setPointSizeF(points)
        self.setFont(base)
        name_scale = min(HEADING_SCALE, max(SECTION_SCALE, HEADING_ENOUGH / points))
        self.heading.setFont(self._scaled(base, name_scale, bold=True))
        self.message.setFont(self._scaled(base, SECTION_SCALE, bold=False))
        for heading in self.section_headings:
            heading.setFont(self._scaled(base, SECTION_SCALE, bold=True))
        self.timeline.set_magnify(TIMELINE_SHARE * points / self.timeline.scene().font().pointSizeF())

    @staticmethod
    def _scaled(base: QFont, scale: float, *, bold: bool) -> QFont:
        font = QFont(base)
        font.setPointSizeF(base.pointSizeF() * scale)
        font.setBold(bold)
        return font

    def scroll_lines(self, lines: int) -> None:
        bar = self.page_scroll.verticalScrollBar()
        bar.setValue(bar.value() + lines * SCROLL_LINES * self.fontMetrics().lineSpacing())
