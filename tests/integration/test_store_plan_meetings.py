"""The meetings that discussed a plan, for its Team tab and summary: newest first, each with its
recommendation (or none), only that plan's, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from careplanner.store import NotFound, Store
from careplanner.team.meetings import Attendee
from tests.integration.test_store import a_patient, a_plan
from tests.integration.test_store_team import member

OpenStore = Callable[..., Store]
ASH = Attendee("Dr Ash", "pain-medicine", "ash")


def test_each_meeting_with_the_plan_on_its_agenda_newest_first(open_store: OpenStore) -> None:
    ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
    plan_id = a_plan(ash, ash.create_patient(a_patient("R-1", "Eve Example")).id)
    other_id = a_plan(ash, ash.create_patient(a_patient("R-2", "Adam Other")).id)
    assert ash.plan_discussions(plan_id) == []
    november = ash.save_meeting(None, None, dt.date(2026, 11, 4), "November", [ASH], [(plan_id, ())])
    ash.save_meeting(None, None, dt.date(2026, 12, 2), "December", [ASH], [(other_id, ()), (plan_id, ())])
    ash.save_meeting(None, None, dt.date(2026, 12, 9), "Without Eve", [ASH], [(other_id, ())])
    entry = november.entries[0]
    ash.record_recommendation(entry.id, entry.version, "Go ahead")
    found = ash.plan_discussions(plan_id)
    assert [(d.held_on, d.title) for d in found] == [
        (dt.date(2026, 12, 2), "December"),
        (dt.date(2026, 11, 4), "November"),
    ]
    assert found[0].recommendation is None and found[0].presented_revision is None
    assert found[1].recommendation is not None and found[1].recommendation.text == "Go ahead"
    assert (found[1].recommendation.by_name, found[1].presented_revision) == ("Dr Ash", 1)
    assert [d.title for d in ash.plan_discussions(other_id)] == ["Without Eve", "December"]


def test_an_unknown_plan_is_refused(store: Store) -> None:
    with pytest.raises(NotFound, match="there is no plan with id 999"):
        store.plan_discussions(999)
