"""Pages: every page names the patient and the printing date, is numbered "page X of Y", and carries the
plan's status mark (e.g. "DRAFT – not yet agreed") when the plan is not the agreed one.

Output is deterministic (ReportLab's invariant mode, no clock inside): the same input gives the same
bytes. The creation date is the printing date. The PDF's metadata carries no patient data: a handout
travels by email and desktop search indexes its metadata.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from careplanner.reports.fonts import BOLD, REGULAR, register_fonts
from careplanner.reports.styles import INK, MUTED, RULE, SHADE

MARGIN = 18 * mm
HEADER = 4 * mm  # room between the header rule and the body
MARK_BAND = 8 * mm  # the status mark's band, below the header rule
FRAME_PADDING = 6  # ReportLab's default frame padding, on every side
CREATOR = "careplanner"


@dataclass(frozen=True)
class PdfMetadata:
    """What the file says about itself: a kind of document, never a patient's name, number or condition."""

    title: str  # e.g. "Care plan – patient handout"
    author: str = ""  # the clinic, if any; never the user's name
    language: str = "en-GB"


@dataclass(frozen=True)
class PageFurniture:
    metadata: PdfMetadata
    left: str  # e.g. the patient's name
    right: str  # e.g. "Printed 21 November 2026"
    footer: str  # e.g. the clinic's name and phone
    size: float  # type size of header and footer
    printed_on: dt.date
    mark: str = ""  # the plan's status, e.g. "DRAFT – not yet agreed"; empty for an agreed plan
    page_size: tuple[float, float] = (595.27, 841.89)  # A4 in points


def top_margin(marked: bool) -> float:
    return MARGIN + HEADER + (MARK_BAND if marked else 0)


def body_height(page_size: tuple[float, float], marked: bool) -> float:
    """The height a flowable may fill on an empty page (the frame less its padding)."""
    return float(page_size[1] - top_margin(marked) - MARGIN - 2 * FRAME_PADDING)


class _NumberedCanvas(Canvas):
    """Draws "page X of Y" once the total is known (pages are kept until the document is complete)."""

    furniture: PageFurniture

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        stamp = f"D:{self.furniture.printed_on:%Y%m%d}000000+00'00'"
        self.setDateFormatter(lambda *_: stamp)  # the printing date, not the clock: same input, same bytes

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        # ReportLab's page restart (the canvas numbering recipe)
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        furniture, (width, height) = self.furniture, self.furniture.page_size
        self.saveState()
        self.setFillColor(MUTED)
        self.setFont(BOLD, furniture.size)
        self.drawString(MARGIN, height - MARGIN + 4 * mm, furniture.left)
        self.setFont(REGULAR, furniture.size)
        self.drawRightString(width - MARGIN, height - MARGIN + 4 * mm, furniture.right)
        self.setStrokeColor(RULE)
        self.line(MARGIN, height - MARGIN + 2.5 * mm, width - MARGIN, height - MARGIN + 2.5 * mm)
        self.line(MARGIN, MARGIN - 4 * mm, width - MARGIN, MARGIN - 4 * mm)
        self.drawString(MARGIN, MARGIN - 9 * mm, furniture.footer)
        self.drawRightString(width - MARGIN, MARGIN - 9 * mm, f"Page {self.getPageNumber()} of {total}")
        if furniture.mark:
            self._mark(width, height)
        self.restoreState()

    def _mark(self, width: float, height: float) -> None:
        """A boxed band under the header: a page on its own still says the plan is not the agreed one."""
        top, size = height - MARGIN + 1 * mm, self.furniture.size * 1.1
        self.setFillColor(SHADE)
        self.setStrokeColor(INK)
        self.setLineWidth(1.2)
        self.rect(MARGIN, top - MARK_BAND + 1 * mm, width - 2 * MARGIN, MARK_BAND - 1 * mm, stroke=1, fill=1)
        self.setFillColor(INK)
        self.setFont(BOLD, size)
        self.drawCentredString(width / 2, top - MARK_BAND / 2 - size * 0.3 + 0.5 * mm, self.furniture.mark)


class ReportError(Exception):
    """The printout cannot be made as the plan stands; the message says what to change."""


def _document(buffer: io.BytesIO, furniture: PageFurniture) -> BaseDocTemplate:
    metadata = furniture.metadata
    document = BaseDocTemplate(
        buffer,
        pagesize=furniture.page_size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=top_margin(bool(furniture.mark)),
        bottomMargin=MARGIN,
        title=metadata.title,
        author=metadata.author,
        subject="",
        keywords=[],
        creator=CREATOR,
        lang=metadata.language,
        invariant=1,
        initialFontName=REGULAR,  # every page starts in the embedded font, never Helvetica
    )
    frame = Frame(document.leftMargin, document.bottomMargin, document.width, document.height, id="body")
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    return document


def build_pdf(story: Sequence[Flowable], furniture: PageFurniture, page_size: tuple[float, float]) -> bytes:
    register_fonts()
    furniture = dataclasses.replace(furniture, page_size=page_size)
    buffer = io.BytesIO()
    document = _document(buffer, furniture)

    class Numbered(_NumberedCanvas):
        pass

    Numbered.furniture = furniture
    try:
        document.build(list(story), canvasmaker=Numbered)
    except LayoutError:
        # Only text longer than a page can cause this (tables shorten their cells first).
        raise ReportError(
            f"The {furniture.metadata.title.lower()} cannot be laid out: an entry is longer than a whole "
            "page. Shorten the longest note, reason or goal in the plan and print again."
        ) from None
    return buffer.getvalue()


def content_width(page_size: tuple[float, float]) -> float:
    """The width text and tables may fill: the frame less its padding."""
    return float(page_size[0] - 2 * MARGIN - 2 * FRAME_PADDING)
