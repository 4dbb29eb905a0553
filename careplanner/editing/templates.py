"""Plan templates: staged starting plans for common situations, read from resources/templates/*.toml.

A template is a plan without a patient: items with weeks counted from the plan's start, and review weeks.
Every shipped template follows docs/clinical-reference.md §5, so that applying it to a plain document gives no
error and no warning. Loading checks every file against the catalog and collects every problem, like the
catalog loader.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Callable, Container
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from careplanner.catalog import Catalog, default_catalog
from careplanner.domain import PlanDocument, PlanItem, Review
from careplanner.resources import templates_dir
from careplanner.validation import Node, Problem, ProblemSink

TEMPLATE_FIELDS = frozenset({"name", "description", "for_conditions", "sources", "items", "reviews"})
ITEM_FIELDS = frozenset(
    {
        "key",
        "modality",
        "start_week",
        "assess_week",
        "end_week",
        "dose_mg_per_day",
        "region",
        "replaces",
        "notes",
    }
)
_STEM = re.compile(r"^[a-z0-9][a-z0-9-]*$")
T = TypeVar("T")


@dataclass(frozen=True)
class TemplateItem:
    key: str  # unique within the template, e.g. "med"
    modality: str  # catalog id
    start_week: int
    assess_week: int | None
    end_week: int | None = None
    dose_mg_per_day: float | None = None
    region: str | None = None
    replaces: str | None = None  # key of another item of the template
    notes: str | None = None


@dataclass(frozen=True)
class Template:
    id: str  # file stem, e.g. "low-back-radicular"
    name: str
    description: str  # the idea of the staging, for the clinician
    for_conditions: tuple[str, ...]  # condition ids of the catalog this template suits
    sources: tuple[str, ...]  # source keys of the catalog backing the staging
    items: tuple[TemplateItem, ...]
    reviews: tuple[int, ...]


class TemplateError(Exception):
    def __init__(self, directory: Path, problems: list[Problem]) -> None:
        self.problems = problems
        summary = ProblemSink(problems=problems).summary()
        super().__init__(f"The plan templates in {directory} are not valid:\n{summary}")


def _optional_text(node: Node, name: str) -> str | None:
    child = node.get(name)
    return child.as_text() if child else None


def _optional_week(node: Node, name: str, start: int) -> int | None:
    child = node.get(name)
    if child is None:
        return None
    week = child.as_int(minimum=0)
    if week < start:
        child.fail(f"week {week} is before the start week {start}")
    return week


def _known(node: Node, value: str, known: Container[str], what: str) -> str:
    if value not in known:
        node.fail(f'unknown {what} "{value}"')
    return value


def _parse_item(node: Node, catalog: Catalog) -> TemplateItem:
    node.reject_unknown(ITEM_FIELDS)
    modality = node.require("modality")
    start = node.require("start_week").as_int(minimum=0)
    dose = node.get("dose_mg_per_day")
    return TemplateItem(
        key=node.require("key").as_id(),
        modality=_known(modality, modality.as_id(), catalog.modalities, "modality"),
        start_week=start,
        assess_week=_optional_week(node, "assess_week", start),
        end_week=_optional_week(node, "end_week", start),
        dose_mg_per_day=dose.as_number(minimum=0) if dose else None,
        region=_optional_text(node, "region"),
        replaces=_optional_text(node, "replaces"),
        notes=_optional_text(node, "notes"),
    )


def _parse_items(root: Node, catalog: Catalog) -> tuple[TemplateItem, ...] | None:
    """Every item is read (one problem per item); None when any of them was not valid."""
    sink, before = root.sink, len(root.sink.problems)
    nodes = root.require("items").items()
    if not nodes:
        root.require("items").fail("must list at least one item")
    parsed: list[tuple[Node, TemplateItem]] = []
    for node in nodes:
        with sink.guard():
            parsed.append((node, _parse_item(node, catalog)))
    keys: set[str] = set()
    for node, template_item in parsed:
        if template_item.key in keys:
            sink.add(node.context, f"{node.path}.key", f'duplicate key "{template_item.key}"')
        keys.add(template_item.key)
    for node, template_item in parsed:
        if template_item.replaces is None:
            continue
        if template_item.replaces == template_item.key:
            sink.add(node.context, f"{node.path}.replaces", "an item cannot replace itself")
        elif template_item.replaces not in keys:
            sink.add(node.context, f"{node.path}.replaces", f'names no item key "{template_item.replaces}"')
    if len(sink.problems) > before:
        return None
    return tuple(template_item for _, template_item in parsed)


def _parse_ids(root: Node, name: str, known: Container[str], what: str) -> tuple[str, ...]:
    """A list of ids that must exist in the catalog; every unknown one is reported."""
    field = root.require(name)
    ids = field.as_texts()
    if not ids:
        field.fail("must name at least one")
    for index, value in enumerate(ids):
        if value not in known:
            root.sink.add(root.context, f"{name}[{index}]", f'unknown {what} "{value}"')
    return ids


def _guarded(sink: ProblemSink, read: Callable[[], T]) -> T | None:
    """The value read, or None when it was not valid (the problem is in the sink)."""
    with sink.guard():
        return read()
    return None


def _parse_template(path: Path, catalog: Catalog, sink: ProblemSink) -> Template | None:
    name = path.name
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        sink.add(name, "", f"cannot be read: {error}")
        return None
    before = len(sink.problems)
    root = Node(data, "", sink, name)
    if not _STEM.match(path.stem):
        sink.add(name, "", "the file name is not an id (lower-case letters, digits and hyphens)")
    root.reject_unknown(TEMPLATE_FIELDS)
    title = _guarded(sink, lambda: root.require("name").as_text())
    description = _guarded(sink, lambda: root.require("description").as_text())
    conditions = _guarded(sink, lambda: _parse_ids(root, "for_conditions", catalog.conditions, "condition"))
    sources = _guarded(sink, lambda: _parse_ids(root, "sources", catalog.sources, "source"))
    items = _guarded(sink, lambda: _parse_items(root, catalog))
    reviews = _guarded(
        sink, lambda: tuple(node.as_int(minimum=0) for node in root.require("reviews").items())
    )
    if len(sink.problems) > before:
        return None
    if title is None or description is None or conditions is None or sources is None:
        return None
    if items is None or reviews is None:
        return None
    return Template(path.stem, title, description, conditions, sources, items, reviews)


def load_templates(catalog: Catalog, directory: Path | None = None) -> tuple[Template, ...]:
    """Every template of the directory, sorted by name; a `TemplateError` lists every problem found."""
    directory = directory or templates_dir()
    sink = ProblemSink()
    templates: list[Template] = []
    if not directory.is_dir():
        sink.add(str(directory), "", "the templates directory is missing")
    for path in sorted(directory.glob("*.toml")) if directory.is_dir() else []:
        template = _parse_template(path, catalog, sink)
        if template is not None:
            templates.append(template)
    seen: dict[str, str] = {}
    for template in templates:
        if template.name in seen:
            sink.add(
                f"{template.id}.toml", "name", f'"{template.name}" is also the name of {seen[template.name]}'
            )
        seen.setdefault(template.name, f"{template.id}.toml")
    if sink.problems:
        raise TemplateError(directory, sink.problems)
    return tuple(sorted(templates, key=lambda template: (template.name.casefold(), template.id)))


@cache
def default_templates() -> tuple[Template, ...]:
    """The shipped templates, loaded once per process."""
    return load_templates(default_catalog())


def apply_template(document: PlanDocument, template: Template) -> PlanDocument:
    """The document with the template's items and reviews as its plan (same start; acknowledgements cleared).

    Items get the ids "i1", "i2", ... in template order; `replaces` keys become those ids. The patient,
    history, baseline, goals and check-ins are kept as they are.
    """
    ids = {template_item.key: f"i{number}" for number, template_item in enumerate(template.items, start=1)}
    items = tuple(
        PlanItem(
            id=ids[template_item.key],
            modality=template_item.modality,
            start_week=template_item.start_week,
            assess_week=template_item.assess_week,
            end_week=template_item.end_week,
            dose_mg_per_day=template_item.dose_mg_per_day,
            region=template_item.region,
            replaces=ids[template_item.replaces] if template_item.replaces else None,
            notes=template_item.notes,
        )
        for template_item in template.items
    )
    plan = dataclasses.replace(
        document.plan,
        items=items,
        reviews=tuple(Review(week) for week in template.reviews),
        acknowledged=(),
    )
    return dataclasses.replace(document, plan=plan)
