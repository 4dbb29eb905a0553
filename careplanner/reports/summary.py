"""The clinician summary: all a team reviewing the plan needs on paper, findings and sources included."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from careplanner.catalog.model import LAYER_NAMES, LAYERS, Catalog
from careplanner.checks import CheckReport, Finding, check_plan
from careplanner.domain import OTHER_MODALITY, PlanDocument
from careplanner.outcomes import assess_trials, progress, refractory_status
from careplanner.reports.dates import medium_date, short_date, week_date
from careplanner.reports.fonts import BOLD, REGULAR
from careplanner.reports.page import PageFurniture, build_pdf, content_height, content_width
from careplanner.reports.settings import ClinicDetails
from careplanner.reports.styles import CLINICIAN, RULE, SHADE, paragraph_styles
from careplanner.reports.timeline_drawing import TimelinePicture

PAD = 3
MAX_CELL_LINES = 12
SHORTENED = " … [shortened]"  # the full text stays in the plan
SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "info": "Information"}


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


def _or_dash(value: int | None) -> str:
    return "—" if value is None else str(value)


def _count(number: int, word: str, plural: bool = True) -> str:
    return f"{number} {word}{'s' if plural and number != 1 else ''}"


class _Summary:
    def __init__(self, document: PlanDocument, catalog: Catalog, context: SummaryContext) -> None:
        self.document, self.catalog, self.context = document, catalog, context
        self.styles = paragraph_styles(CLINICIAN)
        self.width = content_width(context.clinic.page_size)
        self.report: CheckReport = check_plan(document, catalog, as_of=context.as_of)

    def para(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(escape(text), self.styles[style])

    def cell(self, text: str, bold: bool = False) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), self.styles["cell_bold" if bold else "cell"])

    def table(self, header: Sequence[str], rows: list[list[str]], shares: Sequence[float]) -> Table:
        widths = self._widths(header, shares)
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
                    ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                    ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                ]
            )
        )
        return table

    def _fit(self, text: str, width: float) -> str:
        """A table row cannot break across pages: free text typed at length is shortened to a few lines."""
        characters_per_line = max(8, int((width - 2 * PAD) / (0.55 * self.styles["cell"].fontSize)))
        limit = characters_per_line * MAX_CELL_LINES
        if len(text) <= limit:
            return text
        return text[: limit - len(SHORTENED)].rstrip() + SHORTENED

    def _widths(self, header: Sequence[str], shares: Sequence[float]) -> list[float]:
        """Each column at least as wide as its header word (no word split); the rest by share."""
        size = self.styles["cell_bold"].fontSize
        minimum = [
            max(stringWidth(word, BOLD, size) for word in text.split()) + 2 * PAD + 1 for text in header
        ]
        widths = [max(m, self.width * s) for m, s in zip(minimum, shares, strict=True)]
        excess = sum(widths) - self.width
        flexible = [w - m for w, m in zip(widths, minimum, strict=True)]
        room = sum(flexible)
        return [w - excess * f / room if room else w for w, f in zip(widths, flexible, strict=True)]

    def week(self, week: int | None) -> str:
        return "—" if week is None else f"wk {week} ({short_date(week_date(self.document.plan.start, week))})"

    # -- sections ----------------------------------------------------------------------------------
    def header(self) -> list[Flowable]:
        patient, context = self.document.patient, self.context
        conditions = ", ".join(self.catalog.condition_name(c) for c in patient.conditions) or "none recorded"
        where = (
            "read from a file (not stored)"
            if context.revision is None
            else (
                f"revision {context.revision}, {context.status}"
                + (
                    f", saved by {context.saved_by} on {context.saved_at.astimezone():%Y-%m-%d %H:%M}"
                    if context.saved_by and context.saved_at
                    else ""
                )
                + (
                    f" — an earlier revision; the current one is revision {context.latest_revision}"
                    if context.latest_revision is not None and context.latest_revision != context.revision
                    else ""
                )
            )
        )
        counts = ", ".join(
            _count(self.report.counting(s), SEVERITY_WORDS[s].lower(), s != "info") for s in SEVERITY_WORDS
        )
        return [
            self.para(f"Clinician summary — {context.title or 'care plan'}", "title"),
            self.para(
                f"{patient.name} · {patient.id} · born {medium_date(patient.birth_date)} "
                f"({self.document.age_at_start} at plan start) · {patient.sex or 'sex not recorded'}",
                "label",
            ),
            self.para(f"Conditions: {conditions}"),
            self.para(f"Plan starts {medium_date(self.document.plan.start)} · {where}"),
            self.para(
                f"Findings: {counts}; {sum(1 for f in self.report.findings if not f.counts)} acknowledged"
            ),
        ]

    def history(self) -> list[Flowable]:
        story: list[Flowable] = [self.para("Treatment history", "heading")]
        if not self.document.history:
            return [*story, self.para("No treatments recorded.")]
        trials = {
            t.index: t for t in assess_trials(self.document.history, self.catalog, self.context.printed_on)
        }
        rows = []
        for index, entry in enumerate(self.document.history):
            name = (
                entry.name if entry.modality == OTHER_MODALITY else self.catalog.modality(entry.modality).name
            )
            trial = trials.get(index)
            rows.append(
                [
                    f"{name}",
                    f"{short_date(entry.start)} – {short_date(entry.end) if entry.end else 'ongoing'}",
                    entry.outcome,
                    "" if entry.dose_mg_per_day is None else f"{entry.dose_mg_per_day:g} mg",
                    "" if entry.relief_percent is None else f"{entry.relief_percent:g} %",
                    trial.summary if trial else "not in the catalog",
                    entry.reason or "",
                ]
            )
        status = refractory_status(self.document.history, self.catalog, self.document.patient.conditions)
        verdict = "meets" if status.meets_general or status.meets_neuropathic else "does not meet"
        return [
            *story,
            self.table(
                ("Treatment", "Dates", "Outcome", "Dose/day", "Relief", "Trial", "Reason"),
                rows,
                (0.16, 0.16, 0.115, 0.085, 0.085, 0.24, 0.155),
            ),
            Spacer(1, 4),
            self.para(f"Refractory criteria: {verdict}. {status.explanation} [{', '.join(status.sources)}]"),
        ]

    def baseline_and_goals(self) -> list[Flowable]:
        document = self.document
        story: list[Flowable] = [self.para("Baseline, goals and progress", "heading")]
        baseline = document.baseline
        if baseline and baseline.peg:
            story.append(
                self.para(
                    f"Baseline {medium_date(baseline.date)}: PEG {baseline.peg.score:.1f} (pain "
                    f"{baseline.peg.pain}, enjoyment {baseline.peg.enjoyment}, activity "
                    f"{baseline.peg.activity}); sleep {_or_dash(baseline.sleep)}, "
                    f"mood {_or_dash(baseline.mood)}"
                )
            )
        else:
            story.append(self.para("No baseline recorded."))
        for goal in document.goals:
            target = f" (target week {goal.target_week})" if goal.target_week is not None else ""
            story.append(self.para(f"Goal {goal.id}: {goal.text}{target}"))
        for row in progress(baseline, document.checkins):
            change = "—" if row.peg_change is None else f"{row.peg_change:+.0f} % ({row.change_class})"
            score = "—" if row.peg_score is None else f"{row.peg_score:.1f}"
            story.append(self.para(f"Check-in {medium_date(row.date)}: PEG {score}, change {change}"))
        return story

    def plan(self) -> list[Flowable]:
        rows = []
        for layer in LAYERS:
            for item in sorted(
                (i for i in self.document.plan.items if self.catalog.modality(i.modality).layer == layer),
                key=lambda i: (i.start_week, i.id),
            ):
                modality = self.catalog.modality(item.modality)
                window = (
                    f"{modality.window.min_weeks}–{modality.window.max_weeks} wk" if modality.window else "—"
                )
                limit = modality.max_dose_for_age(self.document.age_at_start)
                dose = "" if item.dose_mg_per_day is None else f"{item.dose_mg_per_day:g} mg"
                if limit is not None:
                    dose += f" (max {limit.mg:g})"
                decided = f"\n{item.assessed.result}" if item.assessed else ""
                rows.append(
                    [
                        f"{modality.name} ({item.id})\n{LAYER_NAMES[layer]}",
                        self.week(item.start_week),
                        self.week(item.assess_week) + decided,
                        window,
                        self.week(item.end_week),
                        dose,
                        item.region or "",
                        item.replaces or "",
                        ", ".join(item.goal_ids),
                    ]
                )
        reviews = ", ".join(self.week(r.week) for r in self.document.plan.reviews) or "none planned"
        picture = TimelinePicture(self.document, self.catalog, self.width, CLINICIAN.small)
        return [
            self.para("The plan", "heading"),
            self.table(
                ("Item", "Start", "Assess", "Window", "End", "Dose/day", "Region", "Replaces", "Goals"),
                rows,
                (0.19, 0.115, 0.125, 0.095, 0.095, 0.105, 0.085, 0.115, 0.075),
            ),
            Spacer(1, 4),
            self.para(f"Reviews: {reviews}"),
            Spacer(1, 6),
            *picture.drawings(content_height(self.context.clinic.page_size) * 0.9),
        ]

    def findings(self) -> list[Flowable]:
        story: list[Flowable] = [self.para("Findings", "heading")]
        if not self.report.findings:
            story.append(self.para("No findings: the plan passes every check."))
        for finding in self.report.findings:
            story += self._finding(finding)
        if self.report.reminders:
            story.append(self.para("Reminders (not readable from the record)", "subheading"))
            story += [
                self.para(f"{r.label}: {r.note.text} [{', '.join(r.note.sources)}]")
                for r in self.report.reminders
            ]
        return story

    def _finding(self, finding: Finding) -> list[Flowable]:
        names = ", ".join(finding.items) or "whole plan"
        keys = [key.strip() for key in finding.source.split(",")]
        citation = "; ".join(
            f"{k}: {self.catalog.sources[k].title}" for k in keys if k in self.catalog.sources
        )
        parts: list[Flowable] = [
            self.para(f"{SEVERITY_WORDS[finding.severity]} · {finding.rule} · {names}", "label"),
            self.para(finding.message),
            self.para(f"Source: {citation}", "small"),
        ]
        if finding.acknowledged is not None:
            parts.append(
                self.para(
                    f"Acknowledged by {finding.acknowledged.by}: “{finding.acknowledged.reason}” "
                    "(does not count)",
                    "small",
                )
            )
        return parts

    def story(self) -> list[Flowable]:
        return [*self.header(), *self.findings(), *self.plan(), *self.history(), *self.baseline_and_goals()]


def render_summary(document: PlanDocument, catalog: Catalog, context: SummaryContext) -> bytes:
    summary = _Summary(document, catalog, context)
    clinic = context.clinic
    furniture = PageFurniture(
        title=f"Clinician summary: {document.patient.name}",
        left=f"{document.patient.name} · {document.patient.id}",
        right=f"Printed {medium_date(context.printed_on)}",
        footer=" · ".join(part for part in (clinic.name, "Clinician summary: not for the patient") if part),
        size=CLINICIAN.small,
    )
    return build_pdf(summary.story(), furniture, clinic.page_size)
