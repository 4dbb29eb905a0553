"""Type sizes and paragraph styles as data: standard print (body 12 pt) and large print (body 16 pt)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from careplanner.reports.fonts import BOLD, REGULAR, register_fonts

INK = colors.HexColor("#111111")  # near-black on white: high contrast, prints well in black and white
MUTED = colors.HexColor("#444444")
RULE = colors.HexColor("#888888")
SHADE = colors.HexColor("#EEEEEE")


@dataclass(frozen=True)
class Sizes:
    body: float
    small: float
    title: float
    heading: float
    subheading: float
    leading: float  # line height as a multiple of the size


STANDARD = Sizes(body=12, small=10, title=22, heading=16, subheading=13.5, leading=1.35)
LARGE_PRINT = Sizes(body=16, small=13, title=28, heading=21, subheading=18, leading=1.35)
CLINICIAN = Sizes(body=9.5, small=8, title=16, heading=12.5, subheading=10.5, leading=1.25)


def paragraph_styles(sizes: Sizes) -> dict[str, ParagraphStyle]:
    register_fonts()

    def style(
        name: str,
        size: float,
        font: str = REGULAR,
        colour: colors.Color = INK,
        *,
        before: float = 0,
        after: float = 0,
        keep_with_next: bool = False,
    ) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size,
            leading=size * sizes.leading,
            textColor=colour,
            spaceBefore=before,
            spaceAfter=after,
            keepWithNext=int(keep_with_next),
        )

    body = sizes.body
    return {
        # Headings and labels keep with what follows, so none is left alone at the foot of a page.
        "title": style("title", sizes.title, BOLD, after=body * 0.6, keep_with_next=True),
        "heading": style(
            "heading", sizes.heading, BOLD, before=body * 1.1, after=body * 0.4, keep_with_next=True
        ),
        "subheading": style(
            "subheading", sizes.subheading, BOLD, before=body * 0.7, after=2, keep_with_next=True
        ),
        "label": style("label", body, BOLD, before=body * 0.3, keep_with_next=True),
        "body": style("body", body, after=body * 0.35),
        "lead": style("lead", body, after=body * 0.35, keep_with_next=True),
        "small": style("small", sizes.small, colour=MUTED),
        "cell": style("cell", sizes.small),
        "cell_bold": style("cell_bold", sizes.small, BOLD),
    }
