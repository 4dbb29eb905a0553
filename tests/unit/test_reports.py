"""The printouts, read back from the PDF: content, real dates, every page's furniture, determinism, fonts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from careplanner.documents import read_plan_file
from careplanner.domain import Acknowledgement, Goal
from careplanner.reports import ClinicDetails, HandoutOptions, SummaryContext, render_handout, render_summary
from careplanner.reports.handout import body_style
from careplanner.resources import examples_dir
from tests.builders import CATALOG
from tests.unit.test_documents_properties import plan_documents

PRINTED = dt.date(2026, 11, 21)
CLINIC = ClinicDetails("Riverside Pain Service", "1 Example Road, Sampletown", "01234 567890")


def example(name: str):  # type: ignore[no-untyped-def]
    return read_plan_file(examples_dir() / f"{name}.careplan.json", CATALOG.modalities.keys()).document


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def fonts_drawn(pdf: bytes) -> set[str]:
    """The fonts of every glyph shown: text blocks (BT..ET) that show text (Tj/TJ), by their last Tf.

    (ReportLab's drawing renderer also sets a default text state in an empty block, which shows nothing.)
    """
    used = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page["/Resources"]["/Font"].get_object()
        content = page.get_contents().get_data().decode("latin-1")
        for block in re.findall(r"BT(.*?)ET", content, re.S):
            fonts = re.findall(r"(/[^\s/]+) [\d.]+ Tf", block)
            if fonts and re.search(r"\bT[jJ]\b", block):
                used.add(str(resources[fonts[-1]].get_object()["/BaseFont"]).split("+")[-1].lstrip("/"))
    return used


def handout(document=None, **options) -> bytes:  # type: ignore[no-untyped-def]
    return render_handout(
        document or example("good-plan"), CATALOG, HandoutOptions(PRINTED, clinic=CLINIC, **options)
    )


class TestHandout:
    def test_the_plan_in_stages_with_real_dates(self) -> None:
        text = "\n".join(pages(handout()))
        for expected in (
            "Your pain care plan",
            "For Alex Sample",
            "Your plan starts on Monday 7 December 2026.",
            "Step 1: the base of your plan",
            "Step 2: moving and daily life",
            "Step 3: procedures",
            "Duloxetine",
            "Starts: Monday 7 December 2026",
            "How much: 60 mg a day",
            "Physical therapy",
            "Starts: Monday 18 January 2027",
            # duloxetine: assessed in week 6 = 18 January 2027, window weeks 4-8
            "around 18 January 2027 (any time from 4 January 2027 to 1 February 2027)",
            "Walk to the park and back with the dog without stopping",
            "Monday 4 January 2027",
            "Monday 1 March 2027",
            "Monday 24 May 2027",  # the reviews
            "about a third to a half",
            "Your plan at a glance",
            "Your pain diary",
        ):
            assert expected in text.replace("\n", " "), expected

    def test_each_treatment_says_what_why_expect_when_and_if_not(self) -> None:
        text = " ".join(pages(handout())).replace("\n", " ")
        for heading in (
            "What it is",
            "Why it is in your plan",
            "What to expect",
            "When and how we will judge it",
        ):
            assert text.count(heading) == 5  # five treatments
        assert text.count("If it does not help") >= 5  # the heading, and the start of many answers
        assert CATALOG.modality("esi").patient.if_not_helping.split(".")[0] in text

    def test_every_page_names_the_patient_the_date_and_its_number(self) -> None:
        texts = pages(handout())
        assert len(texts) >= 7
        for number, text in enumerate(texts, start=1):
            assert "Alex Sample" in text and "Printed 21 November 2026" in text
            assert f"Page {number} of {len(texts)}" in text
            assert "Riverside Pain Service" in text and "01234 567890" in text

    def test_the_diary_has_a_row_a_week_and_marks_the_reviews(self) -> None:
        text = " ".join(pages(handout())).replace("\n", " ")
        diary = text[text.index("Your pain diary") :]
        assert "7 Dec 2026" in diary and "24 May 2027" in diary
        assert diary.count("Review: bring this diary") == 3

    def test_the_same_input_gives_the_same_bytes(self) -> None:
        assert handout() == handout()
        assert handout() != render_handout(
            example("good-plan"), CATALOG, HandoutOptions(PRINTED + dt.timedelta(days=1), clinic=CLINIC)
        )

    def test_large_print_is_16_point_and_standard_12(self) -> None:
        assert body_style(HandoutOptions(PRINTED)).fontSize == 12
        assert body_style(HandoutOptions(PRINTED, large_print=True)).fontSize == 16
        assert len(pages(handout(large_print=True))) > len(pages(handout()))

    def test_any_name_prints_with_the_embedded_font(self) -> None:
        document = example("good-plan")
        name = "Łukasz Şahin-Øvergaard Дмитрий Ελένη"
        pdf = handout(dataclasses.replace(document, patient=dataclasses.replace(document.patient, name=name)))
        assert name in pages(pdf)[0]
        assert fonts_drawn(pdf) == {"DejaVuSans", "DejaVuSans-Bold"}

    def test_ongoing_treatments_and_their_replacement(self) -> None:
        document = example("plan-with-problems")
        replaced = dataclasses.replace(document.plan.items[0], replaces="oxycodone")
        plan = dataclasses.replace(document.plan, items=(replaced, *document.plan.items[1:]))
        text = " ".join(pages(handout(dataclasses.replace(document, plan=plan)))).replace("\n", " ")
        assert "Treatments you already have" in text and "Oxycodone" in text and "Diazepam" in text
        assert "From 7 December 2026, Gabapentin takes the place of this." in text

    def test_goal_links_say_what_a_treatment_is_for(self) -> None:
        document = example("good-plan")
        assert "It is there to help with: Sleep through most nights." in " ".join(
            pages(handout(document))
        ).replace("\n", " ")

    def test_a_plan_without_items_or_reviews_still_prints(self) -> None:
        document = example("good-plan")
        empty = dataclasses.replace(
            document,
            plan=dataclasses.replace(document.plan, items=(), reviews=()),
            goals=(Goal("g1", "Sleep"),),
        )
        text = " ".join(pages(handout(empty)))
        assert "We will give you a date for your first review." in text.replace("\n", " ")


class TestSummary:
    def summary(self, document=None, **context) -> str:  # type: ignore[no-untyped-def]
        context = {"printed_on": PRINTED, "clinic": CLINIC, **context}
        pdf = render_summary(document or example("plan-with-problems"), CATALOG, SummaryContext(**context))
        return " ".join(pages(pdf)).replace("\n", " ")

    def test_everything_a_team_needs(self) -> None:
        text = self.summary(
            status="draft",
            revision=3,
            saved_by="dr.demo",
            saved_at=dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC),
            title="Plan to review",
        )
        for expected in (
            "Clinician summary",
            "Sam Placeholder",
            "DEMO-0002",
            "Chronic kidney disease",
            "revision 3, draft",
            "saved by dr.demo",
            "Treatment history",
            "13 weeks; adequate (window opens at week 3)",
            "too short to judge",
            "Refractory criteria: Failed adequate trials in 1 category (medication): does not meet",
            "Baseline 30 November 2026: PEG 7.7",
            "The plan",
            "Gabapentin Medication",
            "weeks 3–8",
            "Error: Interaction",
            "FDA Drug Safety Communication",
            "Acknowledged by dr.demo",
            "the therapist reassesses at week 12",
            "Reminders",
        ):
            assert expected in text, expected

    def test_every_finding_is_listed_with_its_source(self) -> None:
        from careplanner.checks import check_plan

        document = example("plan-with-problems")
        text = self.summary(document)
        for finding in check_plan(document, CATALOG).findings:
            assert CATALOG.rule_title(finding.rule) in text
            for key in (key.strip() for key in finding.source.split(",")):
                assert CATALOG.sources[key].name in text and CATALOG.sources[key].title[:30] in text

    def test_a_file_plan_says_it_is_not_stored(self) -> None:
        assert "read from a file (not stored)" in self.summary()

    def test_acknowledgements_show_reason_and_author(self) -> None:
        document = example("good-plan")
        ack = Acknowledgement("MONITOR-NO-REVIEW", (), "seen weekly by the nurse", "dr.x")
        plan = dataclasses.replace(document.plan, reviews=(), acknowledged=(ack,))
        items = tuple(dataclasses.replace(i, assess_week=None) for i in plan.items[:0])
        text = self.summary(dataclasses.replace(document, plan=dataclasses.replace(plan, items=items)))
        assert "Acknowledged by dr.x: “seen weekly by the nurse”" in text


def test_free_text_typed_at_length_is_shortened_in_the_summary_tables() -> None:
    document = example("plan-with-problems")
    reason = " ".join(["stopped because of nausea and dizziness"] * 120)
    history = (dataclasses.replace(document.history[0], reason=reason), *document.history[1:])
    first = dataclasses.replace(document.plan.items[0], region="left L5 " * 400)
    plan = dataclasses.replace(document.plan, items=(first, *document.plan.items[1:]))
    pdf = render_summary(
        dataclasses.replace(document, history=history, plan=plan), CATALOG, SummaryContext(PRINTED)
    )
    text = "".join(pages(pdf)).replace("\n", "")  # a narrow column wraps even the marker
    assert text.count("[shortened]") == 2
    assert text.count("nausea") < 40  # a few lines of it, not 120 repeats


def test_a_printout_that_cannot_be_laid_out_says_so() -> None:
    from reportlab.platypus import Table

    from careplanner.reports import ReportError
    from careplanner.reports.page import PageFurniture, PdfMetadata, build_pdf

    taller_than_a_page = Table([["line\n" * 400]])
    furniture = PageFurniture(PdfMetadata("Care plan – patient handout"), "", "", "", 9, PRINTED)
    with pytest.raises(ReportError, match=r"The care plan – patient handout cannot be laid out.*Shorten"):
        build_pdf([taller_than_a_page], furniture, CLINIC.page_size)


def test_writing_a_pdf_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from careplanner.cli.print_commands import write_atomically

    target = tmp_path / "handout.pdf"
    target.write_bytes(b"old")

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", fail)
    with pytest.raises(OSError):
        write_atomically(b"new", target)
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["handout.pdf"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_documents(), st.booleans())
def test_any_valid_plan_prints(data: dict, large_print: bool) -> None:  # type: ignore[type-arg]
    import json

    from careplanner.documents import read_plan_text

    document = read_plan_text(json.dumps(data), CATALOG.modalities.keys()).document
    assert pages(render_handout(document, CATALOG, HandoutOptions(PRINTED, large_print=large_print)))
    assert pages(render_summary(document, CATALOG, SummaryContext(PRINTED)))


def test_a_long_plan_s_picture_runs_over_several_pages() -> None:
    from benchmarks.plans import generated_plan

    text = " ".join(pages(handout(generated_plan(50))))
    assert text.count("Your plan at a glance") == 1 and "Page 1 of" in text


def test_naloxone_is_not_promised_an_assessment_and_a_patch_dose_reads_per_hour() -> None:
    """A rescue medicine is never judged for pain, so the handout makes no promise of a date to judge it."""
    from careplanner.domain import PlanItem

    good = example("good-plan")
    items = (*good.plan.items, PlanItem("n1", "naloxone", 0), PlanItem("f1", "fentanyl-patch", 0, 2))
    items = (*items[:-1], dataclasses.replace(items[-1], dose_mcg_per_hour=12))
    text = " ".join(
        " ".join(
            pages(handout(dataclasses.replace(good, plan=dataclasses.replace(good.plan, items=items))))
        ).split()
    )
    rescue = text[text.index("Naloxone is a rescue medicine") :]
    assert (
        "We will tell you when we will check how well it works"
        not in rescue[: rescue.index("If it does not help")]
    )
    assert "a patch that gives 12 micrograms an hour" in text


def test_the_summary_gives_the_creatinine_clearance_or_says_it_is_not_recorded() -> None:
    good = example("good-plan")
    context = SummaryContext(PRINTED, CLINIC, "draft", 1)
    without = " ".join(pages(render_summary(good, CATALOG, context)))
    assert "Creatinine clearance: not recorded" in without
    measured = dataclasses.replace(good, patient=dataclasses.replace(good.patient, crcl_ml_min=42.5))
    assert "Creatinine clearance: 42.5 mL/min" in " ".join(pages(render_summary(measured, CATALOG, context)))
