"""The opioid dose table (opioid_dose.toml): exact factors from docs/clinical-reference.md §4a, refused when
broken with the file and field named."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from careplanner.catalog import CatalogError, load_catalog
from careplanner.resources import catalog_dir
from tests.builders import CATALOG

# docs/clinical-reference.md §4a: MME a day per mg a day (per mcg an hour for the fentanyl patch).
FACTORS = {
    "morphine": ("1", "mg/day"),
    "hydrocodone": ("1", "mg/day"),
    "oxycodone": ("1.5", "mg/day"),
    "hydromorphone": ("5", "mg/day"),
    "methadone": ("4.7", "mg/day"),
    "tapentadol": ("0.4", "mg/day"),
    "tramadol": ("0.2", "mg/day"),
    "codeine": ("0.15", "mg/day"),
    "fentanyl-patch": ("2.4", "mcg/h"),
}


def test_factors_match_the_clinical_reference_exactly() -> None:
    table = CATALOG.opioid_dose
    found = {m: (factor.factor, factor.dose_unit) for m, factor in table.factors.items()}
    assert found == {m: (Decimal(f), unit) for m, (f, unit) in FACTORS.items()}
    assert all(factor.sources == ("CDC22",) for factor in table.factors.values())


def test_every_opioid_of_the_catalog_has_a_factor() -> None:
    opioids = {m.id for m in CATALOG.modalities.values() if m.class_id == "opioid"}
    assert opioids == set(CATALOG.opioid_dose.factors)


def test_threshold_and_naloxone_triggers() -> None:
    table = CATALOG.opioid_dose
    assert (table.threshold.per_day, table.threshold.from_age) == (Decimal(50), 18)
    naloxone = table.naloxone
    assert naloxone.modality == "naloxone" and CATALOG.modality("naloxone").is_rescue
    assert set(naloxone.conditions) == {
        "substance-use-disorder",
        "opioid-overdose-history",
        "sleep-disordered-breathing",
    }
    assert naloxone.taken_with.classes == {"benzodiazepine"}
    assert set(naloxone.sources) == {"CDC22", "CDC-IG", "FDA-NAL20"}


def broken(tmp_path: Path, edit: Callable[[str], str]) -> str:
    directory = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), directory)
    path = directory / "opioid_dose.toml"
    text = path.read_text()
    changed = edit(text)
    assert changed != text
    path.write_text(changed)
    with pytest.raises(CatalogError) as raised:
        load_catalog(directory)
    return str(raised.value)


def drop_factor(modality: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        start = text.index(f'[[factors]]\nmodality = "{modality}"')
        end = text.index("[[factors]]", start + 1)
        return text[:start] + text[end:]

    return edit


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (drop_factor("codeine"), 'opioid_dose.toml: factors: the opioid "codeine" has no MME factor'),
        (
            lambda t: t.replace('modality = "codeine"', 'modality = "gabapentin"'),
            'opioid_dose.toml: factors "gabapentin".modality: is not of the class opioid',
        ),
        (
            lambda t: t.replace('modality = "codeine"', 'modality = "oxycodone"'),
            'factors[7].modality: "oxycodone" has a factor already',
        ),
        (
            lambda t: t.replace('dose_unit = "mcg/h"', 'dose_unit = "mg/day"'),
            'factors "fentanyl-patch".dose_unit: is mg/day but the modality is dosed in mcg/h',
        ),
        (lambda t: t.replace("factor = 0.15", "factor = 0"), "factors[7].factor: must be above 0"),
        (lambda t: t.replace("factor = 0.15", 'factor = "0.15"'), "factors[7].factor: must be a number"),
        (
            lambda t: t.replace('"sleep-disordered-breathing"', '"sleep-apnoea"'),
            'naloxone.conditions: unknown condition "sleep-apnoea"',
        ),
        (
            lambda t: t.replace('classes = ["benzodiazepine"]', 'classes = ["benzo"]'),
            'naloxone.taken_with.classes: unknown class "benzo"',
        ),
        (
            lambda t: t.replace('"FDA-NAL20"', '"FDA-NAL21"'),
            'naloxone.sources: unknown source "FDA-NAL21"',
        ),
        (lambda t: t.replace("from_age = 18", "form_age = 18"), "mme.form_age: unknown field"),
    ],
)
def test_a_broken_table_names_file_and_field(
    tmp_path: Path, edit: Callable[[str], str], expected: str
) -> None:
    assert expected in broken(tmp_path, edit)


def test_a_missing_table_is_named(tmp_path: Path) -> None:
    directory = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), directory)
    (directory / "opioid_dose.toml").unlink()
    with pytest.raises(CatalogError, match=r"opioid_dose\.toml: file is missing"):
        load_catalog(directory)
