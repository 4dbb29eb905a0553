"""Team meetings in the store, on SQLite and PostgreSQL: the meeting, its attendees and agenda, the team's
recommendation, deleting; every refusal says what is wrong and leaves everything as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select

from careplanner.store import NotFound, Store, StoreError
from careplanner.store.models import AuditRow
from careplanner.team.meetings import MAX_ATTENDEES, MAX_ENTRIES, MAX_TITLE, Attendee, Meeting
from tests.integration.test_store import a_patient, a_plan
from tests.integration.test_store_team import member

OpenStore = Callable[..., Store]
HELD_ON = dt.date(2026, 11, 4)
WHEN = r"on \d{1,2} [A-Z][a-z]{2} \d{4} at \d\d:\d\d"  # a stored time in words, e.g. on 2 Dec 2026 at 06:31
ASH = Attendee("Dr Ash", "pain-medicine", "ash")
GUEST = Attendee("Robin Vale", "physiotherapy")


def patient_plan(store: Store, record: str, name: str) -> int:
    return a_plan(store, store.create_patient(a_patient(record, name)).id)


def with_agenda(store: Store, plan_ids: list[int], held_on: dt.date = HELD_ON) -> Meeting:
    meeting = store.create_meeting(held_on, "Team meeting", [ASH])
    return store.set_agenda(
        meeting.id, meeting.version, [(plan_id, ("Not signed off yet",)) for plan_id in plan_ids]
    )


def meeting_events(store: Store, meeting_id: int) -> list[tuple[str, str]]:
    with store.db.reading() as session:
        rows = session.scalars(
            select(AuditRow).where(AuditRow.entity == "meeting", AuditRow.entity_id == meeting_id)
        )
        return [(row.action, row.actor) for row in rows]


@pytest.fixture
def ash(open_store: OpenStore) -> Store:
    return member(open_store, "ash", "Dr Ash", "pain-medicine")


class TestMeeting:
    def test_a_meeting_is_chaired_by_its_maker_and_read_back_whole(self, ash: Store) -> None:
        meeting = ash.create_meeting(
            HELD_ON, "  Weekly pain team  ", [ASH, Attendee(" Robin Vale ", "physiotherapy")]
        )
        assert (meeting.held_on, meeting.title, meeting.chair, meeting.chair_name) == (
            HELD_ON,
            "Weekly pain team",
            "ash",
            "Dr Ash",
        )
        assert meeting.attendees == (ASH, GUEST) and meeting.entries == () and meeting.version == 1
        assert meeting.created_at.tzinfo is not None
        assert ash.load_meeting(meeting.id) == meeting
        assert meeting_events(ash, meeting.id) == [("create", "ash")]

    def test_the_list_is_newest_first_and_counts_patients_and_recommendations(self, ash: Store) -> None:
        plans = [patient_plan(ash, f"P-{n}", f"Patient {n}") for n in range(3)]
        older = with_agenda(ash, plans, dt.date(2026, 10, 1))
        newer = with_agenda(ash, plans[:1], dt.date(2026, 11, 1))
        ash.record_recommendation(older.entries[1].id, 1, "Continue as planned")
        same_day = ash.create_meeting(dt.date(2026, 11, 1), "Extra", [])
        assert [(m.id, m.patients, m.recommended) for m in ash.list_meetings()] == [
            (same_day.id, 0, 0),
            (newer.id, 1, 0),
            (older.id, 3, 1),
        ]
        assert ash.list_meetings()[0].chair_name == "Dr Ash"

    def test_date_title_and_attendees_change_over_the_version_read(
        self, open_store: OpenStore, ash: Store
    ) -> None:
        kim = member(open_store, "kim", "Kim Park", "nursing")
        meeting = ash.create_meeting(HELD_ON, "Team", [ASH])
        kim_there = Attendee("Kim Park", "nursing", "kim")
        changed_meeting = kim.update_meeting(
            meeting.id, 1, dt.date(2026, 11, 5), "Team, moved", [kim_there, GUEST]
        )
        assert (changed_meeting.held_on, changed_meeting.title, changed_meeting.version) == (
            dt.date(2026, 11, 5),
            "Team, moved",
            2,
        )
        assert changed_meeting.attendees == (kim_there, GUEST) and changed_meeting.chair == "ash"
        with pytest.raises(
            StoreError,
            match=rf"the meeting was changed by Kim Park \(kim\) {WHEN} after you opened it; nothing was",
        ):
            ash.update_meeting(meeting.id, 1, HELD_ON, "Mine", [])
        assert ash.load_meeting(meeting.id) == changed_meeting
        assert meeting_events(ash, meeting.id) == [("create", "ash"), ("change", "kim")]

    @pytest.mark.parametrize(
        ("title", "attendees", "message"),
        [
            ("  ", [], "the meeting's title is empty"),
            (
                "Team\x00",
                [],
                r"the meeting's title contains a NUL character \(\\u0000\), which cannot be kept",
            ),
            ("Team \ud800", [], "the meeting's title contains a character that is not valid Unicode"),
            (
                "Team",
                [ASH, Attendee("Ro\x00bin", "nursing")],
                "the name of attendee 2 contains a NUL character",
            ),
            ("Team", [Attendee("Kim", "nursing", "k\x00m")], "the user name of attendee 1 contains a NUL"),
            ("x" * (MAX_TITLE + 1), [], f"has {MAX_TITLE + 1} characters; at most {MAX_TITLE}"),
            ("Team", [ASH, Attendee("  ", "nursing")], "attendee 2 has no name"),
            ("Team", [Attendee("Lee", "surgery")], 'attendee 1 \\(Lee\\) has "surgery" as discipline'),
            ("Team", [Attendee("x" * 201, "nursing")], "the name of attendee 1 has 201 characters"),
            (
                "Team",
                [ASH, GUEST, Attendee("robin vale ", "nursing")],
                r"attendee 3 \(robin vale\) is listed twice",
            ),
            (
                "Team",
                [ASH, Attendee("Ash again", "psychology", "ash")],
                r"attendee 2 \(Ash again\) is listed twice",
            ),
            (
                "Team",
                [Attendee("Kim", "nursing", "kim")],
                r"attendee 1 \(Kim\) is given as the user kim, who has",
            ),
            ("Team", [Attendee(f"Guest {n}", "nursing") for n in range(MAX_ATTENDEES + 1)], "at most 60"),
        ],
    )
    def test_bad_meetings_are_refused_and_nothing_is_kept(
        self, ash: Store, title: str, attendees: list[Attendee], message: str
    ) -> None:
        with pytest.raises(StoreError, match=message):
            ash.create_meeting(HELD_ON, title, attendees)
        assert ash.list_meetings() == []
        meeting = ash.create_meeting(HELD_ON, "Team", [ASH])
        with pytest.raises(StoreError, match=message):
            ash.update_meeting(meeting.id, meeting.version, HELD_ON, title, attendees)
        assert ash.load_meeting(meeting.id) == meeting

    def test_no_profile_no_meeting_and_unknown_meetings(self, open_store: OpenStore, ash: Store) -> None:
        nobody = open_store("nobody")
        with pytest.raises(
            StoreError, match="nobody has no name and discipline yet: give them first, then make"
        ):
            nobody.create_meeting(HELD_ON, "Team", [])
        meeting = ash.create_meeting(HELD_ON, "Team", [])
        with pytest.raises(StoreError, match="nobody has no name and discipline yet"):
            nobody.update_meeting(meeting.id, 1, HELD_ON, "Other", [])
        for missing in (999, 2**40):
            with pytest.raises(NotFound, match=f"there is no meeting with id {missing}"):
                ash.load_meeting(missing)
        assert ash.load_meeting(meeting.id) == meeting


class TestAgenda:
    def test_the_agenda_is_kept_in_the_chair_s_order_with_patients_and_reasons(self, ash: Store) -> None:
        first, second = patient_plan(ash, "P-1", "Ada Example"), patient_plan(ash, "P-2", "Ben Stone")
        meeting = ash.create_meeting(HELD_ON, "Team", [])
        reasons = (" Review overdue by 9 days (week 12, due 3 Nov 2026) ", "", "Not signed off yet")
        chosen = ash.set_agenda(meeting.id, 1, [(second, reasons), (first, ())])
        assert chosen.version == 2
        assert [
            (e.position, e.plan_id, e.patient_name, e.record_number, e.plan_title) for e in chosen.entries
        ] == [
            (0, second, "Ben Stone", "P-2", "First plan"),
            (1, first, "Ada Example", "P-1", "First plan"),
        ]
        assert chosen.entries[0].reasons == (
            "Review overdue by 9 days (week 12, due 3 Nov 2026)",
            "Not signed off yet",
        )
        assert all(e.recommendation is None and e.presented_revision is None for e in chosen.entries)
        assert ash.load_meeting(meeting.id) == chosen

    def test_reordering_keeps_each_entry_its_reasons_and_recommendation(self, ash: Store) -> None:
        plans = [patient_plan(ash, f"P-{n}", f"Patient {n}") for n in range(3)]
        meeting = with_agenda(ash, plans[:2])
        recommended = ash.record_recommendation(meeting.entries[1].id, 1, "Taper the opioid")
        reordered = ash.set_agenda(
            meeting.id, meeting.version, [(plans[2], ("New",)), (plans[1], ()), (plans[0], ())]
        )
        kept = {entry.plan_id: entry for entry in reordered.entries}
        assert [entry.plan_id for entry in reordered.entries] == [plans[2], plans[1], plans[0]]
        assert (
            kept[plans[1]].id == recommended.id
            and kept[plans[1]].recommendation == recommended.recommendation
        )
        assert kept[plans[1]].version == recommended.version and kept[plans[1]].reasons == (
            "Not signed off yet",
        )
        assert kept[plans[0]].id == meeting.entries[0].id and kept[plans[2]].reasons == ("New",)
        dropped = ash.set_agenda(meeting.id, reordered.version, [(plans[1], ())])  # no recommendation: may go
        assert [entry.id for entry in dropped.entries] == [recommended.id]

    def test_an_entry_with_a_recommendation_cannot_be_taken_off(self, ash: Store) -> None:
        plans = [patient_plan(ash, f"P-{n}", f"Patient {n}") for n in range(2)]
        meeting = with_agenda(ash, plans)
        ash.record_recommendation(meeting.entries[0].id, 1, "Refer to psychology")
        before = ash.load_meeting(meeting.id)
        with pytest.raises(
            StoreError,
            match=r"Patient 0's plan \"First plan\" has the team's recommendation, "
            rf"recorded by Dr Ash {WHEN}: it stays on the agenda as the record; the agenda was not changed",
        ):
            ash.set_agenda(meeting.id, before.version, [(plans[1], ())])
        assert ash.load_meeting(meeting.id) == before

    def test_bad_agendas_are_refused_and_nothing_changes(self, ash: Store) -> None:
        open_plan = patient_plan(ash, "P-1", "Ada Example")
        closed = patient_plan(ash, "P-2", "Ben Stone")
        ash.set_status(closed, "revoked", base=1)
        meeting = with_agenda(ash, [open_plan])
        refusals = [
            ([(open_plan, ()), (open_plan, ())], 'Ada Example\'s plan "First plan" is chosen twice'),
            (
                [(open_plan, ()), (999, ())],
                r"there is no plan with id 999 \(line 2\); the agenda was not changed",
            ),
            ([(2**40, ())], "there is no plan with id 1099511627776"),
            ([(closed, ())], 'Ben Stone\'s plan "First plan" is revoked: only draft and active plans'),
            ([(open_plan, ("x" * 501,))], "a reason given for Ada Example's plan .* has 501 characters"),
            ([(open_plan, ("Not\x00 signed",))], "a reason given for Ada Example's plan .* contains a NUL"),
            ([(open_plan, ())] * (MAX_ENTRIES + 1), f"at most {MAX_ENTRIES} fit one meeting's agenda"),
        ]
        for plans, message in refusals:
            assert isinstance(plans, list) and isinstance(message, str)
            with pytest.raises(StoreError, match=message):
                ash.set_agenda(meeting.id, meeting.version, plans)
            assert ash.load_meeting(meeting.id) == meeting

    def test_a_plan_closed_after_it_was_chosen_stays_on_the_agenda(self, ash: Store) -> None:
        plans = [patient_plan(ash, f"P-{n}", f"Patient {n}") for n in range(2)]
        meeting = with_agenda(ash, plans)
        ash.set_status(plans[0], "revoked", base=1)
        reordered = ash.set_agenda(meeting.id, meeting.version, [(plans[1], ()), (plans[0], ())])
        assert [entry.plan_id for entry in reordered.entries] == [plans[1], plans[0]]

    def test_a_stale_agenda_is_refused_naming_who_changed_the_meeting(
        self, open_store: OpenStore, ash: Store
    ) -> None:
        kim = member(open_store, "kim", "Kim Park", "nursing")
        plans = [patient_plan(ash, f"P-{n}", f"Patient {n}") for n in range(2)]
        meeting = ash.create_meeting(HELD_ON, "Team", [])
        kims = kim.set_agenda(meeting.id, 1, [(plans[0], ())])
        with pytest.raises(
            StoreError, match=rf"changed by Kim Park \(kim\) {WHEN} after you opened it; nothing was written"
        ):
            ash.set_agenda(meeting.id, 1, [(plans[1], ())])
        assert ash.load_meeting(meeting.id) == kims

    def test_a_window_holding_a_removed_entry_never_writes_into_the_next_one(self, ash: Store) -> None:
        first, second = patient_plan(ash, "P-1", "Ada Example"), patient_plan(ash, "P-2", "Ben Stone")
        meeting = with_agenda(ash, [first])
        stale = meeting.entries[0]
        emptied = ash.set_agenda(meeting.id, meeting.version, [])
        refilled = ash.set_agenda(meeting.id, emptied.version, [(second, ())])
        assert refilled.entries[0].id != stale.id  # ids are never used again, on SQLite too
        with pytest.raises(NotFound, match=r"^this patient is no longer on the meeting's agenda: the agenda"):
            ash.record_recommendation(stale.id, stale.version, "Continue")
        assert ash.load_meeting(meeting.id) == refilled
        ash.delete_meeting(meeting.id, refilled.version)
        assert ash.create_meeting(HELD_ON, "Team", []).id != meeting.id

    def test_each_patient_s_trail_says_when_their_plan_was_added_or_taken_off(self, ash: Store) -> None:
        plan_id = patient_plan(ash, "P-1", "Ada Example")
        patient_id = ash.plan_summary(plan_id).patient_id
        meeting = with_agenda(ash, [plan_id])
        ash.set_agenda(meeting.id, meeting.version, [])
        events = [(e.action, e.changes) for e in ash.audit_trail(patient_id) if e.action == "agenda"]
        on = {"meeting": meeting.id, "held_on": "2026-11-04"}
        assert events == [("agenda", on | {"added": True}), ("agenda", on | {"added": False})]
        assert [action for action, _ in meeting_events(ash, meeting.id)] == ["create", "agenda", "agenda"]


class TestSaveMeeting:
    def test_a_new_meeting_is_made_with_its_agenda_at_once(self, ash: Store) -> None:
        plans = [patient_plan(ash, f"P-{n}", f"Patient {n}") for n in range(2)]
        made = ash.save_meeting(
            None, None, HELD_ON, " Team ", [ASH], [(plans[1], ("Not signed off yet",)), (plans[0], ())]
        )
        assert (made.title, made.chair, made.version, made.attendees) == ("Team", "ash", 1, (ASH,))
        assert [(e.plan_id, e.reasons) for e in made.entries] == [
            (plans[1], ("Not signed off yet",)),
            (plans[0], ()),
        ]
        assert ash.load_meeting(made.id) == made
        assert [action for action, _ in meeting_events(ash, made.id)] == ["create", "agenda"]

    def test_details_and_agenda_change_together_over_one_version(self, ash: Store) -> None:
        plans = [patient_plan(ash, f"P-{n}", f"Patient {n}") for n in range(2)]
        meeting = with_agenda(ash, [plans[0]])
        recommended = ash.record_recommendation(meeting.entries[0].id, 1, "Continue")
        saved = ash.save_meeting(
            meeting.id,
            meeting.version,
            dt.date(2026, 11, 6),
            "Moved",
            [GUEST],
            [(plans[1], ()), (plans[0], ())],
        )
        assert (saved.held_on, saved.title, saved.attendees, saved.version) == (
            dt.date(2026, 11, 6),
            "Moved",
            (GUEST,),
            3,
        )
        assert [e.plan_id for e in saved.entries] == [plans[1], plans[0]] and saved.entries[
            1
        ] == dataclasses.replace(recommended, position=1)
        with pytest.raises(StoreError, match=r"the meeting was changed by Dr Ash \(ash\)"):
            ash.save_meeting(meeting.id, meeting.version, HELD_ON, "Stale", [], [])
        assert ash.load_meeting(meeting.id) == saved

    def test_a_refused_agenda_leaves_the_details_unchanged_too(self, ash: Store) -> None:
        plan_id = patient_plan(ash, "P-1", "Ada Example")
        meeting = with_agenda(ash, [plan_id])
        ash.record_recommendation(meeting.entries[0].id, 1, "Continue")
        before = ash.load_meeting(meeting.id)
        for plans, message in (
            ([], "has the team's recommendation"),
            ([(999, ())], "there is no plan with id 999"),
        ):
            with pytest.raises(StoreError, match=message):
                ash.save_meeting(meeting.id, before.version, dt.date(2026, 12, 1), "Changed", [GUEST], plans)
            assert ash.load_meeting(meeting.id) == before
        with pytest.raises(StoreError, match="there is no plan with id 999"):
            ash.save_meeting(None, None, HELD_ON, "New", [], [(999, ())])
        with pytest.raises(StoreError, match=r"a reason given for Ada Example's plan .* contains a NUL"):
            ash.save_meeting(None, None, HELD_ON, "New", [], [(plan_id, ("\x00",))])
        with pytest.raises(StoreError, match="the meeting's version is missing"):
            ash.save_meeting(meeting.id, None, HELD_ON, "Changed", [], [(plan_id, ())])
        assert [m.id for m in ash.list_meetings()] == [meeting.id] and ash.load_meeting(meeting.id) == before
