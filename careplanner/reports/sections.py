"""A section kept whole on one page when it fits one (unless that would leave the page before it nearly
empty); otherwise it runs over pages and every later page it runs onto opens with its heading again
("… (continued)"), so no page starts in a nameless section and no page holds only a line or two."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.doctemplate import FrameBreak

from careplanner.reports.tables import stacked_height

START_HERE_SHARE = 0.35  # a section longer than a page starts on the current page if this much is free
MIN_FILL_SHARE = 0.3  # a page filled less than this is not left for a section to start on the next
MIN_TAIL_SHARE = 0.3  # what runs onto the next page fills at least this share of it: no near-empty page
FORCE_SPLIT = 0xFFFFFF  # a height no frame holds: the frame then asks the section how to split
ROUNDING = 2  # points kept spare when judging a fit, against rounding in ReportLab's own layout


HEADING_STYLES = frozenset({"heading", "subheading"})  # a page that opens with one needs no "(continued)"


def _opens_a_part(flowable: Flowable) -> bool:
    """A heading or a treatment's name: what follows it is named already."""
    return isinstance(flowable, Paragraph) and flowable.style.name in HEADING_STYLES


def _keeps_with_next(flowable: Flowable) -> bool:
    """A heading or label (its style keeps it with what follows)."""
    return isinstance(flowable, Paragraph) and bool(flowable.style.keepWithNext)


def _no_label_left_behind(
    head: list[Flowable], tail: list[Flowable]
) -> tuple[list[Flowable], list[Flowable]]:
    """A label or heading at the foot of a page goes over with the text it introduces."""
    while head and _keeps_with_next(head[-1]):
        tail.insert(0, head.pop())
    return head, tail


class Section(Flowable):
    def __init__(
        self,
        flowables: Sequence[Flowable],
        continued: Callable[[], list[Flowable]],
        then: Sequence[Flowable] = (),
        *,
        short: bool = False,
    ) -> None:
        super().__init__()
        self.flowables = list(flowables)
        # A few lines that must not stand alone on the page before a page break (see part_before_a_page_break)
        self.short = short
        self.continued = continued  # fresh heading flowables for the next page (a flowable is drawn once)
        # What follows, kept whole (it moves to the next page when it does not fit): a tail that leaves room
        # for it on its page need not be long. Without it the tail is taken to stand alone on its page.
        self.then = list(then)
        self.needed = 0.0
        self.measured: tuple[float, float] | None = None  # (width, height at the top of a page)

    def _measure(self, width: float, at_top: bool) -> float:
        """The height it needs, measured once per width (a section is asked again on each page it tries)."""
        if self.measured is None or self.measured[0] != width:
            self.measured = (width, stacked_height(self.flowables, width, self.canv))
        below_content = 0.0 if at_top else self.flowables[0].getSpaceBefore()
        return self.measured[1] + below_content

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        frame = getattr(self, "_frame", None)  # set by the frame that asks
        self.needed = self._measure(available_width, frame is None or bool(frame._atTop))
        return available_width, FORCE_SPLIT

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        if self.needed <= available_height:
            return self.flowables
        frame = getattr(self, "_frame", None)  # set by the frame that asks
        at_top = frame is None or bool(frame._atTop)
        page = float(frame._aH) if frame is not None else available_height
        # Whole on the next page if it fits there, unless that left this page nearly empty; when it must
        # run over pages anyway it starts here, if there is room.
        filled = available_height <= page * (1 - MIN_FILL_SHARE)
        if not at_top and ((self.needed <= page and filled) or available_height < page * START_HERE_SHARE):
            return [FrameBreak(), self]
        below_content = 0.0 if at_top else self.flowables[0].getSpaceBefore()
        room = min(available_height, self.needed - page * MIN_TAIL_SHARE)
        if self._tail_shares_its_page(available_width, available_height - below_content, page):
            room = available_height  # the tail does not stand alone on the next page: fill this one
        head, tail = self._divide(available_width, room - below_content)
        if not head or not tail:
            return self.flowables  # nothing sensible to keep apart: let it flow
        heading = [] if _opens_a_part(tail[0]) else self.continued()
        return [*head, Section([*heading, *tail], self.continued, self.then)]

    def _tail_shares_its_page(self, width: float, room: float, page: float) -> bool:
        """Whether, with `room` filled here, what follows fits after the tail on the next page."""
        if not self.then:
            return False
        _, tail = self._divide(width, room)
        kept = [*self.continued(), *tail, *self.then]
        return bool(tail) and stacked_height(kept, width, self.canv) <= page - ROUNDING

    def _divide(self, width: float, room: float) -> tuple[list[Flowable], list[Flowable]]:
        """The flowables that fill `room` (one paragraph split if need be), and the rest."""
        content, used, space_after = self.flowables, 0.0, 0.0
        for index, flowable in enumerate(content):
            _, height = flowable.wrapOn(self.canv, width, 1e6)
            gap = max(space_after, flowable.getSpaceBefore()) if index else 0.0
            if used + gap + height <= room:
                used, space_after = used + gap + height, flowable.getSpaceAfter()
                continue
            parts = flowable.splitOn(self.canv, width, room - used - gap)
            if len(parts) == 2:
                head, tail = [*content[:index], parts[0]], [parts[1], *content[index + 1 :]]
            else:
                head, tail = content[:index], content[index:]
            return _no_label_left_behind(head, tail)
        return content, []

    def draw(self) -> None:
        """Never drawn itself: `split` always hands the frame its flowables."""


def part_before_a_page_break(story: Sequence[Flowable], then: Sequence[Flowable] = ()) -> list[Flowable]:
    """A part a page break may follow: the diary's new page, or `then`, flowables kept whole that move to the
    next page when they do not fit. What comes after the part's last section becomes one section, so whatever
    runs onto a page of its own fills at least MIN_TAIL_SHARE of it and a short last list never stands alone
    on a page. It repeats no heading: it may hold several headed parts.

    Short sections at the end join the section before them, so they run onto the next page with some of its
    text rather than alone; with no section before them they become part of the closing run."""
    story = _fold_short_tail(story)
    last = max((index for index, flowable in enumerate(story) if isinstance(flowable, Section)), default=-1)
    run = list(story[last + 1 :])
    return [*story[: last + 1], Section(run, list, then)] if run else list(story)


def _fold_short_tail(story: Sequence[Flowable]) -> list[Flowable]:
    """Join trailing short sections to the section before them, when only text lies between (never across a
    picture, nor onto a section that keeps something with it)."""
    folded = list(story)
    while True:
        sections = [(index, part) for index, part in enumerate(folded) if isinstance(part, Section)]
        if len(sections) < 2 or not sections[-1][1].short:
            return folded
        (before_index, before), (last_index, _) = sections[-2], sections[-1]
        between = folded[before_index + 1 : last_index]
        if before.then or not all(isinstance(part, Paragraph) for part in between):
            return folded
        joined = [*before.flowables]
        for part in folded[before_index + 1 :]:
            joined += part.flowables if isinstance(part, Section) else [part]
        folded = [*folded[:before_index], Section(joined, before.continued, short=before.short)]
