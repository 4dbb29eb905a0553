"""Where careplanner keeps its files: the user's data directory, or $CAREPLANNER_DATA_DIR.

Everything careplanner writes there is its owner's alone (0600 files, 0700 folders). Files and folders made by
an older careplanner or copied by hand may be looser: they are tightened when careplanner next uses them.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

DATA_DIR_VARIABLE = "CAREPLANNER_DATA_DIR"
OTHERS = 0o077  # the group's and everyone else's permission bits

log = logging.getLogger(__name__)  # paths and error names only


def data_dir() -> Path:
    configured = os.environ.get(DATA_DIR_VARIABLE)
    if configured:
        return Path(configured)
    import platformdirs  # only needed when no location is configured

    return platformdirs.user_data_path("careplanner", appauthor=False)


def private_dir(path: Path) -> Path:
    """Create a directory only its owner can enter, or tighten an existing one that is looser."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    make_owner_only(path)
    return path


def make_owner_only(path: Path) -> None:
    """Take the group's and others' access away from a file or folder of ours; warn (never fail) if we cannot.

    Only files owned by the user are changed: a file someone else owns (a shared clinic folder) is theirs.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    except OSError as error:
        log.warning("cannot check the permissions of %s: %s", path, error.strerror or type(error).__name__)
        return
    if not info.st_mode & OTHERS or not _owned_by_user(info):
        return
    try:
        os.chmod(path, stat.S_IMODE(info.st_mode) & ~OTHERS)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        log.warning("cannot make %s readable only by its owner: %s", path, reason)


def _owned_by_user(info: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)  # absent on Windows, where these permission bits mean little
    return getuid is not None and info.st_uid == getuid()
