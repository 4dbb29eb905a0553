"""What a team meeting reads from the plans, on SQLite and PostgreSQL: the open plans an agenda is suggested
from (in a fixed number of queries), what the meeting shows for a patient with the point the team last saw
the plan, and what the minutes record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, text

from careplanner.domain import Measurement, PegScores
from careplanner.store import NotFound, Store, StoreError
from careplanner.team.meetings import Meeting
from tests.integration.test_store_meetings import patient_plan, with_agenda
from tests.integration.test_store_team import changed, member

OpenStore = Callable[..., Store]
NOV_4 = dt.date(2026, 11, 4)


def noon(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=dt.UTC)


def at(store: Store, moment: dt.datetime) -> Store:
    """The store's clock stands at `moment` (sign-offs and recommendations take their time from it)."""
    store.db.now = lambda: moment
    return store


@contextmanager
def counted(store: Store) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    event.listen(store.db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(store.db.engine, "before_cursor_execute", count)


@pytest.fixture
def ash(open_store: OpenStore) -> Store:
    return member(open_store, "ash", "Dr Ash", "pain-medicine")


def recommended(store: Store, plan_id: int, held_on: dt.date, moment: dt.datetime) -> Meeting:
    meeting = with_agenda(store, [plan_id], held_on)
    at(store, moment).record_recommendation(meeting.entries[0].id, 1, "Continue")
    return store.load_meeting(meeting.id)


class TestCandidates:
    def test_every_open_plan_with_its_head_check_ins_and_sign_offs_by_patient_name(self, ash: Store) -> None:
        draft = patient_plan(ash, "P-3", "Cara Zed")
        active = patient_plan(ash, "P-1", "Ada Example")
        ash.add_checkin(
            ash.plan_summary(active).patient_id, Measurement(dt.date(2026, 11, 2), PegScores(6, 5, 7))
        )
        agreed = ash.sign_off(active, 1, True, None)
        ash.set_status(active, "active", base=1)  # revision 2, same content: the sign-off still counts
        completed, revoked = patient_plan(ash, "P-2", "Ben Stone"), patient_plan(ash, "P-4", "Dan Old")
        ash.set_status(completed, "active", base=1)
        ash.set_status(completed, "completed", base=2)
        ash.set_status(revoked, "revoked", base=1)
        candidates = ash.agenda_candidates()
        assert [(c.plan_id, c.patient_name, c.record_number, c.status) for c in candidates] == [
            (active, "Ada Example", "P-1", "active"),
            (draft, "Cara Zed", "P-3", "draft"),
        ]
        first = candidates[0]
        assert (first.head_revision, first.signoff_revision, first.signoffs) == (2, 1, (agreed,))
        assert first.document == ash.load_revision(active).document  # with the patient's check-ins
        assert [m.date for m in first.document.checkins] == [dt.date(2026, 11, 2)]
        assert candidates[1].signoffs == () and candidates[1].document.checkins == ()

    def test_a_changed_plan_s_sign_offs_count_against_its_newest_content(self, ash: Store) -> None:
        plan_id = patient_plan(ash, "P-1", "Ada Example")
        ash.sign_off(plan_id, 1, True, None)
        changed(ash, plan_id, 1, 7)
        ash.set_status(plan_id, "active", base=2)
        [candidate] = ash.agenda_candidates()
        assert (
            (candidate.head_revision, candidate.signoff_revision)
            == (3, ash.signoff_revision(plan_id))
            == (3, 2)
        )

    def test_the_queries_do_not_grow_with_the_number_of_plans(self, ash: Store) -> None:
        for n in range(2):
            plan_id = patient_plan(ash, f"P-{n}", f"Patient {n}")
            ash.sign_off(plan_id, 1, True, None)
        with counted(ash) as few:
            assert len(ash.agenda_candidates()) == 2
        for n in range(2, 8):
            plan_id = patient_plan(ash, f"P-{n}", f"Patient {n}")
            ash.sign_off(plan_id, 1, True, None)
            changed(ash, plan_id, 1, 7)
        with counted(ash) as many:
            assert len(ash.agenda_candidates()) == 8
        assert len(many) == len(few) <= 4

    def test_a_plan_whose_head_cannot_be_read_is_left_out(self, ash: Store) -> None:
        broken, fine = patient_plan(ash, "P-1", "Ada Example"), patient_plan(ash, "P-2", "Ben Stone")
        with ash.db.writing() as session:
            session.execute(
                text("UPDATE plan_revisions SET content = '[]' WHERE plan_id = :p"), {"p": broken}
            )
        assert [c.plan_id for c in ash.agenda_candidates()] == [fine]


class TestSlideSources:
    def test_a_plan_the_team_has_not_seen_has_no_since_point(self, ash: Store) -> None:
        plan_id = patient_plan(ash, "P-1", "Ada Example")
        comment = ash.add_comment(plan_id, 1, "Check the kidney function")
        changed(ash, plan_id, 1, 7)
        meeting = with_agenda(ash, [plan_id])
        sources = ash.slide_sources(meeting.entries[0].id)
        assert (sources.meeting, sources.entry) == (meeting, meeting.entries[0])
        assert sources.document == ash.load_revision(plan_id).document
        assert (sources.plan_status, sources.head_revision, sources.signoff_revision) == ("draft", 2, 2)
        assert (sources.since, sources.since_document, sources.since_status) == (None, None, None)
        assert sources.comments == (comment,) and sources.signoffs == ()

    def test_an_earlier_meeting_s_recommendation_is_the_point_with_that_revision(self, ash: Store) -> None:
        plan_id = patient_plan(ash, "P-1", "Ada Example")
        recommended(ash, plan_id, NOV_4, noon(4))
        changed(ash, plan_id, 1, 7)
        ash.set_status(plan_id, "active", base=2)
        now = with_agenda(ash, [plan_id], dt.date(2026, 11, 18))
        sources = ash.slide_sources(now.entries[0].id)
        assert sources.since is not None
        assert (sources.since.revision, sources.since.words) == (
            1,
            "since the team meeting on 4 Nov 2026 (revision 1)",
        )
        assert (
            sources.since_document == ash.load_revision(plan_id, 1).document
            and sources.since_status == "draft"
        )
        assert sources.since_document != sources.document and sources.head_revision == 3

    @pytest.mark.parametrize(
        ("signed", "expected"),
        [
            (noon(2), "since the team meeting on 4 Nov 2026 (revision 1)"),  # signed before the meeting
            (noon(10), "since Pain medicine's sign-off on 10 Nov 2026 (revision 1)"),  # after it
            (noon(4, 9), "since the team meeting on 4 Nov 2026 (revision 1)"),  # same day, earlier hour
            (noon(4, 15), "since Pain medicine's sign-off on 4 Nov 2026 (revision 1)"),  # same day, later
            (noon(18), "since Pain medicine's sign-off on 18 Nov 2026 (revision 1)"),  # the meeting's day
            (noon(20), "since the team meeting on 4 Nov 2026 (revision 1)"),  # after the meeting shown
        ],
    )
    def test_the_later_of_the_meeting_and_the_sign_off_is_the_point(
        self, ash: Store, signed: dt.datetime, expected: str
    ) -> None:
        plan_id = patient_plan(ash, "P-1", "Ada Example")
        recommended(ash, plan_id, NOV_4, noon(4))
        at(ash, signed).sign_off(plan_id, 1, True, None)
        now = with_agenda(ash, [plan_id], dt.date(2026, 11, 18))
        since = ash.slide_sources(now.entries[0].id).since
        assert since is not None and since.words == expected

    def test_a_sign_off_alone_is_the_point_and_names_its_status(
        self, open_store: OpenStore, ash: Store
    ) -> None:
        pia = member(open_store, "pia", "Pia Holm", "psychology")
        plan_id = patient_plan(ash, "P-1", "Ada Example")
        ash.set_status(plan_id, "active", base=1)
        at(pia, noon(2)).sign_off(plan_id, 2, False, "needs a sleep plan first")
        changed(ash, plan_id, 2, 7)
        sources = ash.slide_sources(with_agenda(ash, [plan_id]).entries[0].id)
        assert sources.since is not None
        assert (sources.since.revision, sources.since.words) == (
            2,
            "since Psychology's sign-off on 2 Nov 2026 (revision 2)",
        )
        assert (
            sources.since_status == "active"
            and sources.since_document == ash.load_revision(plan_id, 2).document
        )

    def test_only_earlier_meetings_that_recorded_a_recommendation_on_this_plan_count(
        self, ash: Store
    ) -> None:
        plan_id, other = patient_plan(ash, "P-1", "Ada Example"), patient_plan(ash, "P-2", "Ben Stone")
        this = with_agenda(ash, [plan_id], NOV_4)
        recommended(ash, other, dt.date(2026, 11, 1), noon(1))  # another plan
        with_agenda(ash, [plan_id], dt.date(2026, 11, 1))  # earlier, but nothing recorded
        recommended(ash, plan_id, dt.date(2026, 11, 11), noon(11))  # later meeting
        recommended(ash, plan_id, NOV_4, noon(4))  # same day, made after this one
        assert ash.slide_sources(this.entries[0].id).since is None
        changed(ash, plan_id, 1, 7)
        latest = with_agenda(ash, [plan_id], NOV_4)  # same day, made after the last one: it counts
        since = ash.slide_sources(latest.entries[0].id).since
        assert since is not None and since.words == "since the team meeting on 4 Nov 2026 (revision 1)"

    def test_an_unknown_entry_is_refused(self, ash: Store) -> None:
        with pytest.raises(NotFound, match=r"^this patient is no longer on the meeting's agenda"):
            ash.slide_sources(999)

    def test_a_revision_that_cannot_be_read_is_named_by_patient_and_plan(self, ash: Store) -> None:
        plan_id = patient_plan(ash, "P-1", "Ada Example")
        meeting = with_agenda(ash, [plan_id])
        with ash.db.writing() as session:
            session.execute(
                text("UPDATE plan_revisions SET content = '[]' WHERE plan_id = :p"), {"p": plan_id}
            )
        with pytest.raises(
            StoreError, match=r"^revision 1 of Ada Example's plan \"First plan\" cannot be read: "
        ):
            ash.slide_sources(meeting.entries[0].id)


class TestMinutesSources:
    def test_each_entry_in_order_with_its_plan_s_sign_offs_and_comments_now(
        self, open_store: OpenStore, ash: Store
    ) -> None:
        sam = member(open_store, "sam", "Sam Lee", "pharmacy")
        first, second = patient_plan(ash, "P-1", "Ada Example"), patient_plan(ash, "P-2", "Ben Stone")
        meeting = with_agenda(ash, [second, first])
        ash.record_recommendation(meeting.entries[0].id, 1, "Stop the tramadol")
        dissent = sam.sign_off(second, 1, False, "interaction with tramadol")
        resolved = ash.resolve_comment(ash.add_comment(second, 1, "Kidney function?").id)
        still_open = sam.add_comment(second, 1, "Weight gain")
        ash.set_status(second, "active", base=1)
        read, sources = ash.minutes_sources(meeting.id)
        assert read == ash.load_meeting(meeting.id)
        assert [source.entry for source in sources] == list(read.entries)
        assert [(s.plan_status, s.head_revision, s.signoff_revision) for s in sources] == [
            ("active", 2, 1),
            ("draft", 1, 1),
        ]
        assert sources[0].signoffs == (dissent,) and sources[0].comments == (resolved, still_open)
        assert sources[1].signoffs == () and sources[1].comments == ()

    def test_an_unknown_meeting_is_refused(self, ash: Store) -> None:
        with pytest.raises(NotFound, match="there is no meeting with id 999"):
            ash.minutes_sources(999)
