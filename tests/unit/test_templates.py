"""Plan templates: every shipped one loads and passes the checks; apply_template; precise loading errors."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from careplanner.checks import check_plan
from careplanner.domain import Goal, Measurement, PegScores, PlanDocument, Review
from careplanner.editing import (
    Template,
    TemplateError,
    TemplateItem,
    apply_template,
    default_templates,
    load_templates,
)
from careplanner.resources import templates_dir
from tests.builders import CATALOG, ack, document, item, on_week, past, weeks_before_start

REQUIRED_IDS = {
    "low-back-radicular",
    "neuropathic-pain",
    "chronic-primary-pain",
    "knee-osteoarthritis",
    "crps",
}
TEMPLATES = default_templates()
NG193_AVOID = CATALOG.rules.guidance.modalities


def by_id(template_id: str) -> Template:
    return next(template for template in TEMPLATES if template.id == template_id)


# -- the shipped templates ------------------------------------------------------------------------------


def test_every_shipped_template_loads_sorted_by_name() -> None:
    files = {path.stem for path in templates_dir().glob("*.toml")}
    assert {template.id for template in TEMPLATES} == files
    assert files >= REQUIRED_IDS
    names = [template.name.casefold() for template in TEMPLATES]
    assert names == sorted(names)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda template: template.id)
def test_applied_template_gives_no_error_and_no_warning(template: Template) -> None:
    doc = apply_template(document(conditions=template.for_conditions, age=50), template)
    report = check_plan(doc, CATALOG)
    loud = [f for f in report.findings if f.severity in {"error", "warning"}]
    assert loud == [], "\n".join(f"{f.severity} {f.rule} {f.items}: {f.message}" for f in loud)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda template: template.id)
def test_template_follows_the_staging(template: Template) -> None:
    modalities = [CATALOG.modality(t_item.modality) for t_item in template.items]
    foundation = [m for m, t_item in zip(modalities, template.items, strict=True) if t_item.start_week == 0]
    assert {m.layer for m in foundation if m.is_therapy} == {"medication", "psychological"}
    assert not any(m.class_id == "opioid" for m in modalities)
    assert any(1 <= week <= 12 for week in template.reviews)
    assert template.description.strip() and template.for_conditions and template.sources


def test_chronic_primary_pain_template_avoids_what_ng193_advises_against() -> None:
    template = by_id("chronic-primary-pain")
    assert "chronic-primary-pain" in template.for_conditions
    assert not {t_item.modality for t_item in template.items} & NG193_AVOID
    doc = apply_template(document(conditions=template.for_conditions), template)
    assert not [f for f in check_plan(doc, CATALOG).findings if f.rule == "GUIDE-CPP"]


def test_interventional_items_name_their_region() -> None:
    esi = next(t_item for t_item in by_id("low-back-radicular").items if t_item.modality == "esi")
    assert esi.region == "lumbar"
    crps = by_id("crps")
    assert {t_item.region for t_item in crps.items if t_item.modality.startswith("drg-")} == {"lumbar"}


# -- apply_template -------------------------------------------------------------------------------------

SMALL = Template(
    id="small",
    name="Small",
    description="A test template.",
    for_conditions=("neuropathic-pain",),
    sources=("CG173",),
    items=(
        TemplateItem("med", "duloxetine", 0, 6, dose_mg_per_day=60, notes="30 mg first"),
        TemplateItem("psy", "cbt", 0, 10),
        TemplateItem("switch", "pregabalin", 6, 12, end_week=30, dose_mg_per_day=300, replaces="med"),
        TemplateItem("esi", "esi", 8, 12, region="lumbar"),
    ),
    reviews=(4, 12),
)


def rich_document() -> PlanDocument:
    doc = document(
        [item("old1", "amitriptyline", 0, 7), item("old2", "yoga", 8, 16, goal_ids=("g1",))],
        history=[past("gabapentin", weeks_before_start(30), weeks_before_start(10), "failed")],
        conditions=["neuropathic-pain"],
        reviews=[2, 8],
        acknowledged=[ack("SEQ-CROWDING", "old1", "old2")],
        goals=[Goal("g1", "Walk to the shop", 12)],
    )
    return dataclasses.replace(
        doc,
        baseline=Measurement(weeks_before_start(1), PegScores(7, 6, 7), sleep=4, mood=5),
        checkins=(Measurement(on_week(2), PegScores(6, 6, 6)),),
    )


def test_apply_template_numbers_items_and_translates_replaces() -> None:
    applied = apply_template(rich_document(), SMALL)
    items = applied.plan.items
    assert [i.id for i in items] == ["i1", "i2", "i3", "i4"]
    assert [i.modality for i in items] == ["duloxetine", "cbt", "pregabalin", "esi"]
    assert items[2].replaces == "i1"
    assert all(i.replaces is None for i in (items[0], items[1], items[3]))
    assert (items[2].start_week, items[2].assess_week, items[2].end_week, items[2].dose_mg_per_day) == (
        6,
        12,
        30,
        300,
    )
    assert items[0].notes == "30 mg first" and items[3].region == "lumbar"
    assert all(i.goal_ids == () and i.assessed is None for i in items)


def test_apply_template_sets_reviews_clears_acknowledgements_keeps_the_rest() -> None:
    original = rich_document()
    applied = apply_template(original, SMALL)
    assert applied.plan.reviews == (Review(4), Review(12))
    assert applied.plan.acknowledged == ()
    assert applied.plan.start == original.plan.start
    for part in ("patient", "history", "baseline", "goals", "checkins"):
        assert getattr(applied, part) == getattr(original, part)
    assert len(original.plan.items) == 2  # the original is unchanged


# -- validation -----------------------------------------------------------------------------------------


def broken_copy(tmp_path: Path, template_id: str, edit: tuple[str, str], count: int = 1) -> Path:
    """A directory holding the shipped templates, with one text replacement in `template_id`.toml."""
    directory = tmp_path / "templates"
    shutil.copytree(templates_dir(), directory)
    path = directory / f"{template_id}.toml"
    text = path.read_text()
    old, new = edit
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count))
    return directory


def load_error(directory: Path) -> str:
    with pytest.raises(TemplateError) as raised:
        load_templates(CATALOG, directory)
    return str(raised.value)


def test_shipped_copy_loads_from_another_directory(tmp_path: Path) -> None:
    directory = tmp_path / "templates"
    shutil.copytree(templates_dir(), directory)
    assert load_templates(CATALOG, directory) == TEMPLATES


@pytest.mark.parametrize(
    ("template_id", "edit", "expected"),
    [
        (
            "crps",
            ('modality = "drg-trial"', 'modality = "drg"'),
            'crps.toml: items[4].modality: unknown modality "drg"',
        ),
        (
            "neuropathic-pain",
            ("assess_week = 12\ndose_mg_per_day = 300", "assess_week = 2\ndose_mg_per_day = 300"),
            "neuropathic-pain.toml: items[2].assess_week: week 2 is before the start week 6",
        ),
        (
            "knee-osteoarthritis",
            ('key = "physio"', 'key = "med"'),
            'knee-osteoarthritis.toml: items[2].key: duplicate key "med"',
        ),
        (
            "neuropathic-pain",
            ('replaces = "med"', 'replaces = "medication"'),
            'neuropathic-pain.toml: items[2].replaces: names no item key "medication"',
        ),
        (
            "crps",
            ("start_week = 16\n", "start_week = 16\nstart = 3\n"),
            "crps.toml: items[4].start: unknown field",
        ),
        ("crps", ("reviews = ", "review_weeks = [1]\nreviews = "), "crps.toml: review_weeks: unknown field"),
        (
            "chronic-primary-pain",
            ('"fibromyalgia"]', '"fibro"]'),
            'chronic-primary-pain.toml: for_conditions[1]: unknown condition "fibro"',
        ),
        ("crps", ('"ACCURATE"', '"ACURATE"'), 'crps.toml: sources[2]: unknown source "ACURATE"'),
        (
            "crps",
            ("start_week = 6\n", "start_week = 6.5\n"),
            "crps.toml: items[2].start_week: must be a whole number",
        ),
        (
            "crps",
            ("start_week = 6\n", "start_week = -1\n"),
            "crps.toml: items[2].start_week: -1 is below the minimum of 0",
        ),
        (
            "crps",
            ("assess_week = 30", "end_week = 10"),
            "crps.toml: items[5].end_week: week 10 is before the start week 20",
        ),
        ("crps", ('name = "Complex', 'title = "Complex'), "crps.toml: name: missing"),
    ],
)
def test_broken_template_names_file_and_field(
    tmp_path: Path, template_id: str, edit: tuple[str, str], expected: str
) -> None:
    assert expected in load_error(broken_copy(tmp_path, template_id, edit))


def test_all_problems_are_collected_across_items_and_files(tmp_path: Path) -> None:
    directory = broken_copy(tmp_path, "crps", ('modality = "drg-trial"', 'modality = "drg"'))
    text = (directory / "neuropathic-pain.toml").read_text()
    text = text.replace('modality = "cbt"', 'modality = "cbtx"').replace('replaces = "med"', 'replaces = "x"')
    (directory / "neuropathic-pain.toml").write_text(text)
    message = load_error(directory)
    assert 'crps.toml: items[4].modality: unknown modality "drg"' in message
    assert 'neuropathic-pain.toml: items[1].modality: unknown modality "cbtx"' in message
    assert 'neuropathic-pain.toml: items[2].replaces: names no item key "x"' in message


def test_unreadable_file_and_bad_file_name_are_reported(tmp_path: Path) -> None:
    directory = tmp_path / "templates"
    shutil.copytree(templates_dir(), directory)
    (directory / "broken.toml").write_text("name = [unclosed")
    shutil.copy(directory / "crps.toml", directory / "CRPS_copy.toml")
    message = load_error(directory)
    assert re.search(r"broken\.toml: cannot be read", message)
    assert "CRPS_copy.toml: the file name is not an id" in message


def test_missing_directory_is_reported(tmp_path: Path) -> None:
    assert "the templates directory is missing" in load_error(tmp_path / "nowhere")
