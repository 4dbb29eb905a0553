"""The treatment catalog: complete against docs/clinical-reference.md; refused precisely when broken."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from careplanner.catalog import CatalogError, load_catalog
from careplanner.resources import catalog_dir
from tests.builders import CATALOG

# docs/clinical-reference.md §1: layer -> {id: class}; kinds D, R and X (rescue) listed apart.
CLINICAL_IDS = {
    "medication": {
        "acetaminophen": "analgesic",
        "ibuprofen": "nsaid",
        "naproxen": "nsaid",
        "celecoxib": "nsaid",
        "diclofenac-topical": "nsaid-topical",
        "duloxetine": "snri",
        "venlafaxine": "snri",
        "milnacipran": "snri",
        "amitriptyline": "tca",
        "nortriptyline": "tca",
        "sertraline": "ssri",
        "gabapentin": "gabapentinoid",
        "pregabalin": "gabapentinoid",
        "lidocaine-patch": "topical-anesthetic",
        "capsaicin-patch": "topical-capsaicin",
        "tramadol": "opioid",
        "tapentadol": "opioid",
        "oxycodone": "opioid",
        "morphine": "opioid",
        "hydrocodone": "opioid",
        "hydromorphone": "opioid",
        "methadone": "opioid",
        "codeine": "opioid",
        "fentanyl-patch": "opioid",
        "naloxone": "opioid-reversal",
        "cyclobenzaprine": "muscle-relaxant",
        "tizanidine": "muscle-relaxant",
        "diazepam": "benzodiazepine",
        "clonazepam": "benzodiazepine",
        "lorazepam": "benzodiazepine",
        "alprazolam": "benzodiazepine",
        "temazepam": "benzodiazepine",
        "ketamine-infusion": "nmda-antagonist",
        "low-dose-naltrexone": "opioid-antagonist",
    },
    "psychological": dict.fromkeys(
        [
            "cbt",
            "act",
            "mbsr",
            "pain-reprocessing-therapy",
            "pain-education",
            "self-management",
            "psych-evaluation",
        ]
    ),
    "physical": dict.fromkeys(
        ["physical-therapy", "graded-activity", "occupational-therapy", "aquatic-therapy"]
    ),
    "interventional": dict.fromkeys(
        [
            "medial-branch-block",
            "facet-rfa",
            "facet-injection",
            "esi",
            "peripheral-nerve-block",
            "genicular-rfa",
            "trigger-point-injection",
            "scs-trial",
            "scs-implant",
            "drg-trial",
            "drg-implant",
            "intrathecal-trial",
            "intrathecal-pump",
            "botox-migraine",
        ]
    ),
    "complementary": dict.fromkeys(["acupuncture", "yoga", "tai-chi", "massage", "spinal-manipulation"]),
}
KINDS = {
    "psych-evaluation": "diagnostic",
    "medial-branch-block": "diagnostic",
    "peripheral-nerve-block": "diagnostic",
    "scs-trial": "device-trial",
    "drg-trial": "device-trial",
    "intrathecal-trial": "device-trial",
    "naloxone": "rescue",
}
# docs/clinical-reference.md §2 windows (min, max) and maximum daily doses.
WINDOWS = {
    "duloxetine": (4, 8),
    "amitriptyline": (6, 8),
    "sertraline": (4, 8),
    "gabapentin": (3, 8),
    "pregabalin": (4, 8),
    "naproxen": (2, 4),
    "lidocaine-patch": (2, 4),
    "capsaicin-patch": (2, 12),
    "tramadol": (1, 4),
    "hydromorphone": (1, 4),
    "methadone": (1, 4),
    "codeine": (1, 4),
    "fentanyl-patch": (1, 4),
    "cyclobenzaprine": (1, 3),
    "ketamine-infusion": (1, 12),
    "low-dose-naltrexone": (8, 12),
    "cbt": (8, 12),
    "pain-reprocessing-therapy": (4, 8),
    "pain-education": (4, 12),
    "graded-activity": (4, 12),
    "facet-rfa": (4, 12),
    "esi": (2, 12),
    "trigger-point-injection": (2, 6),
    "scs-implant": (8, 12),
    "botox-migraine": (12, 24),
    "acupuncture": (6, 12),
    "tai-chi": (12, 24),
    "massage": (6, 12),
}
MAX_DOSES = {
    "duloxetine": 120,
    "venlafaxine": 225,
    "milnacipran": 200,
    "amitriptyline": 75,
    "nortriptyline": 75,
    "sertraline": 200,
    "gabapentin": 3600,
    "pregabalin": 600,
    "acetaminophen": 4000,
    "ibuprofen": 3200,
    "naproxen": 1500,
    "celecoxib": 400,
    "tramadol": 400,
    "tapentadol": 600,
}


def test_every_clinical_id_is_in_its_layer_with_its_class() -> None:
    for layer, ids in CLINICAL_IDS.items():
        assert {m.id for m in CATALOG.in_layer(layer)} == set(ids)
        for modality_id, class_id in ids.items():
            if class_id is not None:
                assert CATALOG.modality(modality_id).class_id == class_id
    assert {m.id: m.kind for m in CATALOG.modalities.values() if m.kind != "therapy"} == KINDS


def test_serotonergic_opioids_are_tagged() -> None:
    assert {m.id for m in CATALOG.modalities.values() if "serotonergic" in m.tags} == {
        "tramadol",
        "tapentadol",
    }


@pytest.mark.parametrize(("modality", "window"), WINDOWS.items())
def test_windows_match_the_clinical_reference(modality: str, window: tuple[int, int]) -> None:
    found = CATALOG.modality(modality).window
    assert found is not None and (found.min_weeks, found.max_weeks) == window


def test_maximum_doses_match_the_clinical_reference() -> None:
    assert {m.id: m.max_daily_dose.mg for m in CATALOG.modalities.values() if m.max_daily_dose} == MAX_DOSES
    # acetaminophen: 4000 mg at any age (3000 from 65 is advice, a patient caution); tramadol 300 above 75
    older = {
        m.id: m.older_adult_max_daily_dose
        for m in CATALOG.modalities.values()
        if m.older_adult_max_daily_dose
    }
    assert {key: (limit.mg, limit.from_age) for key, limit in older.items()} == {"tramadol": (300, 76)}


def test_unverified_numbers_are_marked() -> None:
    unverified = {m.id for m in CATALOG.modalities.values() if m.window and m.window.unverified}
    assert {
        "sertraline",
        "aquatic-therapy",
        "yoga",
        "massage",
        "spinal-manipulation",
        "ibuprofen",
    } <= unverified
    assert "duloxetine" not in unverified


def test_benzodiazepines_are_not_pain_treatments() -> None:
    for modality_id in ("diazepam", "clonazepam", "lorazepam", "alprazolam", "temazepam"):
        modality = CATALOG.modality(modality_id)
        assert not modality.is_therapy and not modality.is_foundation and modality.window is None


def test_every_modality_speaks_to_the_patient() -> None:
    for modality in CATALOG.modalities.values():
        text = modality.patient
        assert all((text.what, text.why, text.expect, text.judged, text.if_not_helping, text.sources))


def test_patient_text_leaves_timing_to_the_window() -> None:
    for modality in CATALOG.modalities.values():
        assert not re.search(r"\b\d+\s*(-|to)\s*\d+\s*weeks\b", modality.patient.judged), modality.id


# -- validation --------------------------------------------------------------------------------
def broken_catalog(tmp_path: Path, file_name: str, edit: Callable[[str], str]) -> str:
    directory = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), directory)
    path = directory / file_name
    path.write_text(edit(path.read_text()))
    with pytest.raises(CatalogError) as raised:
        load_catalog(directory)
    return str(raised.value)


def in_entry(entry_id: str, old: str, new: str) -> Callable[[str], str]:
    """Replace `old` by `new` inside one [[modality]] entry only."""

    def edit(text: str) -> str:
        start = text.index(f'id = "{entry_id}"')
        end = text.find("[[modality]]", start)
        end = len(text) if end == -1 else end
        assert old in text[start:end]
        return text[:start] + text[start:end].replace(old, new, 1) + text[end:]

    return edit


@pytest.mark.parametrize(
    ("file_name", "edit", "expected"),
    [
        (
            "medication.toml",
            in_entry("duloxetine", 'name = "Duloxetine"\n', ""),
            'medication.toml, modality "duloxetine": name: missing',
        ),
        (
            "medication.toml",
            in_entry("duloxetine", "min = 4, max = 8", "min = 9, max = 8"),
            'medication.toml, modality "duloxetine": window.min: min (9) is greater than max (8)',
        ),
        (
            "medication.toml",
            in_entry("duloxetine", 'class = "snri"', 'class = "snrri"'),
            'medication.toml, modality "duloxetine": class: unknown class "snrri"',
        ),
        (
            "interventional.toml",
            in_entry("facet-rfa", 'modality = "medial-branch-block"', 'modality = "mbb"'),
            'modality "facet-rfa": prerequisites[0].modality: unknown prerequisite "mbb"',
        ),
        (
            "medication.toml",
            in_entry("duloxetine", 'sources = ["Dw07"]', 'sources = ["Dw08"]'),
            'medication.toml, modality "duloxetine": window.sources: unknown source "Dw08"',
        ),
        (
            "medication.toml",
            in_entry("duloxetine", "max_daily_dose", "max_dialy_dose"),
            'medication.toml, modality "duloxetine": max_dialy_dose: unknown field',
        ),
        (
            "medication.toml",
            in_entry("duloxetine", "min = 4, max = 8", 'min = "4", max = 8'),
            'medication.toml, modality "duloxetine": window.min: must be a whole number',
        ),
    ],
)
def test_a_broken_catalog_names_file_entry_and_field(
    tmp_path: Path, file_name: str, edit: Callable[[str], str], expected: str
) -> None:
    assert expected in broken_catalog(tmp_path, file_name, edit)


def test_a_therapy_without_window_is_refused(tmp_path: Path) -> None:
    message = broken_catalog(
        tmp_path,
        "physical.toml",
        in_entry("graded-activity", 'window = { min = 4, max = 12, sources = ["Riecke13"] }\n', ""),
    )
    assert 'physical.toml, modality "graded-activity": window: missing' in message


def test_missing_patient_text_is_refused(tmp_path: Path) -> None:
    def drop_yoga(text: str) -> str:
        start = text.index("[yoga]")
        return text[:start] + text[text.index("\n[", start + 1) + 1 :]

    assert 'modality "yoga": no patient text' in broken_catalog(tmp_path, "patient.toml", drop_yoga)


def test_unknown_selector_in_the_rules_is_refused(tmp_path: Path) -> None:
    message = broken_catalog(
        tmp_path,
        "rules.toml",
        lambda t: t.replace('second = ["class:benzodiazepine"]', 'second = ["class:benzo"]'),
    )
    assert 'rules.toml: interactions[0]: unknown class "benzo"' in message


def test_a_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    assert "classes.toml: cannot be read" in broken_catalog(
        tmp_path, "classes.toml", lambda t: t + "\n[classes.x\n"
    )


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    directory = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), directory)
    (directory / "sources.toml").unlink()
    with pytest.raises(CatalogError, match=r"sources\.toml: file is missing"):
        load_catalog(directory)
