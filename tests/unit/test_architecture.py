"""The shape of the code base: a Qt-free core, a complete package list, a README test command CI runs."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "careplanner"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_ui_package_imports_qt() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        and any(name.split(".")[0] in {"PySide6", "shiboken6"} for name in imported_modules(path))
    ]
    assert offenders == []


def test_the_core_does_not_import_the_store_or_the_ui() -> None:
    core = (
        "catalog",
        "changes",
        "domain",
        "checks",
        "documents",
        "editing",
        "followup",
        "outcomes",
        "reports",
        "team",
        "interop",
    )
    offenders = []
    for package in core:
        for path in (PACKAGE / package).rglob("*.py") if (PACKAGE / package).exists() else []:
            for name in imported_modules(path):
                if name.startswith(("careplanner.store", "careplanner.ui", "sqlalchemy")):
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_every_package_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(path.parent.relative_to(ROOT).parts) for path in PACKAGE.rglob("__init__.py")}
    assert found | {"careplanner_resources"} == listed


def test_ci_runs_the_test_command_written_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"<!-- test-command -->\s*```\w*\n(.+?)\n```", readme, re.S)
    assert match, "README.md marks its test command with <!-- test-command -->"
    assert match.group(1).strip() in (ROOT / ".ci" / "run").read_text()
