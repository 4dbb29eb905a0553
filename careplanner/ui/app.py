"""Starting the window: the QApplication, the main window, then (after the first paint) the database."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from careplanner.ui.window.main_window import MainWindow, start_soon


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName("careplanner")
    QCoreApplication.setApplicationName("careplanner")
    from careplanner.ui.platform_check import plain_platform_errors

    with plain_platform_errors():
        return QApplication(argv if argv is not None else sys.argv[:1])


def run_app(database_url: str | None, user: str | None, demo: bool) -> int:
    application = make_application()
    window = MainWindow(database_url, user, load_demo=demo)
    window.show()
    start_soon(window)
    return application.exec()
