"""The minutes on paper, read back from the PDF: what was decided and by whom, typed text as typed, patients
kept whole on a page, many patients over many pages, nothing about a patient in the file's metadata."""

from __future__ import annotations

import datetime as dt
import io
import re

from pypdf import PdfReader

from careplanner.reports.minutes import TITLE, minutes_pdf
from careplanner.reports.settings import ClinicDetails
from careplanner.team.meetings import Minutes, MinutesEntry

CLINIC = ClinicDetails("Riverside Pain Service", "1 Example Road, Sampletown", "01234 567890")
PRINTED = dt.date(2026, 12, 3)


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """The words with line breaks (where the PDF wrapped a line) read as spaces."""
    return re.sub(r"\s+", " ", text)


def patient(
    number: int = 1, recommendation: str = "Continue duloxetine; review the CBT goals"
) -> MinutesEntry:
    return MinutesEntry(
        patient=f"Patient {number:03d}, record P-{number}",
        plan="Staged plan (active), revision 4 discussed",
        reasons=("Review overdue by 9 days (week 12, due 3 Nov 2026)",),
        recommendation=recommendation,
        recommended_by="Dr Ash (Pain medicine), 2 Dec 2026 14:05",
        signoffs=("Agreed by Kim Park (Nursing) on 2 Nov 2026",),
        dissent=("Dissent by Pat Lee (Psychology) on 2 Nov 2026: Wait for the CBT assessment",),
        open_comments=("Kim Park (Nursing), 3 Nov 2026, on revision 4: Check the kidney function",),
    )


def minutes(*entries: MinutesEntry) -> Minutes:
    return Minutes(
        title="December team meeting",
        held_on=dt.date(2026, 12, 2),
        chair="Dr Ash (Pain medicine)",
        attendees=("Dr Ash — Pain medicine", "Kim Park — Nursing", "Sam Rowe — Physiotherapy (guest)"),
        entries=entries if entries else (patient(),),
    )


def test_the_meeting_and_what_was_decided_for_each_patient() -> None:
    text = flat("\n".join(pages(minutes_pdf(minutes(), CLINIC, PRINTED))))
    for expected in (
        "December team meeting",
        "Wednesday 2 December 2026",
        "Chair: Dr Ash (Pain medicine)",
        "Sam Rowe — Physiotherapy (guest)",
        "Patient 001, record P-1",
        "Continue duloxetine; review the CBT goals",
        "Recorded by Dr Ash (Pain medicine), 2 Dec 2026 14:05",
        "Agreed by Kim Park (Nursing)",
        "Dissent by Pat Lee (Psychology) on 2 Nov 2026: Wait for the CBT assessment",
        "Check the kidney function",
        "Review overdue by 9 days",
        "Riverside Pain Service",
        "Printed 3 December 2026",
        "Page 1 of 1",
    ):
        assert expected in text, expected


def test_nothing_recorded_is_said_so() -> None:
    empty = MinutesEntry(
        "Patient 002, record P-2", "Staged plan (draft), revision 1", (), "No rec.", None, (), (), ()
    )
    text = flat("\n".join(pages(minutes_pdf(minutes(empty), CLINIC, PRINTED))))
    assert "No sign-off or dissent on record." in text and "Dissent" not in text
    assert "No open comments." in text and "Recorded by" not in text


def test_typed_markup_prints_as_typed() -> None:
    hostile = "Stop <b>tramadol</b> & review; a < b && c > d <br/> &amp; done"
    text = flat("\n".join(pages(minutes_pdf(minutes(patient(recommendation=hostile)), CLINIC, PRINTED))))
    assert hostile in text


def test_long_text_wraps_and_runs_over_pages() -> None:
    long = " ".join(["The team agreed to taper the opioid slowly and to review it weekly."] * 60)
    unbroken = "x" * 600  # a pasted word with no space still fits the width
    pdf = minutes_pdf(minutes(patient(recommendation=f"{long}\n{unbroken}")), CLINIC, PRINTED)
    text = pages(pdf)
    assert len(text) >= 2
    assert "Patient 001, record P-1 (continued)" in flat(text[-1])
    assert flat("".join(text)).count("x") >= 600


def test_many_patients_paginate_each_kept_whole_on_a_page() -> None:
    pdf = minutes_pdf(minutes(*(patient(number) for number in range(1, 41))), CLINIC, PRINTED)
    text = [flat(page) for page in pages(pdf)]
    assert len(text) > 5
    assert all(f"Page {index} of {len(text)}" in page for index, page in enumerate(text, start=1))
    for number in range(1, 41):
        (page,) = [page for page in text if f"Patient {number:03d}, record P-{number}" in page]
        block = page.split(f"Patient {number:03d}, record P-{number}")[1]
        assert "Check the kidney function" in block  # its last line is on the same page


def test_the_file_names_no_patient_and_is_the_same_every_time() -> None:
    pdf = minutes_pdf(minutes(), CLINIC, PRINTED)
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata is not None
    assert metadata.title == TITLE and metadata.author == "Riverside Pain Service"
    assert "Patient" not in str(dict(metadata))
    assert minutes_pdf(minutes(), CLINIC, PRINTED) == pdf
