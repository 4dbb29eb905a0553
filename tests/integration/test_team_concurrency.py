"""Two workstations (two users, each with its own Store and connections) commenting, signing off, resolving
and saving the same plan at the same time, on SQLite and PostgreSQL: nothing lost, nothing overwritten
silently, and a sign-off never lands on a revision that stopped being the head.

Where the order matters, one writer is held inside its transaction (after it has taken its locks) while the
other starts, so the overlap is certain rather than left to the scheduler.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest

from careplanner.store import PlanContent, Store, StoreError, audit, plans, team
from careplanner.team.model import missing_signoffs
from tests.integration.test_store import a_patient, a_plan, with_item_changed

ROUNDS = 12
WAIT_SECONDS = 30
BLOCKED_SECONDS = 0.5  # long enough for the second writer to reach the lock it must wait for


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(2, thread_name_prefix="workstation") as executor:
        yield executor


def member(open_store, login: str, name: str, discipline: str) -> Store:  # type: ignore[no-untyped-def]
    store: Store = open_store(login)
    store.save_user_profile(name, discipline)
    return store


class Hold:
    """Stops one thread inside a store function (its transaction open) until released."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.release = threading.Event()
        self.thread: int | None = None

    def around(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def held(*args: Any, **kwargs: Any) -> Any:
            result = function(*args, **kwargs)
            if threading.get_ident() == self.thread:
                self.reached.set()
                assert self.release.wait(WAIT_SECONDS)
            return result

        return held

    def run(self, pool: ThreadPoolExecutor, work: Callable[[], Any]) -> Future[Any]:
        def marked() -> Any:
            self.thread = threading.get_ident()
            return work()

        started = pool.submit(marked)
        assert self.reached.wait(WAIT_SECONDS), "the held writer never reached its hold"
        return started


def test_comments_and_sign_offs_from_two_users_at_once_are_all_kept(open_store, pool) -> None:  # type: ignore[no-untyped-def]
    ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
    sam = member(open_store, "sam", "Sam Lee", "pharmacy")
    plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
    start = threading.Barrier(2)

    def work(store: Store) -> None:
        start.wait(WAIT_SECONDS)
        for number in range(ROUNDS):
            store.add_comment(plan_id, 1, f"{store.user} note {number}")
            store.sign_off(plan_id, 1, number % 2 == 0, None if number % 2 == 0 else f"doubt {number}")

    for done in [pool.submit(work, ash), pool.submit(work, sam)]:
        done.result(WAIT_SECONDS)
    comments = sam.list_comments(plan_id)  # each sees the other's without reopening anything
    assert sorted(c.text for c in comments) == sorted(
        f"{user} note {number}" for user in ("ash", "sam") for number in range(ROUNDS)
    )
    for user in ("ash", "sam"):  # each user's own comments keep their order
        assert [c.text for c in comments if c.author == user] == [f"{user} note {n}" for n in range(ROUNDS)]
    signoffs = ash.list_signoffs(plan_id)
    assert len(signoffs) == 2 * ROUNDS
    assert {s.discipline for s in signoffs} == {"pain-medicine", "pharmacy"}
    # The last of each was a dissent (ROUNDS is even), so both are still missing.
    assert missing_signoffs(signoffs, ["pain-medicine", "pharmacy"], 1) == ["pain-medicine", "pharmacy"]


def test_two_resolving_the_same_comment_at_once_one_wins_the_other_is_told(  # type: ignore[no-untyped-def]
    open_store, pool, monkeypatch: pytest.MonkeyPatch
) -> None:
    ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
    kim = member(open_store, "kim", "Kim Park", "nursing")
    plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
    comment = ash.add_comment(plan_id, 1, "Check the kidney function")
    hold = Hold()
    monkeypatch.setattr(team, "rows_changed", hold.around(team.rows_changed))  # after kim's UPDATE
    first = hold.run(pool, lambda: kim.resolve_comment(comment.id))
    second = pool.submit(ash.resolve_comment, comment.id)
    with pytest.raises(TimeoutError):
        second.result(BLOCKED_SECONDS)  # waits for kim's transaction
    hold.release.set()
    assert first.result(WAIT_SECONDS).resolved_by == "kim"
    with pytest.raises(StoreError, match=r"already resolved by Kim Park \(kim\)"):
        second.result(WAIT_SECONDS)
    [stored] = ash.list_comments(plan_id)
    assert stored.resolved_by == "kim" and stored.resolved_at == first.result().resolved_at


def test_a_sign_off_on_a_revision_replaced_meanwhile_is_refused(  # type: ignore[no-untyped-def]
    open_store, pool, monkeypatch: pytest.MonkeyPatch
) -> None:
    ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
    sam = member(open_store, "sam", "Sam Lee", "pharmacy")
    plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
    content = with_item_changed(PlanContent.of(ash.load_revision(plan_id).document), 7)
    hold = Hold()
    monkeypatch.setattr(plans, "_follow_up", hold.around(plans._follow_up))  # ash's save: head claimed
    saving = hold.run(pool, lambda: ash.save_revision(plan_id, content, base=1))
    signing = pool.submit(sam.sign_off, plan_id, 1, True, None)  # sam still sees revision 1
    with pytest.raises(TimeoutError):
        signing.result(BLOCKED_SECONDS)
    hold.release.set()
    assert saving.result(WAIT_SECONDS).number == 2
    with pytest.raises(StoreError, match=r"revision 1 is no longer the plan's newest: Dr Ash \(ash\) saved"):
        signing.result(WAIT_SECONDS)
    assert sam.list_signoffs(plan_id) == []


def test_an_agreement_being_recorded_while_the_plan_is_activated_is_waited_for(  # type: ignore[no-untyped-def]
    open_store, pool, monkeypatch: pytest.MonkeyPatch
) -> None:
    ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
    sam = member(open_store, "sam", "Sam Lee", "pharmacy")
    ash.set_required_signoffs(["pharmacy"])
    plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
    hold = Hold()
    monkeypatch.setattr(
        audit, "plan_event", hold.around(audit.plan_event)
    )  # sam's row written, not committed
    signing = hold.run(pool, lambda: sam.sign_off(plan_id, 1, True, None))
    activating = pool.submit(ash.set_status, plan_id, "active", 1)
    with pytest.raises(TimeoutError):
        activating.result(BLOCKED_SECONDS)  # the head cannot move while the sign-off checks it
    hold.release.set()
    assert signing.result(WAIT_SECONDS).agrees
    assert activating.result(WAIT_SECONDS).status == "active"


def test_a_dissent_recorded_first_keeps_the_plan_a_draft(  # type: ignore[no-untyped-def]
    open_store, pool, monkeypatch: pytest.MonkeyPatch
) -> None:
    ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
    sam = member(open_store, "sam", "Sam Lee", "pharmacy")
    ash.set_required_signoffs(["pharmacy"])
    plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
    sam.sign_off(plan_id, 1, True, None)
    hold = Hold()
    monkeypatch.setattr(audit, "plan_event", hold.around(audit.plan_event))
    dissenting = hold.run(pool, lambda: sam.sign_off(plan_id, 1, False, "interaction with tramadol"))
    activating = pool.submit(ash.set_status, plan_id, "active", 1)
    with pytest.raises(TimeoutError):
        activating.result(BLOCKED_SECONDS)
    hold.release.set()
    assert not dissenting.result(WAIT_SECONDS).agrees
    with pytest.raises(StoreError, match="Pharmacy has not signed off revision 1"):
        activating.result(WAIT_SECONDS)
    assert ash.plan_summary(plan_id).status == "draft"
