"""The patient handout: the plan in stages with real dates, in plain language, a timeline and a pain diary.

For each treatment: what it is, why it is in the plan, what to expect, when and how it will be judged, and
what happens if it does not help. Body text is 12 pt, 16 pt in large print.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from careplanner.catalog.model import Catalog, Modality
from careplanner.domain import OTHER_MODALITY, PlanDocument, PlanItem
from careplanner.reports.dates import long_date, medium_date, short_date, week_date
from careplanner.reports.fonts import REGULAR
from careplanner.reports.page import PageFurniture, build_pdf, content_height, content_width
from careplanner.reports.settings import ClinicDetails
from careplanner.reports.styles import LARGE_PRINT, RULE, SHADE, STANDARD, paragraph_styles
from careplanner.reports.timeline_drawing import TimelinePicture
from careplanner.reports.wording import Wording, handout_wording

STAGES = (
    ("foundation", ("medication", "psychological")),
    ("physical", ("physical",)),
    ("interventional", ("interventional",)),
    ("complementary", ("complementary",)),
)
DIARY_MIN_WEEKS = 12
DIARY_MAX_WEEKS = 26


@dataclass(frozen=True)
class HandoutOptions:
    printed_on: dt.date
    large_print: bool = False
    clinic: ClinicDetails = field(default_factory=ClinicDetails)


class _Handout:
    def __init__(self, document: PlanDocument, catalog: Catalog, options: HandoutOptions) -> None:
        self.document, self.catalog, self.options = document, catalog, options
        self.sizes = LARGE_PRINT if options.large_print else STANDARD
        self.styles = paragraph_styles(self.sizes)
        self.say: Wording = handout_wording()
        self.width = content_width(options.clinic.page_size)

    def para(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(escape(text), self.styles[style])

    def date_of(self, week: int) -> dt.date:
        return week_date(self.document.plan.start, week)

    # -- sections ----------------------------------------------------------------------------------
    def opening(self) -> list[Flowable]:
        plan, clinic = self.document.plan, self.options.clinic
        story: list[Flowable] = [
            self.para(self.say("intro", "title"), "title"),
            self.para(self.say("intro", "for", name=self.document.patient.name), "subheading"),
            self.para(self.say("intro", "starts", date=long_date(plan.start))),
        ]
        if clinic.name:
            contact = ", ".join(part for part in (clinic.name, clinic.address, clinic.phone) if part)
            story.append(self.para(contact, "small"))
        story += [Spacer(1, self.sizes.body * 0.6), self.para(self.say("intro", "text"))]
        story.append(
            self._box(
                [
                    self.para(self.say("expectations", "heading"), "label"),
                    self.para(self.say("expectations", "text")),
                ]
            )
        )
        return story

    def _box(self, content: list[Flowable]) -> Table:
        box = Table([[content]], colWidths=[self.width])
        box.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                    ("BOX", (0, 0), (-1, -1), 1, RULE),
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
            self.para(self.say("goals", "text")),
        ]
        for goal in self.document.goals:
            when = (
                f" (by {medium_date(self.date_of(goal.target_week))})" if goal.target_week is not None else ""
            )
            story.append(self.para(f"•  {goal.text}{when}"))
        return story

    def reviews(self) -> list[Flowable]:
        story: list[Flowable] = [self.para(self.say("reviews", "heading"), "heading")]
        if not self.document.plan.reviews:
            return [*story, self.para(self.say("reviews", "none"))]
        story.append(self.para(self.say("reviews", "text")))
        story += [
            self.para(f"•  {long_date(self.date_of(review.week))}") for review in self.document.plan.reviews
        ]
        return story

    def timeline(self) -> list[Flowable]:
        if not self.document.plan.items:
            return []
        picture = TimelinePicture(self.document, self.catalog, self.width, self.sizes.small)
        parts = picture.drawings(content_height(self.options.clinic.page_size) * 0.8)
        heading = self.para(self.say("timeline", "heading"), "heading")
        legend = self.para(self.say("timeline", "legend"), "small")
        if len(parts) == 1:
            return [KeepTogether([heading, parts[0], legend])]
        return [heading, *parts, legend]  # a long plan's picture runs over several pages

    def ongoing(self) -> list[Flowable]:
        entries = [e for e in self.document.history if e.is_ongoing]
        if not entries:
            return []
        story: list[Flowable] = [
            self.para(self.say("ongoing", "heading"), "heading"),
            self.para(self.say("ongoing", "text")),
        ]
        for entry in entries:
            name = (
                entry.name if entry.modality == OTHER_MODALITY else self.catalog.modality(entry.modality).name
            )
            story.append(self.para(f"•  {name}"))
            replacing = [i for i in self.document.plan.items if i.replaces == entry.modality]
            if replacing:
                first = min(replacing, key=lambda i: i.start_week)
                new = self.catalog.modality(first.modality).name
                story.append(
                    self.para(
                        self.say(
                            "ongoing", "replaced", date=medium_date(self.date_of(first.start_week)), new=new
                        )
                    )
                )
        return story

    def stages(self) -> list[Flowable]:
        items = self.document.plan.items
        if not items:
            return []
        story: list[Flowable] = [
            self.para(self.say("stages", "heading"), "heading"),
            self.para(self.say("stages", "one_at_a_time")),
        ]
        for stage, layers in STAGES:
            chosen = sorted(
                (i for i in items if self.catalog.modality(i.modality).layer in layers),
                key=lambda i: (i.start_week, i.id),
            )
            if not chosen:
                continue
            heading = [
                self.para(self.say(f"stages.{stage}", "title"), "heading"),
                self.para(self.say(f"stages.{stage}", "text"), "lead"),
            ]
            for index, item in enumerate(chosen):
                opening, rest = self.treatment(item)
                # A step's heading stays with the start of its first treatment; the rest may flow on.
                story += [KeepTogether((heading if index == 0 else []) + opening), *rest]
        return story

    def treatment(self, item: PlanItem) -> tuple[list[Flowable], list[Flowable]]:
        """The opening of a treatment's section (kept together), and the rest."""
        modality = self.catalog.modality(item.modality)
        text, say = modality.patient, self.say
        head = [
            self.para(modality.name, "subheading"),
            self.para(say("treatment", "starts", date=long_date(self.date_of(item.start_week)))),
        ]
        if item.dose_mg_per_day is not None:
            head.append(self.para(say("treatment", "dose", dose=f"{item.dose_mg_per_day:g}")))
        why = text.why
        goals = [g.text for g in self.document.goals if g.id in item.goal_ids]
        if goals:
            why += " " + say("treatment", "goals", goals="; ".join(goals))
        parts: list[Flowable] = [
            *head,
            self.para(say("treatment", "what"), "label"),
            self.para(text.what),
            self.para(say("treatment", "why"), "label"),
            self.para(why),
            self.para(say("treatment", "expect"), "label"),
            self.para(text.expect),
            self.para(say("treatment", "judged"), "label"),
            self.para(f"{self._when(item, modality)} {text.judged}"),
            self.para(say("treatment", "if_not_helping"), "label"),
            self.para(text.if_not_helping),
        ]
        opening = len(head) + 2
        return parts[:opening], parts[opening:]

    def _when(self, item: PlanItem, modality: Modality) -> str:
        if item.assess_week is None:
            return self.say("treatment", "when_unset")
        date = medium_date(self.date_of(item.assess_week))
        if modality.window is None:
            return self.say("treatment", "when_test", date=date)
        earliest = medium_date(self.date_of(item.start_week + modality.window.min_weeks))
        latest = medium_date(self.date_of(item.start_week + modality.window.max_weeks))
        return self.say("treatment", "when", date=date, earliest=earliest, latest=latest)

    def diary(self) -> list[Flowable]:
        plan, say = self.document.plan, self.say
        review_weeks = {review.week for review in plan.reviews}
        last = min(DIARY_MAX_WEEKS, max([DIARY_MIN_WEEKS, *review_weeks]))
        cell = self.styles["cell"]
        columns = self.say.texts_of("diary", "columns")
        header: list[object] = [Paragraph(f"<b>{escape(text)}</b>", cell) for text in columns]
        rows: list[list[object]] = [header]
        shaded = []
        for week in range(0, last + 1):
            label = escape(short_date(self.date_of(week)))
            if week in review_weeks:
                label += f"<br/><b>{escape(say('diary', 'review_row'))}</b>"
                shaded.append(len(rows))
            # The spacer keeps every row tall enough to write in; a review row grows to fit its label.
            rows.append([Paragraph(label, cell), "", "", "", Spacer(1, self.sizes.body * 2.2)])
        widths = (0.21, 0.12, 0.17, 0.14, 0.36)
        table = Table(rows, colWidths=[self.width * w for w in widths], repeatRows=1)
        style: list[Any] = [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("GRID", (0, 0), (-1, -1), 0.7, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ]
        style += [("BACKGROUND", (0, row), (-1, row), SHADE) for row in shaded]
        table.setStyle(TableStyle(style))
        return [
            PageBreak(),
            self.para(say("diary", "heading"), "heading"),
            self.para(say("diary", "text")),
            *(self.para(say("diary", key), "small") for key in ("pain", "enjoyment", "activity")),
            Spacer(1, self.sizes.body * 0.5),
            table,
        ]

    def story(self) -> list[Flowable]:
        return [
            *self.opening(),
            *self.goals(),
            *self.reviews(),
            *self.timeline(),
            *self.ongoing(),
            *self.stages(),
            *self.diary(),
        ]


def render_handout(document: PlanDocument, catalog: Catalog, options: HandoutOptions) -> bytes:
    handout = _Handout(document, catalog, options)
    clinic = options.clinic
    footer = " · ".join(
        part
        for part in (
            clinic.name,
            handout.say("footer", "contact", phone=clinic.phone) if clinic.phone else "",
        )
        if part
    )
    furniture = PageFurniture(
        title=f"Care plan for {document.patient.name}",
        left=document.patient.name,
        right=f"Printed {medium_date(options.printed_on)}",
        footer=footer,
        size=handout.sizes.small,
    )
    return build_pdf(handout.story(), furniture, clinic.page_size)


def body_style(options: HandoutOptions) -> ParagraphStyle:
    """The body text style (tests check its size)."""
    return paragraph_styles(LARGE_PRINT if options.large_print else STANDARD)["body"]
