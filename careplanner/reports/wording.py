"""The handout's fixed wording (resources/catalog/handout.toml): loaded once, every key checked."""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from careplanner.resources import catalog_dir

SENTENCE_ENDS = (".", "?", "!")


class Wording:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def __call__(self, section: str, key: str, **values: str) -> str:
        node: Any = self.data
        for part in section.split("."):
            node = node[part]
        text = node[key]
        if not isinstance(text, str):
            raise TypeError(f"handout.toml: {section}.{key} is not text")
        return text.format(**values) if values else text

    def texts_of(self, section: str, key: str) -> list[str]:
        node: Any = self.data
        for part in section.split("."):
            node = node[part]
        values = node[key]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise TypeError(f"handout.toml: {section}.{key} is not a list of text")
        return values

    def sources(self) -> set[str]:
        found: set[str] = set()

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                found.update(node.get("sources", ()))
                for value in node.values():
                    walk(value)

        walk(self.data)
        return found

    def _strings(self) -> list[str]:
        found: list[str] = []

        def walk(node: Any) -> None:
            for key, value in node.items():
                if isinstance(value, dict):
                    walk(value)
                elif isinstance(value, str):
                    found.append(value)
                elif isinstance(value, list) and key != "sources":
                    found.extend(str(v) for v in value)

        walk(self.data)
        return found

    def texts(self) -> list[str]:
        """Every sentence a patient reads (for the readability tests)."""
        return [text for text in self._strings() if text.rstrip().endswith(SENTENCE_ENDS)]

    def labels(self) -> list[str]:
        """Titles, headings, column names and marks: words a patient reads that are not sentences."""
        return [text for text in self._strings() if not text.rstrip().endswith(SENTENCE_ENDS)]


@cache
def handout_wording() -> Wording:
    with (catalog_dir() / "handout.toml").open("rb") as handle:
        return Wording(tomllib.load(handle))
