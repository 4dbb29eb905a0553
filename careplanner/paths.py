"""Where careplanner keeps its files: the user's data directory, or $CAREPLANNER_DATA_DIR."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_VARIABLE = "CAREPLANNER_DATA_DIR"


def data_dir() -> Path:
    configured = os.environ.get(DATA_DIR_VARIABLE)
    if configured:
        return Path(configured)
    import platformdirs  # only needed when no location is configured

    return platformdirs.user_data_path("careplanner", appauthor=False)


def private_dir(path: Path) -> Path:
    """Create a directory only its owner can enter."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
