"""The patient's line above the tabs stays readable however narrow the window: on a narrow window the plan
list moves under it instead of squeezing the name into a column of single letters."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QBoxLayout

from careplanner.catalog import default_catalog
from careplanner.editing.demo import demo_documents
from careplanner.editing.recovery import Origin
from careplanner.ui.window.workspace_view import WorkspaceView
from careplanner.ui.workspace import Workspace

CATALOG = default_catalog()


def _view_of_a_patient(qtbot, width: int) -> WorkspaceView:  # type: ignore[no-untyped-def]
    view = WorkspaceView(CATALOG)
    qtbot.addWidget(view)
    document = next(document for document, _ in demo_documents(CATALOG, dt.date.today()))
    view.set_workspace(Workspace(CATALOG, "dr.test", document, Origin(), parent=view), [])
    view.resize(width, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_on_a_wide_window_the_plan_list_sits_beside_the_patients_line(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _view_of_a_patient(qtbot, 1100)
    assert view.header.direction() == QBoxLayout.Direction.LeftToRight


def test_on_a_narrow_window_the_patients_line_keeps_the_full_width(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _view_of_a_patient(qtbot, 620)
    assert view.header.direction() == QBoxLayout.Direction.TopToBottom
    name_width = view.title.fontMetrics().horizontalAdvance("Alex Sample")
    qtbot.waitUntil(lambda: view.title.width() > 3 * name_width, timeout=2000)
