"""Printouts with ReportLab: the patient handout and the clinician summary (no Qt here)."""

from careplanner.reports.handout import HandoutOptions, render_handout
from careplanner.reports.page import ReportError
from careplanner.reports.settings import ClinicDetails
from careplanner.reports.summary import SummaryContext, render_summary

__all__ = [
    "ClinicDetails",
    "HandoutOptions",
    "ReportError",
    "SummaryContext",
    "render_handout",
    "render_summary",
]
