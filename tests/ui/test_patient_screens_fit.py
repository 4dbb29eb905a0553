"""The Patient, History and Baseline tabs fit the screens clinics have: at 1366x768, and at 150 % on a
1920x1080 screen, every control is in view; on anything smaller each can still be scrolled to."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from careplanner.catalog import default_catalog
from careplanner.editing.demo import demo_documents
from careplanner.editing.recovery import Origin
from careplanner.ui.patient.baseline_view import BaselineView
from careplanner.ui.patient.history_view import HistoryView
from careplanner.ui.patient.patient_form import PatientForm
from careplanner.ui.workspace import Workspace

CATALOG = default_catalog()

# The room a tab gets in the main window (patients and findings docked beside it), in logical pixels.
TAB_ON_1366_X_768 = (797, 609)
TAB_AT_150_PERCENT_ON_1920_X_1080 = (711, 561)
TAB_ON_A_SMALLER_SCREEN = (640, 420)


def controls(page: QWidget) -> list[QWidget]:
    """Buttons and inputs the clinician uses (not the parts inside a spin box, a combo box or a table)."""
    found: list[QWidget] = []
    for kind in (QAbstractButton, QAbstractSpinBox, QLineEdit, QComboBox):
        for child in page.findChildren(kind):
            inside = child.parent()
            while inside is not None and inside is not page:
                if isinstance(inside, (QAbstractSpinBox, QComboBox, QAbstractItemView)):
                    break
                inside = inside.parent()
            if inside is page and child.isVisibleTo(page):
                found.append(child)
    return found


def describe(child: QWidget) -> str:
    words = [child.accessibleName()]
    for attribute in ("text", "placeholderText"):
        if hasattr(child, attribute):
            words.append(getattr(child, attribute)())
    return f"{type(child).__name__} {next((word for word in words if word), '')}"


def in_view(page: QWidget, child: QWidget, size: tuple[int, int]) -> bool:
    """Inside the room the tab has (a page whose layout forces it larger is cut off by the window)."""
    return QRect(0, 0, *size).contains(QRect(child.mapTo(page, QPoint(0, 0)), child.size()))


def shown(qtbot, page: QWidget, size: tuple[int, int]) -> QWidget:  # type: ignore[no-untyped-def]
    """The page showing the demo patient with a history, a baseline, goals and check-ins."""
    documents = {document.patient.id: document for document, _ in demo_documents(CATALOG, dt.date.today())}
    workspace = Workspace(CATALOG, "dr.test", documents["DEMO-0004"], Origin(), parent=page)
    qtbot.addWidget(page)
    page.set_workspace(workspace)  # type: ignore[attr-defined]
    if isinstance(page, HistoryView):
        page.table.selectRow(0)  # the editor shows a treatment
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    return page


PAGES = (PatientForm, HistoryView, BaselineView)


@pytest.mark.parametrize("size", [TAB_ON_1366_X_768, TAB_AT_150_PERCENT_ON_1920_X_1080])
@pytest.mark.parametrize("page_type", PAGES, ids=lambda page: page.__name__)
def test_every_control_is_in_view_without_scrolling(qtbot, page_type, size) -> None:  # type: ignore[no-untyped-def]
    page = shown(qtbot, page_type(), size)
    assert [describe(child) for child in controls(page) if not in_view(page, child, size)] == []


@pytest.mark.parametrize("page_type", PAGES, ids=lambda page: page.__name__)
def test_on_a_smaller_screen_every_control_can_be_scrolled_to(qtbot, page_type) -> None:  # type: ignore[no-untyped-def]
    page = shown(qtbot, page_type(), TAB_ON_A_SMALLER_SCREEN)
    scroll = page.findChild(QScrollArea)
    unreachable = []
    for child in controls(page):
        if scroll is not None:  # scroll the whole control into view (as Tab does for its focus)
            centre = child.mapTo(scroll.widget(), child.rect().center())
            scroll.ensureVisible(centre.x(), centre.y(), child.width() // 2 + 1, child.height() // 2 + 1)
        if not in_view(page, child, TAB_ON_A_SMALLER_SCREEN):
            unreachable.append(describe(child))
    assert unreachable == []
