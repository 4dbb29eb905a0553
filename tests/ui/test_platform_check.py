"""When the window cannot open (no display, missing X libraries), the user reads why, not a core dump."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from careplanner.ui import platform_check


def test_without_a_display_the_window_explains_and_exits_1(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)  # as on a user's computer: Qt picks its window system itself
    env["CAREPLANNER_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "careplanner"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1, result.stderr
    assert "no graphical display was found" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_libraries_are_named_with_their_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(
        platform_check, "missing_libraries", lambda plugin: ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    )
    text = platform_check.explanation('Could not load the Qt platform plugin "xcb"')
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in text
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in text


def test_the_plugin_failure_is_recognised() -> None:
    assert platform_check.PLUGIN_FAILED.search(
        "This application failed to start because no Qt platform plugin could be initialized."
    )
    assert not platform_check.PLUGIN_FAILED.search("This plugin does not support propagateSizeHints()")


def test_a_library_qt_loads_at_run_time_is_named_when_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    """libxcb-cursor is not a link-time dependency of the plugin, so ldd alone never reports it."""
    monkeypatch.setattr(platform_check, "_loads", lambda library: library != "libxcb-cursor.so.0")
    assert "libxcb-cursor.so.0" in platform_check.missing_libraries(platform_check.xcb_plugin())
    monkeypatch.setattr(platform_check, "_loads", lambda library: True)
    assert "libxcb-cursor.so.0" not in platform_check.missing_libraries(platform_check.xcb_plugin())
