"""Suggested file names built from free text stay in the folder the user chose."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careplanner.file_names import MAX_STEM, safe_file_stem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DEMO-0001", "DEMO-0001"),
        ("../../etc/passwd", "etc_passwd"),
        ("C:\\temp\\evil", "C_temp_evil"),
        (".hidden", "hidden"),
        ("...", "plan"),
        ("", "plan"),
        ("Łódź 12/3", "Łódź_12_3"),
    ],
)
def test_known_names(text: str, expected: str) -> None:
    assert safe_file_stem(text) == expected


@given(st.text(max_size=300))
def test_any_text_gives_a_plain_name_inside_the_folder(text: str) -> None:
    stem = safe_file_stem(text)
    folder = Path("/chosen/folder")
    target = folder / f"handout-{stem}.pdf"
    assert target.parent == folder
    assert "/" not in stem and "\\" not in stem and ".." not in stem
    assert stem and not stem.startswith(".") and len(stem) <= MAX_STEM
