"""Start-up in two steps: the patient list first (straight from the file), the database right after."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from careplanner.ui.window.main_window import MainWindow


def a_database_with_patients(make_window) -> str:  # type: ignore[no-untyped-def]
    window = make_window(demo=True)
    url = window.database_url
    window.close()
    return str(url)


def test_the_patient_list_is_filled_before_the_database_opens(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    url = a_database_with_patients(make_window)
    window = MainWindow(url, "dr.test")
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.usable, timeout=5000):
        window.start_frame()
    assert window.patients.results.count() == 5 and not window.built
    assert not window.actions_["new_patient"].isEnabled()  # nothing that needs the database yet
    window.patients.results.setCurrentRow(1)
    window.patients.results.itemActivated.emit(window.patients.results.item(1))  # picked at once
    chosen = window.patients.results.item(1).text().splitlines()[0]
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.finish_start()
    assert window.controller.workspace is not None
    assert window.controller.workspace.document.patient.name == chosen  # the early choice is not lost
    assert window.actions_["new_patient"].isEnabled()
    window.controller.workspace.undo_stack.setClean()


def test_reading_the_first_page_needs_no_sqlalchemy(make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = a_database_with_patients(make_window)
    script = (
        "import sys\n"
        "from careplanner.store.first_screen import first_patients\n"
        f"found = first_patients({url!r}, 50)\n"
        "assert found is not None and len(found) == 5, found\n"
        "assert 'sqlalchemy' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_an_unusual_database_waits_for_the_store(tmp_path: Path) -> None:
    from careplanner.store.first_screen import first_patients

    assert first_patients("postgresql://someone@server/careplanner", 50) is None
    assert first_patients(f"sqlite:///{tmp_path / 'missing.sqlite3'}", 50) is None
    (tmp_path / "not-a-database.sqlite3").write_text("hello")
    assert first_patients(f"sqlite:///{tmp_path / 'not-a-database.sqlite3'}", 50) is None
