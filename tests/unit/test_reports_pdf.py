"""The PDF files themselves: every font embedded, the printing date as the creation date, the same bytes for
the same input, and metadata that carries no patient data (a handout travels by email and is indexed)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import io
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from careplanner.domain import PlanDocument
from careplanner.reports import HandoutOptions, SummaryContext, render_handout, render_summary
from tests.builders import CATALOG
from tests.unit.test_reports_pages import PRINTED, clinic, corpus, example

EMBEDDED = ("/FontFile", "/FontFile2", "/FontFile3")


def _objects(reader: PdfReader) -> Iterator[Any]:
    """Every object in the file, whether a page uses it or not."""
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            yield IndirectObject(number, 0, reader).get_object()
        except Exception:  # a free entry in the cross-reference table
            continue


def unembedded_fonts(pdf: bytes) -> list[str]:
    found = []
    for thing in _objects(PdfReader(io.BytesIO(pdf))):
        if not isinstance(thing, DictionaryObject) or thing.get("/Type") != "/Font":
            continue
        font = thing["/DescendantFonts"][0].get_object() if "/DescendantFonts" in thing else thing
        descriptor = font.get("/FontDescriptor")
        if descriptor is None or not any(key in descriptor.get_object() for key in EMBEDDED):
            found.append(str(thing.get("/BaseFont")))
    return found


def printouts(document: PlanDocument, large: bool = False, status: str | None = None) -> dict[str, bytes]:
    # The status is passed only when there is one: the same call then runs on code without the option.
    handout = HandoutOptions(PRINTED, large, clinic("A4"), **({"status": status} if status else {}))
    return {
        "handout": render_handout(document, CATALOG, handout),
        "summary": render_summary(document, CATALOG, SummaryContext(PRINTED, clinic("A4"), status, 2)),
    }


@pytest.mark.parametrize(
    "name", ["good-plan", "generated-12", "template-crps", "template-knee-osteoarthritis"]
)
@pytest.mark.parametrize("large", [False, True])
def test_every_font_is_embedded(name: str, large: bool) -> None:
    document, status = corpus()[name]
    for kind, pdf in printouts(document, large, status).items():
        assert unembedded_fonts(pdf) == [], kind


def test_the_creation_date_is_the_printing_date() -> None:
    for kind, pdf in printouts(example("good-plan")).items():
        metadata = PdfReader(io.BytesIO(pdf)).metadata
        assert metadata is not None
        assert metadata.creation_date is not None and metadata.creation_date.date() == PRINTED, kind
        assert metadata.modification_date is not None and metadata.modification_date.date() == PRINTED, kind


def test_the_same_input_and_printing_date_give_the_same_bytes() -> None:
    document = example("plan-with-problems")
    assert printouts(document) == printouts(document)
    later = render_handout(
        document, CATALOG, HandoutOptions(PRINTED + dt.timedelta(days=1), clinic=clinic("A4"))
    )
    assert later != printouts(document)["handout"]


def test_the_metadata_carries_no_patient_data() -> None:
    document = example("plan-with-problems")
    patient = document.patient
    private = [
        patient.name,
        *patient.name.split(),
        patient.id,
        patient.birth_date.isoformat(),
        f"{patient.birth_date:%Y%m%d}",
        str(patient.birth_date.year),
        *(CATALOG.condition_name(condition) for condition in patient.conditions),
        getpass.getuser(),
    ]
    for kind, pdf in printouts(document).items():
        reader = PdfReader(io.BytesIO(pdf))
        metadata = dict(reader.metadata or {})
        assert (
            metadata["/Title"]
            == f"Care plan – {'patient handout' if kind == 'handout' else 'clinician summary'}"
        )
        assert metadata["/Creator"] == "careplanner" and metadata["/Subject"] == ""
        assert metadata["/Author"] == "Riverside Pain Service"  # the clinic, never the user
        words = " ".join(str(value) for value in metadata.values())
        assert [word for word in private if word in words] == [], kind
        assert "/Metadata" not in reader.trailer["/Root"]  # no XMP packet with more of it


def test_a_draft_s_metadata_says_draft_and_still_no_name() -> None:
    document = example("good-plan")
    pdf = render_handout(document, CATALOG, HandoutOptions(PRINTED, status="draft"))
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata is not None and metadata.title == "Care plan – patient handout (draft)"


def test_any_name_prints_in_an_embedded_font() -> None:
    document = example("good-plan")
    name = "Łukasz Şahin-Øvergaard Дмитрий Ελένη"
    renamed = dataclasses.replace(document, patient=dataclasses.replace(document.patient, name=name))
    pdf = render_handout(renamed, CATALOG, HandoutOptions(PRINTED))
    assert name in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert unembedded_fonts(pdf) == []
