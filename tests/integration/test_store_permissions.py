"""Patients' records are their owner's alone: loose permissions left by an older careplanner or a copy by hand
are tightened at start-up, and start-up never fails because they cannot be."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from careplanner.__main__ import main
from careplanner.paths import private_dir
from careplanner.store import Store
from careplanner.store.engine import DATA_DIR_VARIABLE, URL_VARIABLE


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default database in its data directory, everything readable by everyone (umask 022 or a copy)."""
    folder = tmp_path / "data"
    monkeypatch.delenv(URL_VARIABLE, raising=False)
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(folder))
    store = Store.open(user="t")
    store.close()
    (folder / "backups").mkdir()
    database = folder / "careplanner.sqlite3"
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.touch()
        path.chmod(0o644)
    for path in (folder, folder / "backups"):
        path.chmod(0o755)
    return folder


def test_loose_files_and_folders_are_made_owner_only_at_start_up(loose_data_dir: Path) -> None:
    database = loose_data_dir / "careplanner.sqlite3"
    Store.open(user="t").close()
    assert mode(database) == 0o600
    for folder in (loose_data_dir, loose_data_dir / "backups"):
        assert mode(folder) == 0o700
    store = Store.open(user="t")  # the -wal and -shm exist while a store is open
    try:
        assert mode(Path(f"{database}-wal")) == mode(Path(f"{database}-shm")) == 0o600
    finally:
        store.close()


def test_start_up_goes_on_with_a_warning_when_permissions_cannot_be_changed(
    loose_data_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def not_permitted(path: object, mode: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", not_permitted)
    with caplog.at_level(logging.WARNING):
        Store.open(user="t").close()
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert any("readable only by its owner: Operation not permitted" in text for text in warnings)


def test_a_folder_the_user_chose_is_left_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    database = folder / "clinic.sqlite3"
    database.touch(mode=0o644)
    database.chmod(0o644)
    Store.open(f"sqlite:///{database}", "t").close()
    assert (mode(database), mode(folder)) == (
        0o600,
        0o755,
    )  # the file is ours; the folder may hold other things


def test_files_of_other_owners_are_not_touched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "shared.sqlite3"
    Store.open(f"sqlite:///{database}", "t").close()
    database.chmod(0o640)
    real_uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real_uid + 4242)  # as if another user started careplanner
    Store.open(f"sqlite:///{database}", "t").close()
    assert mode(database) == 0o640


def test_private_dir_tightens_an_existing_folder(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    assert private_dir(folder) == folder and mode(folder) == 0o700


def test_backups_are_owner_only_even_with_a_permissive_umask(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    Store.open(url, "t").close()
    previous = os.umask(0)
    try:
        assert main(["--database-url", url, "db", "backup", str(tmp_path / "named.sqlite3")]) == 0
        assert main(["--database-url", url, "db", "backup"]) == 0
    finally:
        os.umask(previous)
    [dated] = (tmp_path / "backups").iterdir()
    assert mode(tmp_path / "named.sqlite3") == mode(dated) == 0o600
    assert mode(tmp_path / "backups") == 0o700
