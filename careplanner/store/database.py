"""Units of work: every change is one transaction that either commits whole or leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Executable
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from careplanner.store.engine import WRITE, describe
from careplanner.store.errors import StoreError

log = logging.getLogger(__name__)  # ids and counts only: never a patient's data
LARGEST_SQLITE_INTEGER = 2**63 - 1
LARGEST_POSTGRESQL_INTEGER = 2**31 - 1  # INTEGER columns (ids, revision numbers)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Database:
    def __init__(self, engine: Engine, user: str, now: Callable[[], dt.datetime] = utc_now) -> None:
        self.engine = engine
        self.user = user
        self.now = now
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._translated_errors(), self._sessions() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back (nothing written) on any error."""
        with self._translated_errors(), self._sessions() as session:
            session.connection(execution_options={WRITE: True})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def _translated_errors(self) -> Iterator[None]:
        try:
            yield
        except IntegrityError as error:
            log.warning("integrity error: %s", type(error.orig).__name__)
            raise StoreError(
                f"the change breaks a rule of the database and was not saved ({_short(error)})"
            ) from None
        except OperationalError as error:
            log.warning("database unavailable: %s", type(error.orig).__name__)
            raise StoreError(
                f"the database at {describe(self.engine.url)} cannot be used right now ({_short(error)}); "
                "nothing was saved"
            ) from None
        except DBAPIError as error:
            raise StoreError(
                f"the database refused the change ({_short(error)}); nothing was saved"
            ) from None

    def dispose(self) -> None:
        self.engine.dispose()


def can_be_an_id(session: Session, value: int) -> bool:
    """Whether an id or number fits the database's integer columns (larger ones raise errors, not "none")."""
    dialect = session.get_bind().dialect.name
    return 1 <= value <= (LARGEST_SQLITE_INTEGER if dialect == "sqlite" else LARGEST_POSTGRESQL_INTEGER)


def rows_changed(session: Session, statement: Executable) -> int:
    """Run an UPDATE or DELETE and say how many rows it changed (0: the condition no longer held)."""
    return cast(CursorResult[Any], session.execute(statement)).rowcount


def _short(error: DBAPIError) -> str:
    return str(error.orig).strip().splitlines()[0][:200]
