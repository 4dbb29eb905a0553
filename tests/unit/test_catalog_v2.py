"""Catalog version 2: new sources, opioids, benzodiazepines, naloxone, dose units, rule-table fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from careplanner.domain import DOSED_PER_HOUR, MCG_PER_HOUR, MG_PER_DAY
from tests.builders import CATALOG
from tests.unit.test_catalog import broken_catalog, in_entry

# docs/clinical-reference.md §7: the keys version 2 of the checks cites.
NEW_SOURCES = [
    *("CDC22", "CDC-IG", "FDA-NAL20", "NEUR", "LYR", "ULT", "NUC", "CYM", "AMI", "ASRA18"),
    *("FDA-NSAID20", "FDA-ANES16", "MHRA19", "MHRA22", "BEERS12", "MCN11", "MARCUM16", "TA260"),
]


@pytest.mark.parametrize("key", NEW_SOURCES)
def test_every_cited_source_has_a_readable_name(key: str) -> None:
    source = CATALOG.sources[key]
    assert source.name and source.title and source.name != key


class TestNaloxone:
    def test_is_a_rescue_medicine_not_a_therapy(self) -> None:
        naloxone = CATALOG.modality("naloxone")
        assert naloxone.kind == "rescue" and naloxone.is_rescue
        assert not naloxone.is_therapy and not naloxone.is_foundation and not naloxone.pain_treatment
        assert naloxone.window is None and naloxone.class_id == "opioid-reversal"

    def test_is_the_only_rescue_medicine(self) -> None:
        assert {m.id for m in CATALOG.modalities.values() if m.is_rescue} == {"naloxone"}


class TestDoseUnits:
    def test_only_the_fentanyl_patch_is_dosed_per_hour(self) -> None:
        per_hour = {m.id for m in CATALOG.modalities.values() if m.dose_unit == MCG_PER_HOUR}
        assert per_hour == set(DOSED_PER_HOUR) == {"fentanyl-patch"}
        assert CATALOG.modality("morphine").dose_unit == MG_PER_DAY

    def test_the_patch_is_a_transdermal_opioid(self) -> None:
        patch = CATALOG.modality("fentanyl-patch")
        assert patch.class_id == "opioid" and "transdermal" in patch.tags and patch.is_therapy

    def test_a_unit_that_disagrees_with_the_plan_format_is_refused(self, tmp_path: Path) -> None:
        message = broken_catalog(
            tmp_path,
            "medication.toml",
            in_entry("fentanyl-patch", 'dose_unit = "mcg/h"', 'dose_unit = "mg/day"'),
        )
        assert 'modality "fentanyl-patch": dose_unit: must be "mcg/h"' in message

    def test_an_unknown_unit_is_refused(self, tmp_path: Path) -> None:
        message = broken_catalog(
            tmp_path,
            "medication.toml",
            in_entry("fentanyl-patch", 'dose_unit = "mcg/h"', 'dose_unit = "mg/h"'),
        )
        assert "dose_unit" in message and '"mg/h" is not one of' in message


def test_methadone_carries_its_caution() -> None:
    methadone = CATALOG.modality("methadone")
    assert methadone.cautions and "CDC22" in methadone.cautions[0].sources


@pytest.mark.parametrize(
    "condition", ["antiplatelet-use", "opioid-overdose-history", "sleep-disordered-breathing", "pregnancy"]
)
def test_conditions_the_checks_read(condition: str) -> None:
    assert CATALOG.conditions[condition].read_by_checks


class TestRuleTables:
    def test_the_nsaid_row_is_raised_by_a_bleeding_risk(self) -> None:
        (row,) = [r for r in CATALOG.rules.interactions if r.raised_severity]
        assert row.severity == "info" and row.raised_severity == "warning"
        assert row.severity_for(frozenset({"ckd"})) == "info"
        assert row.severity_for(frozenset({"ckd", "anticoagulant-use"})) == "warning"

    def test_raised_severity_needs_its_conditions(self, tmp_path: Path) -> None:
        message = broken_catalog(
            tmp_path,
            "rules.toml",
            lambda t: t.replace('raised_with = ["gi-bleed-history", "anticoagulant-use"]\n', ""),
        )
        assert "give raised_severity and raised_with together" in message

    def test_an_unknown_raising_condition_is_refused(self, tmp_path: Path) -> None:
        message = broken_catalog(
            tmp_path,
            "rules.toml",
            lambda t: t.replace('"gi-bleed-history", "anticoagulant', '"gi-bleed", "anticoagulant'),
        )
        assert 'raised_with: unknown condition "gi-bleed"' in message

    def test_acetaminophen_caution_reads_the_dose(self) -> None:
        (caution,) = [c for c in CATALOG.rules.patient_cautions if c.above_mg_per_day is not None]
        assert (caution.above_mg_per_day, caution.from_age) == (3000, 65)

    def test_benzodiazepines_are_on_the_lists(self) -> None:
        rules = CATALOG.rules
        assert (
            "benzodiazepine" in rules.duplicate_classes.classes
            and "benzodiazepine" in rules.cns_burden.classes
        )
