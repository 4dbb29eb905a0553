"""The medicines' RxNorm ingredient codes: each one checked against a public list, refused when malformed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from careplanner.catalog import load_catalog
from careplanner.catalog.model import Modality
from careplanner.resources import catalog_dir
from tests.builders import CATALOG
from tests.unit.test_catalog import broken_catalog, in_entry

# What was checked, and where (keys of resources/catalog/sources.toml, docs/clinical-reference.md §7):
# CPIC: the CPIC database's drug table (https://github.com/cpicpgx/cpic-data, db/drug.sql; ibuprofen and
#   naproxen in the NSAID release V6__nsaid_release.sql, hydromorphone in the opioid release
#   V35__opioid_release.sql), where each drug's id is "RxNorm:<ingredient code>".
# CDC-MME: the CDC MME conversion factors of the Opioid MME Calculator FHIR guide
#   (https://github.com/cqframework/opioid-mme-r4, CodeSystem CDCMMEClinicalConversionFactors), keyed by the
#   RxNorm ingredient code of each opioid; its OMTKData library, generated from RxNav, names the same codes.
# RxNorm: the RxNorm release itself, as published: gabapentin's row of RXNCONSO (SAB=RXNORM, TTY=IN,
#   RXCUI 25480) quoted from the release tables at https://opendata.stackexchange.com/questions/4858.
# Topical and transdermal forms carry the code of their ingredient; the catalog id names the form.
VERIFIED: dict[str, tuple[str, str, frozenset[str]]] = {
    "ibuprofen": ("5640", "ibuprofen", frozenset({"CPIC"})),
    "naproxen": ("7258", "naproxen", frozenset({"CPIC"})),
    "celecoxib": ("140587", "celecoxib", frozenset({"CPIC"})),
    "diclofenac-topical": ("3355", "diclofenac", frozenset({"CPIC"})),
    "duloxetine": ("72625", "duloxetine", frozenset({"CPIC"})),
    "venlafaxine": ("39786", "venlafaxine", frozenset({"CPIC"})),
    "amitriptyline": ("704", "amitriptyline", frozenset({"CPIC"})),
    "nortriptyline": ("7531", "nortriptyline", frozenset({"CPIC"})),
    "sertraline": ("36437", "sertraline", frozenset({"CPIC"})),
    "gabapentin": ("25480", "gabapentin", frozenset({"RxNorm"})),
    "lidocaine-patch": ("6387", "lidocaine", frozenset({"CPIC"})),
    "tramadol": ("10689", "tramadol", frozenset({"CPIC", "CDC-MME"})),
    "tapentadol": ("787390", "tapentadol", frozenset({"CDC-MME"})),
    "oxycodone": ("7804", "oxycodone", frozenset({"CPIC", "CDC-MME"})),
    "morphine": ("7052", "morphine", frozenset({"CPIC", "CDC-MME"})),
    "hydrocodone": ("5489", "hydrocodone", frozenset({"CDC-MME"})),
    "hydromorphone": ("3423", "hydromorphone", frozenset({"CPIC", "CDC-MME"})),
    "methadone": ("6813", "methadone", frozenset({"CPIC", "CDC-MME"})),
    "codeine": ("2670", "codeine", frozenset({"CPIC", "CDC-MME"})),
    "fentanyl-patch": ("4337", "fentanyl", frozenset({"CPIC", "CDC-MME"})),
    "naloxone": ("7242", "naloxone", frozenset({"CPIC"})),
    "diazepam": ("3322", "diazepam", frozenset({"CPIC"})),
    "low-dose-naltrexone": ("7243", "naltrexone", frozenset({"CPIC"})),
}
# Medicines whose code no public list reachable here confirmed: exported with the catalog's own code only.
UNVERIFIED = {
    "acetaminophen",
    "milnacipran",
    "pregabalin",
    "capsaicin-patch",
    "cyclobenzaprine",
    "tizanidine",
    "clonazepam",
    "lorazepam",
    "alprazolam",
    "temazepam",
    "ketamine-infusion",
}


def _coded() -> dict[str, Modality]:
    return {m.id: m for m in CATALOG.modalities.values() if m.rxnorm is not None}


@pytest.mark.parametrize("modality_id", sorted(VERIFIED))
def test_every_verified_medicine_carries_its_code_and_where_it_was_checked(modality_id: str) -> None:
    code, ingredient, sources = VERIFIED[modality_id]
    modality = CATALOG.modality(modality_id)
    assert modality.rxnorm == code
    assert set(modality.rxnorm_sources) == sources
    assert ingredient in modality.name.lower()  # the code names the medicine's ingredient


def test_no_code_is_in_the_catalog_that_was_not_checked() -> None:
    assert set(_coded()) == set(VERIFIED)


def test_the_medication_layer_is_split_into_checked_and_unchecked_codes() -> None:
    medicines = {m.id for m in CATALOG.in_layer("medication")}
    assert medicines == set(VERIFIED) | UNVERIFIED
    assert not set(VERIFIED) & UNVERIFIED


def test_only_medicines_have_a_code() -> None:
    assert {m.layer for m in _coded().values()} == {"medication"}


def test_two_medicines_share_a_code_only_when_they_share_the_ingredient() -> None:
    codes = [code for code, _, _ in VERIFIED.values()]
    assert len(codes) == len(set(codes))


def test_the_sources_cited_are_in_the_catalog() -> None:
    cited = {key for m in _coded().values() for key in m.rxnorm_sources}
    assert cited == {"CPIC", "CDC-MME", "RxNorm"}
    for key in cited | {"RxNorm", "LOINC"}:
        source = CATALOG.sources[key]
        assert source.name != key and "http" in source.title


def test_a_catalog_without_codes_still_loads(tmp_path: Path) -> None:
    directory = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), directory)
    path = directory / "medication.toml"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("rxnorm =")))
    catalog = load_catalog(directory)
    assert all(m.rxnorm is None and m.rxnorm_sources == () for m in catalog.modalities.values())


DULOXETINE = 'rxnorm = { code = "72625", sources = ["CPIC"] }'


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (
            'rxnorm = { code = "7262S", sources = ["CPIC"] }',
            'modality "duloxetine": rxnorm.code: "7262S" is not an RxNorm code',
        ),
        (
            'rxnorm = { code = "072625", sources = ["CPIC"] }',
            'modality "duloxetine": rxnorm.code: "072625" is not an RxNorm code',
        ),
        (
            'rxnorm = { code = " 72625", sources = ["CPIC"] }',
            'modality "duloxetine": rxnorm.code: " 72625" is not an RxNorm code',
        ),
        (
            'rxnorm = { code = 72625, sources = ["CPIC"] }',
            'modality "duloxetine": rxnorm.code: must be text',
        ),
        ('rxnorm = "72625"', 'modality "duloxetine": rxnorm: must be an object'),
        ('rxnorm = { code = "72625" }', 'modality "duloxetine": rxnorm.sources: missing'),
        ('rxnorm = { code = "72625", sources = [] }', "rxnorm.sources: must name at least one source"),
        (
            'rxnorm = { code = "72625", sources = ["CPCI"] }',
            'modality "duloxetine": rxnorm.sources: unknown source "CPCI"',
        ),
        (
            'rxnorm = { code = "72625", sources = ["CPIC"], display = "duloxetine" }',
            'modality "duloxetine": rxnorm.display: unknown field',
        ),
    ],
    ids=[
        "letter",
        "leading-zero",
        "space",
        "number",
        "bare-text",
        "no-source",
        "empty-sources",
        "typo",
        "extra",
    ],
)
def test_a_malformed_code_is_refused_naming_the_modality(tmp_path: Path, new: str, expected: str) -> None:
    message = broken_catalog(tmp_path, "medication.toml", in_entry("duloxetine", DULOXETINE, new))
    assert expected in message


def test_a_code_outside_the_medication_layer_is_refused(tmp_path: Path) -> None:
    message = broken_catalog(
        tmp_path,
        "physical.toml",
        in_entry(
            "physical-therapy",
            'id = "physical-therapy"\n',
            'id = "physical-therapy"\nrxnorm = { code = "6387", sources = ["CPIC"] }\n',
        ),
    )
    assert 'physical.toml, modality "physical-therapy": rxnorm: only a medicine' in message
