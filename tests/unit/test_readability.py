"""Plain language: reading grade 8 at most (6 is the aim), for every text a patient reads."""

from __future__ import annotations

import datetime as dt
import io
import statistics

import pytest
from pypdf import PdfReader

from careplanner.editing.demo import demo_documents
from careplanner.reports import HandoutOptions, render_handout
from careplanner.reports.wording import handout_wording
from tests.builders import CATALOG
from tests.readability import grade

LIMIT, AIM = 8.0, 6.0
FIELDS = ("what", "why", "expect", "judged", "if_not_helping")


def section(modality: str) -> str:
    """What a patient reads about one treatment: its five texts together (a grade needs running text; on a
    single six-word sentence a drug's own name would decide it)."""
    text = CATALOG.modality(modality).patient
    return " ".join(getattr(text, field) for field in FIELDS)


@pytest.mark.parametrize("modality", sorted(CATALOG.modalities))
def test_every_catalog_text_is_grade_8_or_below(modality: str) -> None:
    assert grade(section(modality)) <= LIMIT, section(modality)


def test_the_catalog_texts_aim_at_grade_6() -> None:
    assert statistics.mean(grade(section(modality)) for modality in CATALOG.modalities) <= AIM


def test_the_handout_wording_is_grade_8_or_below() -> None:
    running_text = " ".join(text.replace("{", "").replace("}", "") for text in handout_wording().texts())
    assert grade(running_text) <= LIMIT


def test_the_handout_wording_cites_known_sources() -> None:
    assert handout_wording().sources() <= set(CATALOG.sources)


@pytest.mark.parametrize(("large_print", "status"), [(False, None), (True, "draft")])
def test_whole_generated_handouts_are_grade_8_or_below(large_print: bool, status: str | None) -> None:
    for document, title in demo_documents(CATALOG, dt.date(2026, 11, 21)):
        options = HandoutOptions(dt.date(2026, 11, 21), large_print, status=status)
        pdf = render_handout(document, CATALOG, options)
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert grade(text) <= LIMIT, title
