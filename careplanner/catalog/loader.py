"""Loading and validating the catalog from resources/catalog/*.toml.

Any problem (a missing field, a window with min > max, an unknown class, prerequisite or source) stops the
load with a `CatalogError` that names the file, the entry and the field of every problem found.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from careplanner.catalog.crosscheck import CrossCheck
from careplanner.catalog.model import (
    LAYERS,
    Catalog,
    Condition,
    DrugClass,
    Modality,
    PatientText,
    RuleTables,
    Source,
)
from careplanner.catalog.opioid_dose import load_opioid_dose
from careplanner.catalog.parse_modality import parse_modality, parse_patient_text
from careplanner.catalog.parse_rules import parse_rule_tables
from careplanner.catalog.safety_tables import load_safety_tables
from careplanner.resources import catalog_dir
from careplanner.validation import Node, Problem, ProblemSink


class CatalogError(Exception):
    def __init__(self, directory: Path, problems: list[Problem]) -> None:
        self.problems = problems
        sink = ProblemSink(problems=problems)
        super().__init__(f"The treatment catalog in {directory} is not valid:\n{sink.summary()}")


def _read_toml(directory: Path, name: str, sink: ProblemSink) -> Node | None:
    path = directory / name
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        sink.add(name, "", "file is missing")
        return None
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        sink.add(name, "", f"cannot be read: {error}")
        return None
    return Node(data, "", sink, name)


def _keyed_tables(root: Node | None, table: str) -> list[tuple[str, Node]]:
    if root is None:
        return []
    with root.sink.guard():
        return root.require(table).entries()
    return []


def _load_sources(directory: Path, sink: ProblemSink) -> dict[str, Source]:
    sources = {}
    for key, node in _keyed_tables(_read_toml(directory, "sources.toml", sink), "sources"):
        with sink.guard():
            node.reject_unknown(frozenset({"title", "name"}))
            sources[key] = Source(key, node.require("title").as_text(), node.require("name").as_text())
    return sources


def _load_classes(directory: Path, sink: ProblemSink) -> dict[str, DrugClass]:
    classes = {}
    for key, node in _keyed_tables(_read_toml(directory, "classes.toml", sink), "classes"):
        with sink.guard():
            node.reject_unknown(frozenset({"name", "pain_treatment"}))
            flag = node.get("pain_treatment")
            classes[key] = DrugClass(key, node.require("name").as_text(), flag.as_bool() if flag else True)
    return classes


def _load_conditions(directory: Path, sink: ProblemSink) -> dict[str, Condition]:
    conditions = {}
    for key, node in _keyed_tables(_read_toml(directory, "conditions.toml", sink), "conditions"):
        with sink.guard():
            node.reject_unknown(frozenset({"name", "read_by_checks", "neuropathic"}))
            read, neuropathic = node.get("read_by_checks"), node.get("neuropathic")
            conditions[key] = Condition(
                key,
                node.require("name").as_text(),
                read_by_checks=read.as_bool() if read else False,
                neuropathic=neuropathic.as_bool() if neuropathic else False,
            )
    return conditions


def _load_patient_texts(directory: Path, sink: ProblemSink) -> dict[str, PatientText]:
    root = _read_toml(directory, "patient.toml", sink)
    texts = {}
    for key, node in root.entries() if root else []:
        with sink.guard():
            node.context = f'patient.toml, entry "{key}"'
            node.path = ""
            texts[key] = parse_patient_text(node)
    return texts


def _load_layer(
    directory: Path,
    layer: str,
    sink: ProblemSink,
    classes: dict[str, DrugClass],
    texts: dict[str, PatientText],
    into: dict[str, tuple[str, Modality]],
) -> None:
    name = f"{layer}.toml"
    root = _read_toml(directory, name, sink)
    if root is None:
        return
    with sink.guard():
        declared = root.require("layer").as_text()
        if declared != layer:
            root.require("layer").fail(f'says "{declared}" but the file is the {layer} layer')
        for index, entry in enumerate(root.require("modality").items()):
            _load_entry(entry, index, name, layer, classes, texts, into)


def _load_entry(
    entry: Node,
    index: int,
    file_name: str,
    layer: str,
    classes: dict[str, DrugClass],
    texts: dict[str, PatientText],
    into: dict[str, tuple[str, Modality]],
) -> None:
    sink = entry.sink
    with sink.guard():
        raw_id = entry.get("id")
        label = f'"{raw_id.value}"' if raw_id and isinstance(raw_id.value, str) else f"[{index}]"
        entry.context, entry.path = f"{file_name}, modality {label}", ""
        modality_id = entry.require("id").as_id()
        if modality_id in into:
            entry.require("id").fail(f"duplicate id (also in {into[modality_id][0]})")
        if modality_id not in texts:
            entry.fail("no patient text for this modality in patient.toml")
        drug_class = classes.get(entry.require("class").as_id())
        pain_treatment = drug_class.pain_treatment if drug_class else True
        into[modality_id] = (entry.context, parse_modality(entry, layer, texts[modality_id], pain_treatment))


def _load_rules(directory: Path, sink: ProblemSink) -> RuleTables | None:
    root = _read_toml(directory, "rules.toml", sink)
    if root is None:
        return None
    with sink.guard():
        return parse_rule_tables(root)
    return None


def load_catalog(directory: Path | None = None) -> Catalog:
    directory = directory or catalog_dir()
    sink = ProblemSink()
    sources = _load_sources(directory, sink)
    classes = _load_classes(directory, sink)
    conditions = _load_conditions(directory, sink)
    texts = _load_patient_texts(directory, sink)
    found: dict[str, tuple[str, Modality]] = {}
    for layer in LAYERS:
        _load_layer(directory, layer, sink, classes, texts, found)
    rules = _load_rules(directory, sink)
    for extra in sorted(texts.keys() - found.keys()):
        sink.add("patient.toml", extra, "patient text for a modality that is not in the catalog")
    check = CrossCheck(sink, found, classes, conditions, sources)
    for context, modality in found.values():
        check.modality(context, modality)
    if rules is not None:
        check.rules(rules)
    safety = load_safety_tables(
        lambda name: _read_toml(directory, name, sink), sink, found, classes, conditions, sources
    )
    opioid_dose = load_opioid_dose(
        lambda name: _read_toml(directory, name, sink), sink, found, classes, conditions, sources
    )
    if sink.problems or rules is None:
        raise CatalogError(directory, sink.problems)
    modalities = {modality_id: modality for modality_id, (_, modality) in found.items()}
    return Catalog(modalities, classes, conditions, sources, rules, safety, opioid_dose)


@cache
def default_catalog() -> Catalog:
    """The shipped catalog, loaded once per process."""
    return load_catalog()
