"""The pain diary: a row a week up to the plan's last assessment or review, with the PEG-3, sleep and mood
(0-10 each, docs/clinical-reference.md §6) and a line for the week; review weeks marked.

The rows are cut into pages here, not by ReportLab as they overflow: every page repeats the column heads and a
reminder of which end of the scale is good, and the last page never holds a lone row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from careplanner.domain import Plan
from careplanner.reports.dates import short_date, week_date
from careplanner.reports.fonts import BOLD, REGULAR
from careplanner.reports.styles import RULE, SHADE, Sizes
from careplanner.reports.tables import fitted_widths, least_width, stacked_height
from careplanner.reports.wording import Wording

DIARY_MIN_WEEKS = 12
MIN_LAST_PAGE_ROWS = 6
SCALES = ("pain", "enjoyment", "activity", "sleep", "mood")
SHARES = (0.17, 0.09, 0.125, 0.125, 0.09, 0.09, 0.31)
PAD = 4
NUMBER_BOX = 12 * mm  # room to write a number by hand
SAFETY = 4  # points kept free on each page, against rounding in ReportLab's own layout


def diary_last_week(plan: Plan) -> int:
    """The diary runs to the last assessment or review, whichever is later (at least 12 weeks)."""
    weeks = [review.week for review in plan.reviews]
    weeks += [item.assess_week for item in plan.items if item.assess_week is not None]
    return max([DIARY_MIN_WEEKS, *weeks])


@dataclass(frozen=True)
class DiaryLayout:
    styles: dict[str, ParagraphStyle]
    sizes: Sizes
    width: float
    page_room: float  # the height a flowable may fill on an empty page


class Diary:
    def __init__(self, plan: Plan, say: Wording, layout: DiaryLayout) -> None:
        self.plan, self.say, self.layout = plan, say, layout
        self.cell, self.bold = layout.styles["cell"], layout.styles["cell_bold"]
        self.reviews = {review.week for review in plan.reviews}
        self.weeks = list(range(0, diary_last_week(plan) + 1))
        self.widths = self._column_widths()

    def _text(self, text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(text), style)

    def _column_widths(self) -> list[float]:
        say = self.say
        heads = [say("diary", "week"), *(say(f"diary.{scale}", "column") for scale in SCALES)]
        heads += [say("diary", "notes")]
        minimum = [least_width(head, BOLD, self.bold.fontSize, PAD) for head in heads]
        dates = (short_date(week_date(self.plan.start, week)) for week in self.weeks)
        widest = max(stringWidth(date, REGULAR, self.cell.fontSize) for date in dates)
        minimum[0] = max(minimum[0], widest + 2 * PAD + 1)  # every date on one line
        minimum[1:6] = [max(least, NUMBER_BOX) for least in minimum[1:6]]
        return fitted_widths(minimum, SHARES, self.layout.width)

    # -- the explanation above the first page ------------------------------------------------------
    def _key(self) -> Table:
        """What 0 and 10 mean for each number, in words."""
        say, cell = self.say, self.cell
        header = [Paragraph(f"<b>{escape(text)}</b>", cell) for text in say.texts_of("diary", "key_columns")]
        rows: list[list[Any]] = [header]
        rows += [
            [self._text(say(f"diary.{scale}", key), cell) for key in ("question", "zero", "ten")]
            for scale in SCALES
        ]
        width = self.layout.width
        key = Table(rows, colWidths=[width * 0.5, width * 0.2, width * 0.3])
        key.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return key

    def _intro(self) -> list[Flowable]:
        styles, say = self.layout.styles, self.say
        return [
            self._text(say("diary", "heading"), styles["heading"]),
            self._text(say("diary", "text"), styles["body"]),
            self._text(say("diary", "key_heading"), styles["label"]),
            self._key(),
            Spacer(1, self.layout.sizes.body * 0.8),
        ]

    def _reminder(self) -> Paragraph:
        return self._text(self.say("diary", "reminder"), self.layout.styles["lead"])

    # -- the table ---------------------------------------------------------------------------------
    def _header(self) -> list[list[Any]]:
        say, bold = self.say, self.bold
        top = [
            self._text(say("diary", "week"), bold),
            self._text(say("diary.pain", "column"), bold),
            self._text(say("diary", "in_the_way"), bold),
            "",
            self._text(say("diary.sleep", "column"), bold),
            self._text(say("diary.mood", "column"), bold),
            self._text(say("diary", "notes"), bold),
        ]
        below = ["", "", self._text(say("diary.enjoyment", "column"), bold)]
        below += [self._text(say("diary.activity", "column"), bold), "", "", ""]
        return [top, below]

    def _label(self, week: int) -> Paragraph | str:
        """The week's date; a review week says so too (plain text for the others: quicker to lay out)."""
        date = short_date(week_date(self.plan.start, week))
        if week not in self.reviews:
            return date
        return Paragraph(f"{escape(date)}<br/><b>{escape(self.say('diary', 'review_row'))}</b>", self.cell)

    def _row_height(self, label: Paragraph | str) -> float:
        """Tall enough to write a number in; a review row grows to fit its label."""
        writing = self.layout.sizes.body * 2.2
        if isinstance(label, str):
            return writing
        _, needed = label.wrap(self.widths[0] - 2 * PAD, 1e6)
        return max(writing, needed + 2 * PAD)

    def _table(
        self, weeks: Sequence[int], labels: dict[int, Paragraph | str], heights: dict[int, float]
    ) -> Table:
        rows = [*self._header(), *([labels[week]] + [""] * 6 for week in weeks)]
        table = Table(rows, colWidths=self.widths, rowHeights=[None, None, *(heights[w] for w in weeks)])
        style: list[Any] = [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("FONTSIZE", (0, 0), (-1, -1), self.cell.fontSize),
            ("LEADING", (0, 0), (-1, -1), self.cell.leading),
            ("TEXTCOLOR", (0, 0), (-1, -1), self.cell.textColor),
            ("GRID", (0, 0), (-1, -1), 0.7, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 1), SHADE),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, -1), PAD),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
            ("SPAN", (2, 0), (3, 0)),
            *(("SPAN", (column, 0), (column, 1)) for column in (0, 1, 4, 5, 6)),
        ]
        style += [
            ("BACKGROUND", (0, row), (-1, row), SHADE)
            for row, week in enumerate(weeks, start=2)
            if week in self.reviews
        ]
        table.setStyle(TableStyle(style))
        return table

    def _header_height(self) -> float:
        return stacked_height([self._table([], {}, {})], self.layout.width)

    def _pages(self, heights: Sequence[float], first_room: float, room: float) -> list[list[int]]:
        """Row numbers for each page: as many as fit, then the last page topped up to a few rows."""
        header = self._header_height()
        pages: list[list[int]] = [[]]
        used, capacity = header, first_room - SAFETY
        for index, height in enumerate(heights):
            if pages[-1] and used + height > capacity:
                pages.append([])
                used, capacity = header, room - SAFETY
            pages[-1].append(index)
            used += height
        if len(pages) > 1 and len(pages[-1]) < MIN_LAST_PAGE_ROWS:
            moved = MIN_LAST_PAGE_ROWS - len(pages[-1])
            pages[-2], pages[-1] = pages[-2][:-moved], pages[-2][-moved:] + pages[-1]
        return pages

    def story(self) -> list[Flowable]:
        weeks = self.weeks
        labels = {week: self._label(week) for week in weeks}
        heights = {week: self._row_height(labels[week]) for week in weeks}
        intro, width, room = self._intro(), self.layout.width, self.layout.page_room
        reminder = self._reminder()
        first_room = room - stacked_height(intro, width) - intro[-1].getSpaceAfter()
        later_room = room - stacked_height([reminder], width) - reminder.getSpaceAfter()
        story: list[Flowable] = [PageBreak(), *intro]
        for number, rows in enumerate(self._pages([heights[w] for w in weeks], first_room, later_room)):
            if number:
                story += [PageBreak(), self._reminder()]
            story.append(self._table([weeks[row] for row in rows], labels, heights))
        return story
