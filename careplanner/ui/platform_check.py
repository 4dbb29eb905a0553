"""A plain message, instead of Qt's abort, when the window cannot open on this computer.

A bare Linux often lacks X libraries that Qt's window system plugin needs; Qt then names at most one of them
and aborts. While the application object is created, careplanner listens to Qt's messages: if the plugin
cannot load, it names every missing library with the package that provides it, and exits with status 1.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

EXIT_NO_WINDOW = 1
PLUGIN_FAILED = re.compile(r"no Qt platform plugin could be initialized|could not connect to display", re.I)
# The shared libraries Qt's X11 plugin loads, and the Debian/Ubuntu packages that provide them.
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11-xcb.so.1": "libx11-xcb1",
}


def xcb_plugin() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"


# Loaded by the plugin at run time (Qt 6.5 and later), so `ldd` does not list it.
LOADED_AT_RUN_TIME = ("libxcb-cursor.so.0",)


def missing_libraries(plugin: Path) -> list[str]:
    """The libraries the plugin needs that this computer lacks (read from `ldd`; empty if it cannot tell)."""
    try:
        listing = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    missing = {line.split()[0] for line in listing.splitlines() if "not found" in line}
    return sorted(missing | {library for library in LOADED_AT_RUN_TIME if not _loads(library)})


def _loads(library: str) -> bool:
    import ctypes

    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def explanation(qt_message: str) -> str:
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        return (
            "careplanner cannot open its window: no graphical display was found (DISPLAY is not set).\n"
            "Start it from a desktop session. The command-line commands (careplanner check, handout, "
            "summary, import, export, db) work without one."
        )
    missing = missing_libraries(xcb_plugin()) if sys.platform.startswith("linux") else []
    if missing:
        packages = " ".join(PACKAGES.get(library, library) for library in missing)
        return (
            "careplanner cannot open its window: this computer lacks libraries that Qt's window system "
            f"needs ({', '.join(missing)}).\nOn Debian or Ubuntu, install them with:\n"
            f"  sudo apt-get install {packages}"
        )
    return f"careplanner cannot open its window: {qt_message.strip()}"


def _handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if PLUGIN_FAILED.search(message):
        print(explanation(message), file=sys.stderr, flush=True)
        os._exit(EXIT_NO_WINDOW)  # Qt would abort (a core dump) as soon as this handler returns
    if mode != QtMsgType.QtDebugMsg:
        print(message, file=sys.stderr)


@contextmanager
def plain_platform_errors() -> Iterator[None]:
    """Around the creation of the application object only; Qt's own handling returns afterwards."""
    qInstallMessageHandler(_handler)
    try:
        yield
    finally:
        qInstallMessageHandler(None)
