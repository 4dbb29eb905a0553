"""Printouts with ReportLab: the patient handout and the clinician summary (no Qt here).

The names below load on first use (PEP 562): modules that only need a small part of this package, such as
the date words in `careplanner.reports.dates`, must not pay for importing ReportLab.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careplanner.reports.handout import HandoutOptions, render_handout
    from careplanner.reports.page import ReportError
    from careplanner.reports.settings import ClinicDetails
    from careplanner.reports.summary import SummaryContext, render_summary

_WHERE = {
    "ClinicDetails": "careplanner.reports.settings",
    "HandoutOptions": "careplanner.reports.handout",
    "ReportError": "careplanner.reports.page",
    "SummaryContext": "careplanner.reports.summary",
    "render_handout": "careplanner.reports.handout",
    "render_summary": "careplanner.reports.summary",
}

__all__ = [
    "ClinicDetails",
    "HandoutOptions",
    "ReportError",
    "SummaryContext",
    "render_handout",
    "render_summary",
]


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
