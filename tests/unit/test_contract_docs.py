"""The published contract keeps step with the code: every rule, severity, modality and source documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careplanner.checks.registry import all_rules
from tests.builders import CATALOG

ROOT = Path(__file__).resolve().parents[2]
PLAN_FORMAT = ROOT / "docs" / "plan-format.md"
CLINICAL = ROOT / "docs" / "clinical-reference.md"
RULE_ROW = re.compile(r"^\| ([A-Z]+(?:-[A-Z0-9]+)+) \| ([^|]+) \|", re.M)


def _section(text: str, heading: str) -> str:
    """The text under a `## heading` (up to the next heading of the same level)."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no section '## {heading}'"
    return match.group(1)


def documented_rules() -> dict[str, str]:
    rows = RULE_ROW.findall(_section(PLAN_FORMAT.read_text(encoding="utf-8"), "3. The rules"))
    ids = [rule_id for rule_id, _ in rows]
    assert len(ids) == len(set(ids)), "a rule is documented twice"
    return dict(rows)


def test_every_rule_is_documented_with_its_severity() -> None:
    documented = documented_rules()
    registered = {rule.id: rule.severity for rule in all_rules()}
    assert set(documented) == set(registered)
    wrong = {
        rule_id: (cell, registered[rule_id])
        for rule_id, cell in documented.items()
        if not cell.strip().startswith(registered[rule_id])
    }
    assert wrong == {}


def test_the_clinical_reference_keeps_its_section_numbers() -> None:
    headings = re.findall(r"^##+ (\d[a-d]?)\. ", CLINICAL.read_text(encoding="utf-8"), re.M)
    assert headings == ["1", "2", "3", "4", "4a", "4b", "4c", "4d", "5", "6", "7"]


def test_every_source_key_of_the_catalog_is_listed_in_section_7() -> None:
    listed = _section(CLINICAL.read_text(encoding="utf-8"), "7. Sources")
    keys_cells = ",".join(row.split("|")[1] for row in listed.splitlines() if row.startswith("| "))
    keys = {key.strip() for key in keys_cells.split(",")}
    assert set(CATALOG.sources) - keys == set()


def test_every_catalog_modality_is_in_section_1() -> None:
    layers = _section(CLINICAL.read_text(encoding="utf-8"), "1. Layers and modality ids")
    named = set(re.findall(r"[a-z][a-z0-9-]+", layers))
    assert set(CATALOG.modalities) - named == set()


@pytest.mark.parametrize("path", [PLAN_FORMAT, CLINICAL, ROOT / "README.md"], ids=lambda path: path.name)
def test_the_documents_refer_only_to_files_in_the_repository(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "../shared" not in text
    for target in re.findall(r"\]\(([^)#:]+)\)", text):
        assert (path.parent / target).exists(), f"{path.name} links to {target}, which does not exist"
