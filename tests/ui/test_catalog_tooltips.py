"""The catalog's tooltip says what an entry that is not a pain therapy is."""

from __future__ import annotations

import pytest

from careplanner.catalog import default_catalog
from careplanner.ui.plan.catalog_panel import modality_tooltip

CATALOG = default_catalog()


@pytest.mark.parametrize(
    ("modality", "words"),
    [
        ("medial-branch-block", "A diagnostic test"),
        ("scs-trial", "A device trial"),
        ("naloxone", "A rescue medicine"),
    ],
)
def test_an_entry_that_is_not_a_therapy_says_what_it_is(modality: str, words: str) -> None:
    assert words in modality_tooltip(CATALOG, CATALOG.modality(modality))


def test_a_therapy_says_none_of_that() -> None:
    tooltip = modality_tooltip(CATALOG, CATALOG.modality("duloxetine"))
    assert not any(words in tooltip for words in ("diagnostic", "device trial", "rescue"))
