"""Test-wide set-up. Qt must run offscreen and find no user settings: set before any QApplication exists."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
