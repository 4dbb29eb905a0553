"""The minutes of a team meeting on paper: who was there, then per patient the team's recommendation (who,
when), the sign-offs, dissent with its reasons and the open comments.

Each patient's part is kept on one page when it fits one; a longer one runs over and its next page names the
patient again. Everything typed by users is escaped: a "<" or "&" in a recommendation prints as typed. The
file's metadata names the kind of document only, never a patient.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph

from careplanner.reports.dates import long_date, medium_date
from careplanner.reports.page import PageFurniture, PdfMetadata, build_pdf
from careplanner.reports.sections import Section
from careplanner.reports.settings import ClinicDetails
from careplanner.reports.styles import CLINICIAN, paragraph_styles
from careplanner.team.meetings import Minutes, MinutesEntry

TITLE = "Team meeting – minutes"  # the file's title: what it is, never whom it is about
NOT_FOR_PATIENTS = "Minutes of the team meeting: not for patients"
NO_SIGNOFF = "No sign-off or dissent on record."
NO_COMMENTS = "No open comments."
AS_AT = "Sign-offs and open comments as they stood at the end of {day}: anything later is not included."


class _MinutesStory:
    def __init__(self, minutes: Minutes) -> None:
        self.minutes = minutes
        self.styles = paragraph_styles(CLINICIAN)

    def para(self, text: str, style: str = "body") -> Paragraph:
        """User text as typed: escaped for ReportLab's markup, its line breaks kept."""
        return Paragraph(escape(text).replace("\n", "<br/>"), self.styles[style])

    def listed(self, label: str, texts: tuple[str, ...]) -> list[Flowable]:
        """A labelled list, or nothing when it is empty (a short line says so instead: no empty heading)."""
        return [self.para(label, "label"), *(self.para(text) for text in texts)] if texts else []

    def lines(self, texts: tuple[str, ...], none: str) -> list[Flowable]:
        return [self.para(text) for text in texts] if texts else [self.para(none)]

    def opening(self) -> list[Flowable]:
        minutes = self.minutes
        attendees: list[Flowable] = [self.para(f"Attendees ({len(minutes.attendees)})", "subheading")]
        attendees += self.lines(minutes.attendees, "No attendees were recorded.")
        return [
            self.para(f"Team meeting: {minutes.title}", "title"),
            self.para(long_date(minutes.held_on), "label"),
            self.para(f"Chair: {minutes.chair}"),
            self.para(AS_AT.format(day=medium_date(minutes.held_on)), "small"),
            Section(attendees, lambda: [self.para("Attendees (continued)", "subheading")]),
        ]

    def patients(self) -> list[Flowable]:
        entries = self.minutes.entries
        if not entries:
            return [self.para("Patients discussed", "heading"), self.para("No patient was on the agenda.")]
        heading: list[Flowable] = [self.para(f"Patients discussed ({len(entries)})", "heading")]
        story: list[Flowable] = []
        for number, entry in enumerate(entries, start=1):
            story.append(self.entry(number, entry, heading))
            heading = []
        return story

    def entry(self, number: int, entry: MinutesEntry, lead: list[Flowable]) -> Section:
        name = f"{number}. {entry.patient}"
        parts: list[Flowable] = [
            *lead,
            self.para(name, "subheading"),
            self.para(f"Plan: {entry.plan}", "small"),
        ]
        if entry.reasons:
            parts.append(self.para(f"On the agenda because: {'; '.join(entry.reasons)}", "small"))
        parts += [self.para("Recommendation", "label"), self.para(entry.recommendation)]
        if entry.recommended_by:
            parts.append(self.para(f"Recorded by {entry.recommended_by}", "small"))
        parts += self.listed("Sign-offs", entry.signoffs) + self.listed("Dissent", entry.dissent)
        if not entry.signoffs and not entry.dissent:
            parts.append(self.para(NO_SIGNOFF))
        parts += self.listed("Open comments", entry.open_comments) or [self.para(NO_COMMENTS)]
        return Section(parts, lambda: [self.para(f"{name} (continued)", "subheading")])


def minutes_pdf(minutes: Minutes, clinic: ClinicDetails, printed_on: dt.date | None = None) -> bytes:
    """The minutes as a PDF on the clinic's paper; `printed_on` defaults to today (the local date)."""
    printed = printed_on or dt.date.today()
    story = _MinutesStory(minutes)
    furniture = PageFurniture(
        metadata=PdfMetadata(title=TITLE, author=clinic.name),
        left=f"Team meeting minutes · {medium_date(minutes.held_on)}",
        right=f"Printed {medium_date(printed)}",
        footer=" · ".join(part for part in (clinic.name, NOT_FOR_PATIENTS) if part),
        size=CLINICIAN.small,
        printed_on=printed,
    )
    return build_pdf([*story.opening(), *story.patients()], furniture, clinic.page_size)
