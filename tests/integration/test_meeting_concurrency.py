"""Two workstations (two users, each with its own Store and connections) writing the same team meeting at the
same time, on SQLite and PostgreSQL: of two writers from the same version exactly one wins and the other is
told who, with nothing written; a recommendation and a plan save or an agenda change never undo each other.

Where the order matters, one writer is held inside its transaction (after its conditional UPDATE) while the
other starts, so the overlap is certain rather than left to the scheduler.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest

from careplanner.store import PlanContent, Store, StoreError, database, meetings, plans
from tests.integration.test_store import with_item_changed
from tests.integration.test_store_meetings import WHEN, patient_plan, with_agenda
from tests.integration.test_store_team import member
from tests.integration.test_team_concurrency import BLOCKED_SECONDS, WAIT_SECONDS, Hold

OpenStore = Callable[..., Store]
ROUNDS = 8


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(2, thread_name_prefix="workstation") as executor:
        yield executor


@pytest.fixture
def team(open_store: OpenStore) -> tuple[Store, Store]:
    return (
        member(open_store, "ash", "Dr Ash", "pain-medicine"),
        member(open_store, "sam", "Sam Lee", "pharmacy"),
    )


def outcomes(futures: list[Future[Any]]) -> tuple[list[Any], list[str]]:
    """What each writer got: the results of the winners and the messages of the refused."""
    won, refused = [], []
    for future in futures:
        try:
            won.append(future.result(WAIT_SECONDS))
        except StoreError as error:
            refused.append(str(error))
    return won, refused


def test_two_recording_on_one_entry_at_once_exactly_one_wins_each_time(team, pool) -> None:  # type: ignore[no-untyped-def]
    ash, sam = team
    meeting = with_agenda(ash, [patient_plan(ash, f"P-{n}", f"Patient {n}") for n in range(ROUNDS)])
    start = threading.Barrier(2)

    def record(store: Store, entry_id: int) -> Any:
        start.wait(WAIT_SECONDS)
        return store.record_recommendation(entry_id, 1, f"{store.user}'s advice")

    for entry in meeting.entries:
        won, refused = outcomes([pool.submit(record, ash, entry.id), pool.submit(record, sam, entry.id)])
        assert len(won) == 1 and len(refused) == 1
        winner = won[0].recommendation
        assert refused[0].startswith(
            f"{winner.by_name} ({'Pain medicine' if winner.by == 'ash' else 'Pharmacy'})"
        )
        assert "so nothing was written" in refused[0]
        [stored] = [e for e in ash.load_meeting(meeting.id).entries if e.id == entry.id]
        assert stored.recommendation == winner and stored.version == 2


def test_a_held_recommendation_makes_the_other_wait_then_names_its_author(  # type: ignore[no-untyped-def]
    team, pool, monkeypatch: pytest.MonkeyPatch
) -> None:
    ash, sam = team
    meeting = with_agenda(ash, [patient_plan(ash, "P-1", "Ada Example")])
    entry_id = meeting.entries[0].id
    hold = Hold()
    monkeypatch.setattr(meetings, "rows_changed", hold.around(database.rows_changed))  # after sam's UPDATE
    first = hold.run(pool, lambda: sam.record_recommendation(entry_id, 1, "Stop the tramadol"))
    second = pool.submit(ash.record_recommendation, entry_id, 1, "Continue")
    with pytest.raises(TimeoutError):
        second.result(BLOCKED_SECONDS)
    hold.release.set()
    assert first.result(WAIT_SECONDS).recommendation.by == "sam"
    with pytest.raises(
        StoreError, match=r'^Sam Lee \(Pharmacy\) recorded .*so nothing was written.*"Stop the tramadol"$'
    ):
        second.result(WAIT_SECONDS)
    assert ash.load_meeting(meeting.id).entries == (first.result(),)


@pytest.mark.parametrize("whole", [False, True], ids=["set_agenda", "save_meeting"])
def test_two_changing_the_agenda_from_one_version_one_wins_the_other_is_told(team, pool, whole: bool) -> None:  # type: ignore[no-untyped-def]
    ash, sam = team
    chosen = [patient_plan(ash, f"P-{n}", f"Patient {n}") for n in range(2 * ROUNDS)]
    meeting = ash.create_meeting(dt.date(2026, 11, 4), "Team", [])
    start = threading.Barrier(2)

    def choose(store: Store, version: int, plan_id: int) -> Any:
        agenda = [(plan_id, (f"chosen by {store.user}",))]
        start.wait(WAIT_SECONDS)
        if whole:  # the dialog's one call: details and agenda at once
            return store.save_meeting(meeting.id, version, meeting.held_on, f"{store.user}'s", [], agenda)
        return store.set_agenda(meeting.id, version, agenda)

    for round_ in range(ROUNDS):
        version = ash.load_meeting(meeting.id).version
        futures = [
            pool.submit(choose, ash, version, chosen[2 * round_]),
            pool.submit(choose, sam, version, chosen[2 * round_ + 1]),
        ]
        won, refused = outcomes(futures)
        assert len(won) == 1 and len(refused) == 1
        winner = "Dr Ash (ash)" if won[0].entries[0].reasons == ("chosen by ash",) else "Sam Lee (sam)"
        assert re.match(
            rf"the meeting was changed by {re.escape(winner)} {WHEN} after you opened it", refused[0]
        )
        assert refused[0].endswith("nothing was written: reopen the meeting and make your change again")
        assert ash.load_meeting(meeting.id) == won[0] and won[0].version == version + 1


def test_a_plan_saved_meanwhile_is_the_revision_the_recommendation_names(  # type: ignore[no-untyped-def]
    team, pool, monkeypatch: pytest.MonkeyPatch
) -> None:
    ash, sam = team
    plan_id = patient_plan(ash, "P-1", "Ada Example")
    meeting = with_agenda(ash, [plan_id])
    content = with_item_changed(PlanContent.of(ash.load_revision(plan_id).document), 7)
    hold = Hold()
    monkeypatch.setattr(plans, "_follow_up", hold.around(plans._follow_up))  # ash's save: head claimed
    saving = hold.run(pool, lambda: ash.save_revision(plan_id, content, base=1))
    recording = pool.submit(sam.record_recommendation, meeting.entries[0].id, 1, "Continue")
    with pytest.raises(TimeoutError):
        recording.result(BLOCKED_SECONDS)  # waits for the save: the head it names is the saved one
    hold.release.set()
    assert saving.result(WAIT_SECONDS).number == 2
    assert recording.result(WAIT_SECONDS).presented_revision == 2
    assert [r.number for r in ash.list_revisions(plan_id)] == [1, 2]


def test_a_save_waits_for_a_recommendation_being_recorded_and_both_are_kept(  # type: ignore[no-untyped-def]
    team, pool, monkeypatch: pytest.MonkeyPatch
) -> None:
    ash, sam = team
    plan_id = patient_plan(ash, "P-1", "Ada Example")
    meeting = with_agenda(ash, [plan_id])
    content = with_item_changed(PlanContent.of(ash.load_revision(plan_id).document), 7)
    hold = Hold()
    monkeypatch.setattr(meetings, "rows_changed", hold.around(database.rows_changed))
    recording = hold.run(pool, lambda: sam.record_recommendation(meeting.entries[0].id, 1, "Continue"))
    saving = pool.submit(ash.save_revision, plan_id, content, 1)
    with pytest.raises(TimeoutError):
        saving.result(BLOCKED_SECONDS)
    hold.release.set()
    assert recording.result(WAIT_SECONDS).presented_revision == 1  # the head when the team recommended
    assert saving.result(WAIT_SECONDS).number == 2


def test_an_entry_being_recommended_cannot_be_taken_off_the_agenda_meanwhile(  # type: ignore[no-untyped-def]
    team, pool, monkeypatch: pytest.MonkeyPatch
) -> None:
    ash, sam = team
    meeting = with_agenda(ash, [patient_plan(ash, "P-1", "Ada Example")])
    hold = Hold()
    monkeypatch.setattr(meetings, "rows_changed", hold.around(database.rows_changed))
    recording = hold.run(pool, lambda: sam.record_recommendation(meeting.entries[0].id, 1, "Continue"))
    dropping = pool.submit(ash.set_agenda, meeting.id, meeting.version, [])
    deleting = pool.submit(ash.delete_meeting, meeting.id, meeting.version)
    with pytest.raises(TimeoutError):
        dropping.result(BLOCKED_SECONDS)
    hold.release.set()
    assert recording.result(WAIT_SECONDS).recommendation is not None
    with pytest.raises(StoreError, match="has the team's recommendation, recorded by Sam Lee"):
        dropping.result(WAIT_SECONDS)
    with pytest.raises(StoreError, match="recorded for 1 patient of this meeting: the meeting is kept"):
        deleting.result(WAIT_SECONDS)
    [kept] = ash.load_meeting(meeting.id).entries
    assert kept.recommendation is not None and kept.recommendation.by == "sam"


def test_a_recommendation_on_an_entry_taken_off_meanwhile_is_told_so(  # type: ignore[no-untyped-def]
    team, pool, monkeypatch: pytest.MonkeyPatch
) -> None:
    ash, sam = team
    meeting = with_agenda(ash, [patient_plan(ash, "P-1", "Ada Example")])
    hold = Hold()
    monkeypatch.setattr(meetings, "rows_changed", hold.around(database.rows_changed))  # after ash's claim
    dropping = hold.run(pool, lambda: ash.set_agenda(meeting.id, meeting.version, []))
    recording = pool.submit(sam.record_recommendation, meeting.entries[0].id, 1, "Continue")
    with pytest.raises(TimeoutError):
        recording.result(BLOCKED_SECONDS)
    hold.release.set()
    assert dropping.result(WAIT_SECONDS).entries == ()
    with pytest.raises(StoreError, match=r"taken off the agenda|no longer on the meeting's agenda"):
        recording.result(WAIT_SECONDS)
    assert ash.load_meeting(meeting.id).entries == ()
