"""The FHIR mapping and its library load only when a FHIR command runs: never at the window's start, never
for `careplanner --help`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from careplanner.resources import examples_dir

LOADED = (
    "import sys, json\n"
    "def fhir_modules():\n"
    "    return sorted(name for name in sys.modules\n"
    "                  if name.split('.')[0] == 'fhir' or name.startswith('careplanner.interop'))\n"
)

WINDOW_START = LOADED + (
    "from PySide6.QtWidgets import QApplication\n"
    "application = QApplication([])\n"
    "from careplanner.ui.window.main_window import MainWindow\n"
    "window = MainWindow(sys.argv[1], 'dr.start', load_demo=True)\n"
    "window.show()\n"
    "window.start()\n"
    "application.processEvents()\n"
    "first = window.patients.results.item(0)\n"
    "window.patients.results.itemActivated.emit(first)  # a plan opened, as a user starts the day\n"
    "application.processEvents()\n"
    "assert window.controller.workspace is not None, 'no plan was opened'\n"
    "window.menuBar().actions()[0].menu().aboutToShow.emit()  # the File menu looked at, not used\n"
    "print(json.dumps(fhir_modules()))\n"
    "window.controller.workspace.undo_stack.setClean()\n"
    "window.close()\n"
)

COMMAND = LOADED + (
    "from careplanner.__main__ import main\n"
    "try:\n"
    "    status = main(sys.argv[1:])\n"
    "except SystemExit as stop:\n"
    "    status = stop.code\n"
    "print(json.dumps({'status': status, 'loaded': fhir_modules()}))\n"
)


def run(script: str, *arguments: str, tmp_path: Path) -> str:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [sys.executable, "-c", script, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_window_starts_and_opens_a_plan_without_loading_fhir(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'careplanner.sqlite3'}"
    assert json.loads(run(WINDOW_START, url, tmp_path=tmp_path)) == []


def test_help_does_not_load_fhir_and_the_fhir_command_does(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'careplanner.sqlite3'}"
    shown = json.loads(run(COMMAND, "--database-url", url, "--help", tmp_path=tmp_path))
    assert shown == {"status": 0, "loaded": []}
    target = tmp_path / "plan.json"
    good = str(examples_dir() / "good-plan.careplan.json")
    ran = json.loads(run(COMMAND, "--database-url", url, "fhir", good, "-o", str(target), tmp_path=tmp_path))
    assert ran["status"] == 0 and target.exists() and "careplanner.interop.fhir" in ran["loaded"]
    imported = json.loads(run(COMMAND, "--database-url", url, "import-fhir", str(target), tmp_path=tmp_path))
    assert imported["status"] == 0 and "fhir.resources" in imported["loaded"]  # the check can see it
