"""Sources in the clinician summary: cited inline by their short names with a number, and listed in full at
the end, numbered in order of first citation. Never by their catalog keys."""

from __future__ import annotations

from collections.abc import Iterable

from careplanner.catalog.model import Catalog


def source_keys(text: str) -> tuple[str, ...]:
    """The keys of a finding's comma-separated `source`."""
    return tuple(key.strip() for key in text.split(",") if key.strip())


class References:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.numbers: dict[str, int] = {}

    def cite(self, keys: Iterable[str]) -> str:
        """e.g. "CDC opioid prescribing guideline, 2022 [1]; FDA benzodiazepine warning, 2016 [2]"."""
        cited = []
        for key in keys:
            number = self.numbers.setdefault(key, len(self.numbers) + 1)
            cited.append(f"{self.catalog.source_names((key,))} [{number}]")
        return "; ".join(cited)

    def listed(self) -> list[str]:
        """The full references, "1. …", in the order they were first cited."""
        return [f"{number}. {self.catalog.references((key,))[0]}" for key, number in self.numbers.items()]
