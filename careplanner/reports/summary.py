"""The clinician summary: all a team reviewing the plan needs on paper, findings and sources included.

Treatments are named as the checks name them (never by item id), rules by their titles, sources by their short
names with a number into the reference list at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from careplanner.catalog.model import LAYER_NAMES, LAYERS, Catalog
from careplanner.checks import CheckReport, Finding, check_plan
from careplanner.checks.context import PlanContext
from careplanner.checks.mme import mme_of, peak_summary
from careplanner.domain import OTHER_MODALITY, PlanDocument
from careplanner.followup.words import checkin_details, decision_summary
from careplanner.outcomes import (
    IMPROVEMENT_SOURCES,
    assess_trials,
    outcome_chart,
    progress,
    refractory_status,
)
from careplanner.reports.dates import medium_date, short_date, week_date
from careplanner.reports.fonts import BOLD, REGULAR
from careplanner.reports.outcome_chart import outcome_chart_drawings
from careplanner.reports.page import PageFurniture, PdfMetadata, body_height, build_pdf, content_width
from careplanner.reports.references import References, source_keys
from careplanner.reports.sections import Section
from careplanner.reports.settings import ClinicDetails
from careplanner.reports.status import CLINICIAN_MARKS, check_status, is_marked
from careplanner.reports.styles import CLINICIAN, RULE, SHADE, paragraph_styles
from careplanner.reports.summary_team import open_comment_lines, signoff_lines
from careplanner.reports.summary_words import (
    DASH,
    dose_text,
    plural,
    refractory_text,
    trial_text,
    week_text,
    window_text,
)
from careplanner.reports.tables import CELL_PAD, fitted_widths, least_width
from careplanner.reports.timeline_drawing import TimelinePicture
from careplanner.team.meetings import PlanDiscussion
from careplanner.team.model import Comment, SignOff
from careplanner.team.recommendations import discussion_words

MAX_CELL_LINES = 12
SHORTENED = " … [shortened]"  # the full text stays in the plan
SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "info": "Information"}
TITLE = "Care plan – clinician summary"  # the file's title: what it is, never whose it is


@dataclass(frozen=True)
class SummaryContext:
    """Where the plan stands: from the database, or `None` fields for a plan read from a file."""

    printed_on: dt.date
    clinic: ClinicDetails = field(default_factory=ClinicDetails)
    status: str | None = None
    revision: int | None = None
    latest_revision: int | None = None  # when an earlier revision is printed, the newest one's number
    saved_by: str | None = None
    saved_at: dt.datetime | None = None
    title: str | None = None
    as_of: dt.date | None = None
    # The team's sign-offs and comments of a stored plan, and the revision sign-offs count against.
    signoffs: tuple[SignOff, ...] = ()
    comments: tuple[Comment, ...] = ()
    signoff_revision: int | None = None
    discussions: tuple[PlanDiscussion, ...] = ()  # the team meetings that discussed the plan, newest first

    def __post_init__(self) -> None:
        check_status(self.status)

    @property
    def mark(self) -> str:
        return CLINICIAN_MARKS[self.status] if self.status and is_marked(self.status) else ""


def _or_dash(value: int | None) -> str:
    return DASH if value is None else str(value)


class _Summary:
    def __init__(self, document: PlanDocument, catalog: Catalog, context: SummaryContext) -> None:
        self.document, self.catalog, self.context = document, catalog, context
        self.styles = paragraph_styles(CLINICIAN)
        self.width = content_width(context.clinic.page_size)
        self.report: CheckReport = check_plan(document, catalog, as_of=context.as_of)
        self.names = PlanContext(document, catalog)  # names treatments as the findings' messages do
        self.references = References(catalog)
        self.goal_numbers = {goal.id: number for number, goal in enumerate(document.goals, start=1)}

    def para(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(escape(text), self.styles[style])

    def cell(self, text: str, bold: bool = False) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), self.styles["cell_bold" if bold else "cell"])

    def table(self, header: Sequence[str], rows: list[list[str]], shares: Sequence[float]) -> Table:
        size = self.styles["cell_bold"].fontSize
        widths = fitted_widths([least_width(text, BOLD, size) for text in header], shares, self.width)
        data = [
            [self.cell(text, bold=True) for text in header],
            *(
                [self.cell(self._fit(text, width)) for text, width in zip(row, widths, strict=True)]
                for row in rows
            ),
        ]
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
                    ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ]
            )
        )
        return table

    def _fit(self, text: str, width: float) -> str:
        """A table row cannot break across pages: free text typed at length is shortened to a few lines."""
        characters_per_line = max(8, int((width - 2 * CELL_PAD) / (0.55 * self.styles["cell"].fontSize)))
        limit = characters_per_line * MAX_CELL_LINES
        if len(text) <= limit:
            return text
        return text[: limit - len(SHORTENED)].rstrip() + SHORTENED

    def week(self, week: int | None) -> str:
        return week_text(self.document.plan.start, week)

    def treatments(self, refs: Sequence[str]) -> str:
        return ", ".join(self.names.label(ref) for ref in refs) or "the whole plan"

    # -- sections ----------------------------------------------------------------------------------
    def _where(self) -> str:
        context = self.context
        if context.revision is None:
            return "read from a file (not stored)"
        where = f"revision {context.revision}, {context.status}"
        if context.saved_by and context.saved_at:
            where += f", saved by {context.saved_by} on {context.saved_at.astimezone():%Y-%m-%d %H:%M}"
        if context.latest_revision is not None and context.latest_revision != context.revision:
            where += f" — an earlier revision; the current one is revision {context.latest_revision}"
        return where

    def header(self) -> list[Flowable]:
        patient, context = self.document.patient, self.context
        conditions = ", ".join(self.catalog.condition_name(c) for c in patient.conditions) or "none recorded"
        counts = ", ".join(
            plural(self.report.counting(s), SEVERITY_WORDS[s].lower(), "information" if s == "info" else None)
            for s in SEVERITY_WORDS
        )
        mark = f" — {context.mark}" if context.mark else ""
        acknowledged = sum(1 for f in self.report.findings if not f.counts)
        return [
            self.para(f"Clinician summary — {context.title or 'care plan'}{mark}", "title"),
            self.para(
                f"{patient.name} · {patient.id} · born {medium_date(patient.birth_date)} "
                f"(aged {self.document.age_at_start} at plan start) · {patient.sex or 'sex not recorded'}",
                "label",
            ),
            self.para(f"Conditions: {conditions}"),
            self.para(f"Creatinine clearance: {_clearance(patient.crcl_ml_min)}"),
            self.para(f"Plan starts {medium_date(self.document.plan.start)} · {self._where()}"),
            self.para(f"Findings: {counts}; {acknowledged} acknowledged"),
        ]

    def findings(self) -> list[Flowable]:
        story: list[Flowable] = [self.para("Findings", "heading")]
        if not self.report.findings:
            story.append(self.para("No findings: the plan passes every check."))
        story += [KeepTogether(self._finding(finding)) for finding in self.report.findings]
        if self.report.reminders:
            story.append(self.para("Reminders (not readable from the record)", "subheading"))
            story += [
                self.para(f"{r.label}: {r.note.text} Sources: {self.references.cite(r.note.sources)}")
                for r in self.report.reminders
            ]
        return story

    def _finding(self, finding: Finding) -> list[Flowable]:
        title = self.catalog.rule_title(finding.rule)
        parts: list[Flowable] = [
            self.para(f"{SEVERITY_WORDS[finding.severity]}: {title}", "label"),
            self.para(f"Treatments: {self.treatments(finding.items)}", "small"),
            self.para(finding.message),
            self.para(f"Sources: {self.references.cite(source_keys(finding.source))}", "small"),
        ]
        if finding.acknowledged is not None:
            ack = finding.acknowledged
            parts.append(self.para(f"Acknowledged by {ack.by}: “{ack.reason}” (does not count)", "small"))
        return [*parts, Spacer(1, 3)]

    def plan(self) -> list[Flowable]:
        rows = []
        for layer in LAYERS:
            for item in sorted(
                (i for i in self.document.plan.items if self.catalog.modality(i.modality).layer == layer),
                key=lambda i: (i.start_week, i.id),
            ):
                modality = self.catalog.modality(item.modality)
                decided = f"\n{decision_summary(self.document, self.catalog, item)}" if item.assessed else ""
                rows.append(
                    [
                        f"{self.names.label(item.id)}\n{LAYER_NAMES[layer]}",
                        self.week(item.start_week),
                        self.week(item.assess_week) + decided,
                        window_text(modality),
                        self.week(item.end_week),
                        dose_text(
                            item.dose,
                            modality.max_dose_for_age(self.document.age_at_start),
                            mme_of(self.catalog, item.modality, item.dose),
                        ),
                        item.region or "",
                        self._replaced(item.replaces),
                        ", ".join(str(self.goal_numbers.get(g, g)) for g in item.goal_ids),
                    ]
                )
        reviews = ", ".join(self.week(r.week) for r in self.document.plan.reviews) or "none planned"
        opioids = peak_summary(self.document, self.catalog, self._week_and_date)
        picture = TimelinePicture(self.document, self.catalog, self.width, CLINICIAN.small)
        page = body_height(self.context.clinic.page_size, bool(self.context.mark))
        return [
            self.para("The plan", "heading"),
            self.table(
                ("Treatment", "Start", "Assess", "Window", "End", "Daily dose", "Region", "Replaces", "Goal"),
                rows,
                (0.2, 0.12, 0.13, 0.08, 0.1, 0.14, 0.08, 0.1, 0.05),
            ),
            Spacer(1, 4),
            self.para(f"Reviews: {reviews}"),
            *([self.para(f"{opioids.line}. {opioids.details}")] if opioids else []),
            Spacer(1, 6),
            *picture.drawings(page * 0.9),
        ]

    def _week_and_date(self, week: int) -> str:
        return f"week {week}, {short_date(week_date(self.document.plan.start, week))}"

    def _replaced(self, replaces: str | None) -> str:
        """What an item replaces: another item of the plan, or an ongoing treatment (by its catalog id)."""
        if replaces is None:
            return ""
        if self.document.plan.item(replaces) is not None:
            return self.names.label(replaces)
        modality = self.catalog.modalities.get(replaces)
        return modality.name if modality else replaces

    def history(self) -> list[Flowable]:
        story: list[Flowable] = [self.para("Treatment history", "heading")]
        if not self.document.history:
            return [*story, self.para("No treatments recorded.")]
        trials = {
            t.index: t for t in assess_trials(self.document.history, self.catalog, self.context.printed_on)
        }
        rows = []
        for index, entry in enumerate(self.document.history):
            modality = (
                None if entry.modality == OTHER_MODALITY else self.catalog.modalities.get(entry.modality)
            )
            rows.append(
                [
                    entry.name or (modality.name if modality else entry.modality),
                    f"{short_date(entry.start)} – {short_date(entry.end) if entry.end else 'ongoing'}",
                    entry.outcome,
                    dose_text(entry.dose, mme=mme_of(self.catalog, entry.modality, entry.dose)),
                    "" if entry.relief_percent is None else f"{entry.relief_percent:g}%",
                    trial_text(trials.get(index), entry, modality),
                    entry.reason or "",
                ]
            )
        status = refractory_status(self.document.history, self.catalog, self.document.patient.conditions)
        return [
            *story,
            self.table(
                ("Treatment", "Dates", "Outcome", "Daily dose", "Relief", "Trial", "Reason"),
                rows,
                (0.16, 0.16, 0.1, 0.1, 0.07, 0.26, 0.15),
            ),
            Spacer(1, 4),
            self.para(f"Refractory criteria: {refractory_text(status, self.catalog, self.references)}"),
        ]

    def baseline_and_goals(self) -> list[Flowable]:
        document = self.document
        story: list[Flowable] = [self.para("Baseline, goals and progress", "heading")]
        baseline = document.baseline
        if baseline and baseline.peg:
            peg = baseline.peg
            story.append(
                self.para(
                    f"Baseline {medium_date(baseline.date)}: PEG {peg.score:.1f} (pain {peg.pain}, "
                    f"interference with enjoyment of life {peg.enjoyment}, with general activity "
                    f"{peg.activity}); sleep {_or_dash(baseline.sleep)}, mood {_or_dash(baseline.mood)} "
                    "(0–10 each)"
                )
            )
        else:
            story.append(self.para("No baseline recorded."))
        for goal in document.goals:
            target = f" (target: week {goal.target_week})" if goal.target_week is not None else ""
            story.append(self.para(f"Goal {self.goal_numbers[goal.id]}: {goal.text}{target}"))
        checkins = sorted(document.checkins, key=lambda m: m.date)  # the order progress() reports them in
        for row, checkin in zip(progress(baseline, document.checkins), checkins, strict=True):
            change = DASH if row.peg_change is None else f"{row.peg_change:+.0f}% ({row.change_class})"
            score = DASH if row.peg_score is None else f"{row.peg_score:.1f}"
            details = checkin_details(checkin, self.goal_numbers, self.catalog)
            more = f"; {'; '.join(details)}" if details else ""
            text = f"Check-in {medium_date(row.date)}: PEG {score}, change {change}{more}"
            story.append(self.para(text))
        return story

    def outcomes_over_time(self) -> list[Flowable]:
        """The outcome chart under its heading; nothing without a baseline or a check-in to draw."""
        chart = outcome_chart(self.document, self.catalog)
        if chart is None:
            return []
        page = body_height(self.context.clinic.page_size, bool(self.context.mark))
        drawings = outcome_chart_drawings(chart, self.width, page * 0.85, CLINICIAN.small)
        story: list[Flowable] = [self.para("Outcomes over time", "heading"), *drawings]
        if chart.lines:  # under the chart, as its caption: the heading keeps with the chart itself
            story.append(Spacer(1, 4))
            story.append(
                self.para(
                    "The lines marked 30 % and 50 % better are the PEG scores a meaningful (30 %) and a "
                    "substantial (50 %) improvement from the baseline would reach. "
                    f"Sources: {self.references.cite(IMPROVEMENT_SOURCES)}",
                    "small",
                )
            )
        return story

    def team(self) -> list[Flowable]:
        """Sign-offs and open comments of a stored plan (a plan read from a file has none to show)."""
        context = self.context
        if context.revision is None:
            return []
        head = context.signoff_revision or context.latest_revision or context.revision
        signed = signoff_lines(context.signoffs, head) or ["No discipline has signed off yet."]
        comments = open_comment_lines(context.comments) or ["No open comments."]
        meetings = [discussion_words(discussion) for discussion in context.discussions]
        return [
            self.para("Team sign-off and open comments", "heading"),
            *(self.para(line) for line in signed),
            *([self.para("Team meeting recommendations", "subheading")] if meetings else []),
            *(self.para(line) for line in meetings),
            self.para("Open comments", "subheading"),
            *(self.para(line) for line in comments),
        ]

    def reference_list(self) -> list[Flowable]:
        listed = self.references.listed()
        if not listed:
            return []
        return [self.para("References", "heading"), *(self.para(text, "small") for text in listed)]

    def story(self) -> list[Flowable]:
        opening = [*self.header(), *self.findings(), *self.plan()]
        closing = [*self.history(), *self.baseline_and_goals(), *self.outcomes_over_time(), *self.team()]
        # The reference list comes last (numbered in the order the sections above cite); the closing part
        # is one section, so a few last lines are never left alone on a page.
        return [*opening, Section([*closing, *self.reference_list()], list)]


def render_summary(document: PlanDocument, catalog: Catalog, context: SummaryContext) -> bytes:
    summary = _Summary(document, catalog, context)
    clinic = context.clinic
    status = f" ({context.status})" if is_marked(context.status) else ""
    furniture = PageFurniture(
        metadata=PdfMetadata(title=TITLE + status, author=clinic.name),
        left=f"{document.patient.name} · {document.patient.id}",
        right=f"Printed {medium_date(context.printed_on)}",
        footer=" · ".join(part for part in (clinic.name, "Clinician summary: not for the patient") if part),
        size=CLINICIAN.small,
        printed_on=context.printed_on,
        mark=context.mark,
    )
    return build_pdf(summary.story(), furniture, clinic.page_size)


def _clearance(crcl_ml_min: float | None) -> str:
    """Said either way: "not recorded" tells the reader the kidney limits could not be checked."""
    return "not recorded" if crcl_ml_min is None else f"{crcl_ml_min:g} mL/min"
