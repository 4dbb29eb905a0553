"""Writing a file whole or not at all, for the command line and the window alike (Qt-free)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(data: bytes, target: Path) -> None:
    """Write beside the target, then rename: a failure never leaves a half-written file in its place."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
