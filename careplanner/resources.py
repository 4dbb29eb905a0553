"""Where the shipped data files (resources/ in the source tree, careplanner_resources when installed) live."""

from __future__ import annotations

import importlib.resources
from functools import cache
from pathlib import Path


@cache
def resource_dir() -> Path:
    return Path(str(importlib.resources.files("careplanner_resources")))


def catalog_dir() -> Path:
    return resource_dir() / "catalog"


def examples_dir() -> Path:
    return resource_dir() / "examples"


def templates_dir() -> Path:
    return resource_dir() / "templates"
