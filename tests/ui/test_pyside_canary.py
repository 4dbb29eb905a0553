"""Canary for the PySide6 6.12.0 / Python 3.11 defect.

On that pair every void-returning call loses a reference to None; after a few thousand calls the interpreter
aborts. pyproject.toml pins PySide6 below 6.12 on Python < 3.12; this test fails if the pin is ever lost.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QPointF


def test_void_calls_do_not_leak_references_to_none() -> None:
    point = QPointF(0.0, 0.0)
    before = sys.getrefcount(None)
    for step in range(1000):
        point.setX(float(step))
    after = sys.getrefcount(None)
    assert abs(after - before) < 50, f"None lost {before - after} references in 1,000 void calls"
