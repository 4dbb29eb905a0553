"""Colours and icons shared by the views. Layer colours are the Okabe-Ito palette (colour-blind safe)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

LAYER_COLOURS = {
    "medication": QColor("#0072B2"),
    "psychological": QColor("#009E73"),
    "physical": QColor("#E69F00"),
    "interventional": QColor("#CC79A7"),
    "complementary": QColor("#56B4E9"),
}
SEVERITY_COLOURS = {"error": QColor("#C62828"), "warning": QColor("#E65100"), "info": QColor("#1565C0")}
SEVERITY_LABELS = {"error": "Error", "warning": "Warning", "info": "Information"}
HISTORY_COLOUR = QColor("#757575")
REVIEW_COLOUR = QColor("#37474F")


def severity_icon(severity: str) -> QIcon:
    pixmap = {
        "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
        "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
        "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
    }[severity]
    return QApplication.style().standardIcon(pixmap)


def lighter(colour: QColor, alpha: int) -> QColor:
    shade = QColor(colour)
    shade.setAlpha(alpha)
    return shade
