"""Start-up: time from process start to the window being shown, for careplanner and for a bare PySide6 window.

Run:  .venv/bin/python -m benchmarks.bench_startup [--runs 15]
Goal: careplanner / bare window < 1.5. Both run offscreen (QT_QPA_PLATFORM=offscreen) on the same machine,
interleaved, and report the median of the runs. "usable" is when careplanner's database is open and the
patient list is filled (it opens after the first paint). The package is byte-compiled first and the children
run without PYTHONDONTWRITEBYTECODE, as an installed program does.
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

# Runs careplanner exactly as `careplanner` does, reporting when the window is shown and when it is usable.
APP = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import careplanner.ui.main_window as main_window
first_show = main_window.MainWindow.showEvent
first_start = main_window.MainWindow.start
def show_event(self, event):
    first_show(self, event)
    if not getattr(self, "_probe_shown", False):
        self._probe_shown = True
        print("shown", flush=True)
def start(self):
    first_start(self)
    print("usable", flush=True)
    QTimer.singleShot(0, QApplication.instance().quit)
main_window.MainWindow.showEvent = show_event
main_window.MainWindow.start = start
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
        if mark in marks:
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
        time_to(("shown", "usable"), APP, ["--database-url", database], env)  # create the database once
        bare, shown, usable = [], [], []
        for _ in range(arguments.runs):
            bare.append(time_to(("shown",), BARE, [], env)["shown"])
            marks = time_to(("shown", "usable"), APP, ["--database-url", database], env)
            shown.append(marks["shown"])
            usable.append(marks["usable"])
    bare_ms, shown_ms, usable_ms = (statistics.median(values) * 1000 for values in (bare, shown, usable))
    ratio = shown_ms / bare_ms
    print(f"bare PySide6 window shown:   {bare_ms:7.0f} ms (median of {arguments.runs})")
    print(f"careplanner window shown:    {shown_ms:7.0f} ms")
    print(f"careplanner usable (db open): {usable_ms:6.0f} ms")
    print(f"ratio shown/bare: {ratio:.2f} ({'meets' if ratio < GOAL else 'MISSES'} the {GOAL} goal)")


if __name__ == "__main__":
    main()
