"""The patient handout: the plan in stages with real dates, in plain language, a timeline and a pain diary.

For each treatment: what it is, why it is in the plan, what to expect, when and how it will be judged, and
what happens if it does not help. Body text is 12 pt, 16 pt in large print. Each treatment's section is
kept on one page (or repeats its name at the top of the next page), so a page never starts with a nameless
part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from careplanner.catalog.model import Catalog, Modality
from careplanner.domain import MG_PER_DAY, OTHER_MODALITY, PlanDocument, PlanItem
from careplanner.reports.dates import long_date, medium_date, week_date
from careplanner.reports.diary import Diary, DiaryLayout
from careplanner.reports.fonts import REGULAR
from careplanner.reports.page import PageFurniture, PdfMetadata, body_height, build_pdf, content_width
from careplanner.reports.sections import Section, part_before_a_page_break
from careplanner.reports.settings import ClinicDetails
from careplanner.reports.status import check_status, is_marked
from careplanner.reports.styles import INK, LARGE_PRINT, RULE, SHADE, STANDARD, paragraph_styles
from careplanner.reports.timeline_drawing import TimelinePicture, is_event
from careplanner.reports.wording import Wording, handout_wording

STAGES = (
    ("foundation", ("medication", "psychological")),
    ("physical", ("physical",)),
    ("interventional", ("interventional",)),
    ("complementary", ("complementary",)),
)
TITLE = "Care plan – patient handout"  # the file's title: what it is, never whose it is
PICTURE_SHARE = 0.8  # a timeline part fills at most this share of a page


@dataclass(frozen=True)
class HandoutOptions:
    printed_on: dt.date
    large_print: bool = False
    clinic: ClinicDetails = field(default_factory=ClinicDetails)
    status: str | None = None  # the stored plan's status; None for a plan read from a file

    def __post_init__(self) -> None:
        check_status(self.status)


class _Handout:
    def __init__(self, document: PlanDocument, catalog: Catalog, options: HandoutOptions) -> None:
        self.document, self.catalog, self.options = document, catalog, options
        self.sizes = LARGE_PRINT if options.large_print else STANDARD
        self.styles = paragraph_styles(self.sizes)
        self.say: Wording = handout_wording()
        self.width = content_width(options.clinic.page_size)
        self.page_room = body_height(options.clinic.page_size, is_marked(options.status))

    def para(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(escape(text), self.styles[style])

    def date_of(self, week: int) -> dt.date:
        return week_date(self.document.plan.start, week)

    def mark(self) -> str:
        status = self.options.status
        return self.say(f"status.{status}", "mark") if status and is_marked(status) else ""

    # -- sections ----------------------------------------------------------------------------------
    def opening(self) -> list[Flowable]:
        plan, clinic, status = self.document.plan, self.options.clinic, self.options.status
        story: list[Flowable] = [self.para(self.say("intro", "title"), "title")]
        if status and is_marked(status):
            notice = ParagraphStyle("notice", parent=self.styles["subheading"], spaceBefore=0, textColor=INK)
            text: list[Flowable] = [
                Paragraph(escape(self.mark()), notice),
                self.para(self.say(f"status.{status}", "text")),
            ]
            story += [self._box(text, border=1.6), Spacer(1, self.sizes.body * 0.6)]
        story += [
            self.para(self.say("intro", "for", name=self.document.patient.name), "subheading"),
            self.para(self.say("intro", "starts", date=long_date(plan.start))),
        ]
        if clinic.name:
            contact = ", ".join(part for part in (clinic.name, clinic.address, clinic.phone) if part)
            story.append(self.para(contact, "small"))
        story += [Spacer(1, self.sizes.body * 0.6), self.para(self.say("intro", "text"))]
        heading = self.para(self.say("expectations", "heading"), "label")
        story.append(self._box([heading, self.para(self.say("expectations", "text"))]))
        return story

    def _box(self, content: list[Flowable], border: float = 1) -> Table:
        box = Table([[content]], colWidths=[self.width])
        box.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                    ("BOX", (0, 0), (-1, -1), border, RULE if border <= 1 else INK),
                    ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        return box

    def goals(self) -> list[Flowable]:
        if not self.document.goals:
            return []
        story: list[Flowable] = [
            self.para(self.say("goals", "heading"), "heading"),
            self.para(self.say("goals", "text"), "lead"),
        ]
        for goal in self.document.goals:
            when = ""
            if goal.target_week is not None:
                when = f" ({self.say('goals', 'by', date=medium_date(self.date_of(goal.target_week)))})"
            story.append(self.para(f"•  {goal.text}{when}"))
        return story

    def reviews(self) -> list[Flowable]:
        story: list[Flowable] = [self.para(self.say("reviews", "heading"), "heading")]
        if not self.document.plan.reviews:
            return [*story, self.para(self.say("reviews", "none"))]
        story.append(self.para(self.say("reviews", "text"), "lead"))
        weeks = sorted({review.week for review in self.document.plan.reviews})
        return story + [self.para(f"•  {long_date(self.date_of(week))}") for week in weeks]

    def timeline(self) -> list[list[Flowable]]:
        """The picture in blocks, each kept whole on a page."""
        if not self.document.plan.items:
            return []
        review = self.say("timeline", "review")
        picture = TimelinePicture(self.document, self.catalog, self.width, self.sizes.small, review)
        parts: list[Flowable] = list(picture.drawings(self.page_room * PICTURE_SHARE))
        heading = self.para(self.say("timeline", "heading"), "heading")
        legend = self.para(self.say("timeline", "legend"), "small")
        if len(parts) == 1:
            return [[heading, parts[0], legend]]
        # A long plan's picture runs over several pages; the legend stays with its last part.
        return [[heading, parts[0]], *([part] for part in parts[1:-1]), [parts[-1], legend]]

    def ongoing(self) -> list[Flowable]:
        entries = [e for e in self.document.history if e.is_ongoing]
        if not entries:
            return []
        story: list[Flowable] = [
            self.para(self.say("ongoing", "heading"), "heading"),
            self.para(self.say("ongoing", "text"), "lead"),
        ]
        for entry in entries:
            name = (
                entry.name if entry.modality == OTHER_MODALITY else self.catalog.modality(entry.modality).name
            )
            story.append(self.para(f"•  {name}"))
            replacing = [i for i in self.document.plan.items if i.replaces == entry.modality]
            if replacing:
                first = min(replacing, key=lambda i: i.start_week)
                date, new = (
                    medium_date(self.date_of(first.start_week)),
                    self.catalog.modality(first.modality).name,
                )
                story.append(self.para(self.say("ongoing", "replaced", date=date, new=new)))
        return story

    def stages(self) -> list[Flowable]:
        items = self.document.plan.items
        story: list[Flowable] = []
        # Headings and their leads go with the first treatment after them: never alone on a page.
        lead: list[Flowable] = [
            self.para(self.say("stages", "heading"), "heading"),
            self.para(self.say("stages", "one_at_a_time")),
        ]
        for stage, layers in STAGES:
            chosen = sorted(
                (i for i in items if self.catalog.modality(i.modality).layer in layers),
                key=lambda i: (i.start_week, i.id),
            )
            for index, item in enumerate(chosen):
                if index == 0:
                    lead += [
                        self.para(self.say(f"stages.{stage}", "title"), "heading"),
                        self.para(self.say(f"stages.{stage}", "text"), "lead"),
                    ]
                story.append(self.treatment(item, lead))
                lead = []
        return story

    def treatment(self, item: PlanItem, lead: Sequence[Flowable]) -> Section:
        modality = self.catalog.modality(item.modality)
        text, say = modality.patient, self.say
        day = self.date_of(item.start_week)
        date = long_date(day)
        ended = self._ended(item)
        begun_already = ended is not None or day <= self.options.printed_on
        begins = "given_on" if is_event(modality) else "started" if begun_already else "starts"
        begun = self.para(say("treatment", begins, date=date))
        parts = [*lead, self.para(modality.name, "subheading"), begun]
        if ended is not None:  # over: what happened, not what to expect
            return Section([*parts, self.para(ended)], continued=list, short=True)
        if item.dose is not None:
            wording = "dose" if item.dose.unit == MG_PER_DAY else "dose_patch"
            parts.append(self.para(say("treatment", wording, dose=f"{item.dose.amount:g}")))
        why = text.why
        goals = [g.text for g in self.document.goals if g.id in item.goal_ids]
        if goals:
            why += " " + say("treatment", "goals", goals="; ".join(goals))
        for label, body in (
            ("what", text.what),
            ("why", why),
            ("expect", text.expect),
            ("judged", f"{self._when(item, modality)} {text.judged}".strip()),
            ("if_not_helping", text.if_not_helping),
        ):
            parts += [self.para(say("treatment", label), "label"), self.para(body)]

        def continued() -> list[Flowable]:
            return [self.para(say("treatment", "continued", name=modality.name), "subheading")]

        return Section(parts, continued)

    def _ended(self, item: PlanItem) -> str | None:
        """What a decision did to a treatment now over (stopped, replaced, dose changed); None if it runs."""
        assessed = item.assessed
        if assessed is None or assessed.decided_on is None or assessed.decision in (None, "continue"):
            return None
        day = long_date(assessed.decided_on)
        follower = self.document.plan.item(assessed.replaced_by or "")
        if assessed.decision == "adjust-dose":
            if follower is None or follower.dose is None:
                return self.say("treatment", "dose_changed", date=day)
            wording = "dose_changed_to" if follower.dose.unit == MG_PER_DAY else "dose_changed_to_patch"
            return self.say("treatment", wording, date=day, dose=f"{follower.dose.amount:g}")
        if assessed.decision == "replace" and follower is not None:
            return self.say(
                "treatment", "replaced", date=day, name=self.catalog.modality(follower.modality).name
            )
        key = {"failed": "stopped_failed", "intolerant": "stopped_intolerant"}.get(assessed.result, "stopped")
        return self.say("treatment", key, date=day)

    def _when(self, item: PlanItem, modality: Modality) -> str:
        assessed = item.assessed
        if assessed is not None and assessed.decision == "continue" and assessed.decided_on is not None:
            return self.say("treatment", "carry_on", date=medium_date(assessed.decided_on))
        if modality.is_rescue:
            return ""  # not judged for pain: its own text says what is checked at each visit
        if item.assess_week is None:
            return self.say("treatment", "when_unset")
        date = medium_date(self.date_of(item.assess_week))
        if modality.window is None:
            return self.say("treatment", "when_test", date=date)
        earliest = medium_date(self.date_of(item.start_week + modality.window.min_weeks))
        latest = medium_date(self.date_of(item.start_week + modality.window.max_weeks))
        return self.say("treatment", "when", date=date, earliest=earliest, latest=latest)

    def diary(self) -> list[Flowable]:
        layout = DiaryLayout(self.styles, self.sizes, self.width, self.page_room)
        return Diary(self.document.plan, self.say, layout).story()

    def story(self) -> list[Flowable]:
        before, timeline = [*self.opening(), *self.goals(), *self.reviews()], self.timeline()
        if timeline:  # kept with its heading, the picture moves to the next page when it does not fit
            before = part_before_a_page_break(before, then=timeline[0])
        pictures = [KeepTogether(block) for block in timeline]
        plan = [*before, *pictures, *self.ongoing(), *self.stages()]
        return [*part_before_a_page_break(plan), *self.diary()]  # the diary starts on a new page


def render_handout(document: PlanDocument, catalog: Catalog, options: HandoutOptions) -> bytes:
    handout = _Handout(document, catalog, options)
    clinic = options.clinic
    contact = handout.say("footer", "contact", phone=clinic.phone) if clinic.phone else ""
    status = f" ({options.status})" if is_marked(options.status) else ""
    furniture = PageFurniture(
        metadata=PdfMetadata(title=TITLE + status, author=clinic.name),
        left=document.patient.name,
        right=f"Printed {medium_date(options.printed_on)}",
        footer=" · ".join(part for part in (clinic.name, contact) if part),
        size=handout.sizes.small,
        printed_on=options.printed_on,
        mark=handout.mark(),
    )
    return build_pdf(handout.story(), furniture, clinic.page_size)


def body_style(options: HandoutOptions) -> ParagraphStyle:
    """The body text style (tests check its size)."""
    return paragraph_styles(LARGE_PRINT if options.large_print else STANDARD)["body"]
