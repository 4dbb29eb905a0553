"""Start-up: time from process start to the window being shown, for careplanner and for a bare PySide6 window.

Run:  .venv/bin/python -m benchmarks.bench_startup [--runs 15]
Goals: careplanner shown / bare window shown < 1.5, and careplanner usable / bare window shown < 2.5. Both run
offscreen (QT_QPA_PLATFORM=offscreen) on the same machine, interleaved, and report the median of the runs.
"usable" is when the patient list of a database with patients is filled (read straight from the SQLite file
after the first paint); "ready" when the database is open and every command works. The package is
byte-compiled first and the children run without PYTHONDONTWRITEBYTECODE, as an installed program does.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 1.5
USABLE_GOAL = 2.5

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class Window(QMainWindow):
    shown = False
    def showEvent(self, event):
        super().showEvent(event)
        if not self.shown:
            self.shown = True
            print("shown", flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
app = QApplication([])
window = Window()
window.show()
app.exec()
"""

# Runs careplanner exactly as `careplanner` does, reporting when the window is shown, when it is usable (the
# patient list is filled: a patient can be found and picked) and when it is ready (the database is open).
APP = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import careplanner.ui.window.main_window as main_window
first_show = main_window.MainWindow.showEvent
first_start_soon = main_window.start_soon
def show_event(self, event):
    first_show(self, event)
    if not getattr(self, "_probe_shown", False):
        self._probe_shown = True
        print("shown", flush=True)
def start_soon(window):
    window.usable.connect(lambda: print("usable", flush=True))
    quit_soon = lambda: QTimer.singleShot(0, QApplication.instance().quit)
    window.ready.connect(lambda: (print("ready", flush=True), quit_soon()))
    first_start_soon(window)
main_window.MainWindow.showEvent = show_event
main_window.start_soon = start_soon
from careplanner.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def time_to(
    marks: tuple[str, ...], script: str, arguments: list[str], env: dict[str, str]
) -> dict[str, float]:
    began = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", script, *arguments], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    seen: dict[str, float] = {}
    for line in child.stdout:
        mark = line.strip()
        if mark in marks and mark not in seen:
            seen[mark] = time.perf_counter() - began
        if len(seen) == len(marks):
            break
    child.wait(timeout=60)
    return seen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    arguments = parser.parse_args()
    package = Path(__file__).resolve().parents[1] / "careplanner"
    compileall.compile_dir(package, quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CAREPLANNER_DATA_DIR=folder)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        database = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        marks = ("shown", "usable", "ready")
        time_to(marks, APP, ["--demo", "--database-url", database], env)  # a database with patients
        bare, runs = [], []
        for _ in range(arguments.runs):
            bare.append(time_to(("shown",), BARE, [], env)["shown"])
            runs.append(time_to(marks, APP, ["--database-url", database], env))
    bare_ms = statistics.median(bare) * 1000
    app_ms = {mark: statistics.median(run[mark] for run in runs) * 1000 for mark in marks}
    shown_ratio, usable_ratio = app_ms["shown"] / bare_ms, app_ms["usable"] / bare_ms
    print(f"bare PySide6 window shown:        {bare_ms:6.0f} ms (median of {arguments.runs})")
    print(f"careplanner window shown:         {app_ms['shown']:6.0f} ms")
    print(f"careplanner usable (patients listed): {app_ms['usable']:2.0f} ms")
    print(f"careplanner ready (database open): {app_ms['ready']:5.0f} ms")
    print(f"shown/bare:  {shown_ratio:.2f} ({'meets' if shown_ratio < GOAL else 'MISSES'} the {GOAL} goal)")
    print(
        f"usable/bare: {usable_ratio:.2f} "
        f"({'meets' if usable_ratio < USABLE_GOAL else 'MISSES'} the {USABLE_GOAL} goal)"
    )


if __name__ == "__main__":
    main()
