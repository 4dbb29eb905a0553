"""Pages: every page names the patient and the printing date, and is numbered "page X of Y".

Output is deterministic (ReportLab's invariant mode, no clock inside): the same input gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from careplanner.reports.fonts import BOLD, REGULAR, register_fonts
from careplanner.reports.styles import MUTED, RULE

MARGIN = 18 * mm


@dataclass(frozen=True)
class PageFurniture:
    title: str
    left: str  # e.g. the patient's name
    right: str  # e.g. "Printed 21 November 2026"
    footer: str  # e.g. the clinic's name and phone
    size: float  # type size of header and footer
    page_size: tuple[float, float] = (595.27, 841.89)  # A4 in points


class _NumberedCanvas(Canvas):
    """Draws "page X of Y" once the total is known (pages are kept until the document is complete)."""

    furniture: PageFurniture

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # ReportLab's page restart (the canvas numbering recipe)

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
        self.restoreState()


class ReportError(Exception):
    """The printout cannot be made as the plan stands; the message says what to change."""


def build_pdf(story: Sequence[Flowable], furniture: PageFurniture, page_size: tuple[float, float]) -> bytes:
    register_fonts()
    furniture = dataclasses.replace(furniture, page_size=page_size)
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=page_size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 4 * mm,
        bottomMargin=MARGIN,
        title=furniture.title,
        author="careplanner",
        creator="careplanner",
        invariant=1,
        initialFontName=REGULAR,  # every page starts in the embedded font, never Helvetica
    )
    frame = Frame(document.leftMargin, document.bottomMargin, document.width, document.height, id="body")
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    class Numbered(_NumberedCanvas):
        pass

    Numbered.furniture = furniture
    try:
        document.build(list(story), canvasmaker=Numbered)
    except LayoutError:
        # Only text longer than a page can cause this (tables shorten their cells first).
        raise ReportError(
            f'"{furniture.title}" cannot be laid out: an entry is longer than a whole page. '
            "Shorten the longest note, reason or goal in the plan and print again."
        ) from None
    return buffer.getvalue()


def content_width(page_size: tuple[float, float]) -> float:
    return float(page_size[0] - 2 * MARGIN)


def content_height(page_size: tuple[float, float]) -> float:
    return float(page_size[1] - 2 * MARGIN - 4 * mm)
