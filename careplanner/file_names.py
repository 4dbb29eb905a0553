"""File names suggested from free text (a record number, a patient's name): never a path of their own."""

from __future__ import annotations

import re
import unicodedata

MAX_STEM = 80
_UNSAFE = re.compile(r"[^\w.-]+")


def safe_file_stem(text: str, fallback: str = "plan") -> str:
    """Letters, digits, '-', '_' and '.' only: no folder separators, no leading dots, nothing hidden.

    A record number like "../../etc/x" or "C:\\temp\\x" becomes "etc_x" or "C_temp_x", so the suggested
    file lands in the folder the user chose, whatever the record says.
    """
    normalised = unicodedata.normalize("NFKC", text)
    stem = _UNSAFE.sub("_", normalised).strip("._-")
    stem = re.sub(r"\.{2,}", ".", stem)[:MAX_STEM].strip("._-")
    return stem or fallback
