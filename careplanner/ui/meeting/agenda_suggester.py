"""The agenda's suggestions, worked out away from the window: reading every open plan and checking each can
take seconds on a large clinic, and the chair types the title and ticks attendees meanwhile.

The worker thread never touches Qt: it fills a Future, and a timer owned by the dialog looks at it. So a
dialog closed (and deleted) while the worker runs is never called back; the worker finishes on its own and
its result is dropped (Python threads cannot be stopped; a daemon thread never holds up quitting).
Only one worker runs at a time: a date changed meanwhile is worked out when the running one is done, with the
plans it read and the errors it counted (they do not depend on the date).

The worker shares the interpreter with the window: Python's cycle collector, set off every 70,000 or so new
objects, walked the whole heap again and again while a large clinic's plans were read, holding the window up
for 100-150 ms at a time (benchmarks/bench_meeting.py, "worst stall"). While a worker runs (or the window
makes thousands of lines) it is set off less often (turning it off only moved one long pause to the end);
reference counting still frees what is dropped.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from careplanner.store.engine import is_in_memory
from careplanner.store.errors import StoreError

if TYPE_CHECKING:
    from careplanner.catalog.model import Catalog
    from careplanner.store import Store
    from careplanner.team.meetings import AgendaCandidate, Suggestion
    from careplanner.team.suggestions import ErrorCounts

POLL_MS = 25  # how often the window looks whether the worker is done (only while one runs)
EASED_THRESHOLDS = (10_000, 10, 10)  # the cycle collector's, while eased (Python's own: 700, 10, 10)
_collector = threading.Lock()
_easings = 0  # running: workers (an abandoned one may still be finishing beside a new one), the window
_thresholds: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def collector_eased() -> Iterator[None]:
    """The cycle collector set off less often while any such work runs; as it was once the last is done."""
    global _easings, _thresholds
    with _collector:
        if _easings == 0:
            _thresholds = gc.get_threshold()
            gc.set_threshold(*EASED_THRESHOLDS)
        _easings += 1
    try:
        yield
    finally:
        with _collector:
            _easings -= 1
            if _easings == 0:
                gc.set_threshold(*_thresholds)


@dataclass(frozen=True)
class Worked:
    """What one worker hands back: the open plans (read, or as given) and the suggestions for its date."""

    candidates: list[AgendaCandidate]
    suggested: list[Suggestion]
    seconds: float


@dataclass(frozen=True)
class _Job:
    future: Future[Worked]
    generation: int  # the request it answers; a later request makes it stale
    reading: int  # the read of the plans it belongs to; a later read makes its plans stale


def work_out(
    store: Store,
    catalog: Catalog,
    candidates: list[AgendaCandidate] | None,
    error_counts: ErrorCounts,
    held_on: dt.date,
) -> Worked:
    """Runs on the worker thread: the store opens a session per call, so the read is its own."""
    from careplanner.team.suggestions import suggest_agenda

    started = time.perf_counter()
    with collector_eased():
        plans = store.agenda_candidates() if candidates is None else candidates
        suggested = suggest_agenda(plans, catalog, held_on, error_counts=error_counts)
    return Worked(plans, suggested, time.perf_counter() - started)


def in_background(work: Callable[[], Worked], *, here: bool = False) -> Future[Worked]:
    """`work` on a thread of its own (or `here`, at once, on this one) with its result in the Future."""
    future: Future[Worked] = Future()

    def run() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(work())
        except BaseException as error:  # handed to the window, which says it or raises it there
            future.set_exception(error)

    if here:
        run()
    else:
        threading.Thread(target=run, name="agenda-suggestions", daemon=True).start()
    return future


class Suggester(QObject):
    """Suggestions for the date last asked for; `arrived` and `failed` are emitted on the window's thread."""

    arrived = Signal(object, object, float)  # candidates, suggestions, seconds taken
    failed = Signal(str)

    def __init__(self, store: Store, catalog: Catalog, parent: QObject) -> None:
        super().__init__(parent)
        self.store, self.catalog = store, catalog
        self._candidates: list[AgendaCandidate] | None = None
        self._error_counts: ErrorCounts = {}
        self._reading = 0
        self._generation = 0
        self._wanted: dt.date | None = None
        self._job: _Job | None = None
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._look)

    @property
    def busy(self) -> bool:
        return self._job is not None

    def forget_plans(self) -> None:
        """The plans are read again by the next request (they may have changed since)."""
        self._candidates, self._error_counts = None, {}
        self._reading += 1

    def request(self, held_on: dt.date) -> None:
        """Work out the suggestions for `held_on`; any answer for an earlier request is dropped."""
        self._wanted = held_on
        self._generation += 1
        if self._job is None:
            self._start()

    def abandon(self) -> None:
        """The dialog is closing: whatever the worker hands back is ignored."""
        self._generation += 1
        self._wanted, self._job = None, None
        self._poll.stop()

    def _start(self) -> None:
        assert self._wanted is not None
        store, catalog, candidates = self.store, self.catalog, self._candidates
        counts, held_on = self._error_counts, self._wanted
        # An in-memory SQLite database lives on one connection: another thread would find it empty.
        here = is_in_memory(store.db.engine.url)
        future = in_background(lambda: work_out(store, catalog, candidates, counts, held_on), here=here)
        self._job = _Job(future, self._generation, self._reading)
        self._poll.start()

    def _look(self) -> None:
        job = self._job
        if job is None or not job.future.done():
            return
        self._job = None
        self._poll.stop()
        error = job.future.exception()
        if error is not None and not isinstance(error, StoreError):
            raise error  # a fault in the program: reported like any other, on the window's thread
        current = job.generation == self._generation and job.reading == self._reading
        if error is None and job.reading == self._reading:
            self._candidates = job.future.result().candidates  # read once per opening, kept for new dates
        if not current:
            if self._wanted is not None:
                self._start()  # the date changed meanwhile
        elif error is not None:
            self.failed.emit(str(error))
        else:
            worked = job.future.result()
            self.arrived.emit(worked.candidates, worked.suggested, worked.seconds)
