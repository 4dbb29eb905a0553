"""Layout helpers shared by the printouts: column widths that never split a header word, and heights measured
before layout (so a table can be cut into pages on purpose, and a section kept whole when it fits)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

CELL_PAD = 3  # left and right padding of a table cell, in points


def least_width(text: str, font: str, size: float, pad: float = CELL_PAD) -> float:
    """The narrowest cell that holds the text's longest word."""
    return max(stringWidth(word, font, size) for word in text.split()) + 2 * pad + 1


def fitted_widths(minimum: Sequence[float], shares: Sequence[float], total: float) -> list[float]:
    """Each column at least its minimum; the rest of `total` by share."""
    widths = [max(least, total * share) for least, share in zip(minimum, shares, strict=True)]
    excess = sum(widths) - total
    flexible = [width - least for width, least in zip(widths, minimum, strict=True)]
    room = sum(flexible)
    return [
        width - excess * give / room if room else width for width, give in zip(widths, flexible, strict=True)
    ]


def stacked_height(
    flowables: Sequence[Flowable], width: float, canvas: Any = None, at_top: bool = True
) -> float:
    """The height the flowables take one under another, spaced as a frame spaces them: the larger of one's
    space after and the next one's space before; the first one's space before only below other content."""
    total, space_after = 0.0, 0.0
    for index, flowable in enumerate(flowables):
        _, height = flowable.wrapOn(canvas, width, 1e6)
        if index:
            total += max(space_after, flowable.getSpaceBefore())
        elif not at_top:
            total += flowable.getSpaceBefore()
        total += height
        space_after = flowable.getSpaceAfter()
    return total
