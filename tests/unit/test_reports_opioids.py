"""The clinician summary shows the opioids in morphine milligram equivalents: the peak under the plan's table,
each opioid's share beside its dose (a fentanyl patch in mcg/h), planned and from the history alike."""

from __future__ import annotations

from careplanner.domain import PlanDocument
from careplanner.reports import SummaryContext, render_summary
from tests.builders import CATALOG, document, item, past, weeks_before_start
from tests.unit.test_reports_pages import PRINTED
from tests.unit.test_reports_words import flat


def summary(doc: PlanDocument) -> str:
    return flat(render_summary(doc, CATALOG, SummaryContext(PRINTED)))


def test_the_peak_with_its_week_date_and_what_makes_it_up() -> None:
    doc = document(
        [item("o", "oxycodone", 0, 2, dose_mg_per_day=30), item("m", "morphine", 4, 6, dose_mg_per_day=22.5)]
    )
    text = summary(doc)
    assert "Opioids: 67.5 MME a day at the peak (week 4, 4 Jan 2027)." in text
    assert "At the peak: Oxycodone 30 mg a day (45 MME), Morphine 22.5 mg a day (22.5 MME)." in text


def test_each_dose_cell_gives_the_opioids_share() -> None:
    doc = document(
        [
            item("f", "fentanyl-patch", 0, 2, dose_mcg_per_hour=25),
            item("t", "tramadol", 0, 2, dose_mg_per_day=100),
            item("g", "gabapentin", 0, 5, dose_mg_per_day=900),
        ],
        history=[past("codeine", weeks_before_start(10), dose_mg_per_day=120)],
    )
    text = summary(doc)
    assert "25 mcg/h (60 MME)" in text
    assert "100 mg a day (20 MME; max 400 mg)" in text
    assert "900 mg a day (max 3600 mg)" in text
    assert "120 mg a day (18 MME)" in text  # the ongoing codeine in the history table
    assert "Opioids: 98 MME a day at the peak (week 0, 7 Dec 2026)." in text


def test_a_missing_dose_makes_the_peak_a_minimum() -> None:
    doc = document([item("o", "oxycodone", 0, 2, dose_mg_per_day=40), item("m", "morphine", 0, 2)])
    text = summary(doc)
    assert "Opioids: at least 60 MME a day at the peak" in text
    assert "Morphine with no dose recorded" in text


def test_no_opioid_line_without_opioids() -> None:
    text = summary(document([item("g", "gabapentin", 0, 5, dose_mg_per_day=900)]))
    assert "Opioids:" not in text and "MME" not in text
