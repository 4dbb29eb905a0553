"""The team's recommendation for a patient and deleting a meeting, on SQLite and PostgreSQL: who recorded what
on which revision, a stale write refused naming who was first, a meeting with a recommendation kept as the
record; every refusal says what is wrong and leaves everything as it was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from careplanner.store import NotFound, Store, StoreError
from tests.integration.test_store_meetings import WHEN, patient_plan, with_agenda
from tests.integration.test_store_team import changed, member

OpenStore = Callable[..., Store]


@pytest.fixture
def ash(open_store: OpenStore) -> Store:
    return member(open_store, "ash", "Dr Ash", "pain-medicine")


class TestRecommendation:
    def test_a_recommendation_names_who_when_and_the_head_revision_and_leaves_the_plan(
        self, open_store: OpenStore, ash: Store
    ) -> None:
        sam = member(open_store, "sam", "Sam Lee", "pharmacy")
        plan_id = patient_plan(ash, "P-1", "Ada Example")
        changed(ash, plan_id, 1, 7)
        meeting = with_agenda(ash, [plan_id])
        revisions = ash.list_revisions(plan_id)
        entry = sam.record_recommendation(meeting.entries[0].id, 1, "  Reduce the dose; review in 4 weeks ")
        assert entry.presented_revision == 2 and entry.version == 2
        assert entry.recommendation is not None
        assert (entry.recommendation.text, entry.recommendation.by, entry.recommendation.by_name) == (
            "Reduce the dose; review in 4 weeks",
            "sam",
            "Sam Lee",
        )
        assert entry.recommendation.discipline == "pharmacy" and entry.recommendation.at.tzinfo is not None
        assert ash.list_revisions(plan_id) == revisions  # the plan itself is never written
        assert ash.load_meeting(meeting.id).entries == (entry,)
        trail = [
            e for e in ash.audit_trail(ash.plan_summary(plan_id).patient_id) if e.action == "recommendation"
        ]
        assert [(e.actor, e.changes["revision"]) for e in trail] == [("sam", 2)]

    def test_a_second_recommendation_over_the_version_read_replaces_it_on_the_new_head(
        self, ash: Store
    ) -> None:
        plan_id = patient_plan(ash, "P-1", "Ada Example")
        meeting = with_agenda(ash, [plan_id])
        first = ash.record_recommendation(meeting.entries[0].id, 1, "Continue")
        changed(ash, plan_id, 1, 7)
        second = ash.record_recommendation(first.id, first.version, "Continue, with physiotherapy")
        assert (second.presented_revision, second.version) == (2, 3)
        assert (
            second.recommendation is not None and second.recommendation.text == "Continue, with physiotherapy"
        )

    def test_a_stale_recommendation_is_refused_naming_who_recorded_what(
        self, open_store: OpenStore, ash: Store
    ) -> None:
        sam = member(open_store, "sam", "Sam Lee", "pharmacy")
        meeting = with_agenda(ash, [patient_plan(ash, "P-1", "Ada Example")])
        sams = sam.record_recommendation(meeting.entries[0].id, 1, "Stop the tramadol.")
        with pytest.raises(
            StoreError,
            match=rf"^Sam Lee \(Pharmacy\) recorded a recommendation for this patient {WHEN}, so nothing was "
            r'written; .* Theirs: "Stop the tramadol\."$',
        ):
            ash.record_recommendation(sams.id, 1, "Continue")
        assert ash.load_meeting(meeting.id).entries == (sams,)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (" \n ", "the recommendation is empty"),
            ("x" * 4001, "has 4,001 characters; at most 4,000"),
            ("Taper\x00", r"^the recommendation contains a NUL character \(\\u0000\), which cannot be kept"),
        ],
    )
    def test_bad_recommendations_are_refused(self, ash: Store, text: str, message: str) -> None:
        meeting = with_agenda(ash, [patient_plan(ash, "P-1", "Ada Example")])
        with pytest.raises(StoreError, match=message):
            ash.record_recommendation(meeting.entries[0].id, 1, text)
        assert ash.load_meeting(meeting.id) == meeting

    def test_unknown_entries_and_users_without_a_profile_are_refused(
        self, open_store: OpenStore, ash: Store
    ) -> None:
        meeting = with_agenda(ash, [patient_plan(ash, "P-1", "Ada Example")])
        with pytest.raises(NotFound, match=r"^this patient is no longer on the meeting's agenda") as refused:
            ash.record_recommendation(999, 1, "Continue")
        assert "999" not in str(refused.value)  # the window shows it: no internal ids
        with pytest.raises(StoreError, match="nobody has no name and discipline yet"):
            open_store("nobody").record_recommendation(meeting.entries[0].id, 1, "Continue")
        assert ash.load_meeting(meeting.id) == meeting

    def test_the_revision_the_team_was_shown_is_the_one_recorded_though_a_colleague_saved_meanwhile(
        self, open_store: OpenStore, ash: Store
    ) -> None:
        sam = member(open_store, "sam", "Sam Lee", "pharmacy")
        plan_id = patient_plan(ash, "P-1", "Ada Example")
        meeting = with_agenda(ash, [plan_id], dt.date(2026, 11, 4))
        shown = ash.slide_sources(meeting.entries[0].id)  # the page on the projector: revision 1
        assert changed(sam, plan_id, 1, 7) == 2  # saved while the team talks
        entry = ash.record_recommendation(
            shown.entry.id, shown.entry.version, "Continue", shown.head_revision
        )
        assert entry.presented_revision == 1
        trail = ash.audit_trail(ash.plan_summary(plan_id).patient_id)
        assert [e.changes["revision"] for e in trail if e.action == "recommendation"] == [1]
        later = with_agenda(ash, [plan_id], dt.date(2026, 11, 18))
        sources = ash.slide_sources(later.entries[0].id)
        assert sources.since is not None
        assert sources.since.words == "since the team meeting on 4 Nov 2026 (revision 1)"
        assert sources.since_document != sources.document  # sam's change is shown to the next meeting

    @pytest.mark.parametrize("seen", [0, 3, -1])
    def test_a_revision_the_plan_does_not_have_is_refused(self, ash: Store, seen: int) -> None:
        plan_id = patient_plan(ash, "P-1", "Ada Example")
        changed(ash, plan_id, 1, 7)
        meeting = with_agenda(ash, [plan_id])
        with pytest.raises(
            StoreError,
            match=rf"^the recommendation is given on revision {seen} of the plan, which has no such revision "
            r"\(its newest is revision 2\); nothing was written$",
        ):
            ash.record_recommendation(meeting.entries[0].id, 1, "Continue", seen)
        assert ash.load_meeting(meeting.id) == meeting


class TestDelete:
    def test_a_meeting_without_recommendations_is_deleted_and_then_named_as_deleted(
        self, open_store: OpenStore, ash: Store
    ) -> None:
        kim = member(open_store, "kim", "Kim Park", "nursing")
        plan_id = patient_plan(ash, "P-1", "Ada Example")
        meeting = with_agenda(ash, [plan_id])
        kim.delete_meeting(meeting.id, meeting.version)
        assert ash.list_meetings() == []
        with pytest.raises(NotFound, match=rf"the meeting was deleted by Kim Park \(kim\) {WHEN}$"):
            ash.load_meeting(meeting.id)
        with pytest.raises(NotFound, match=r"the meeting was deleted by Kim Park \(kim\)"):
            ash.set_agenda(meeting.id, meeting.version, [])
        assert ash.plan_summary(plan_id).head_number == 1  # the plan is untouched

    def test_a_meeting_with_a_recommendation_or_a_stale_version_is_kept(self, ash: Store) -> None:
        meeting = with_agenda(ash, [patient_plan(ash, "P-1", "Ada Example")])
        with pytest.raises(StoreError, match=r"the meeting was changed by Dr Ash \(ash\)"):
            ash.delete_meeting(meeting.id, 1)
        ash.record_recommendation(meeting.entries[0].id, 1, "Continue")
        kept = ash.load_meeting(meeting.id)
        with pytest.raises(StoreError, match="recorded for 1 patient of this meeting: the meeting is kept"):
            ash.delete_meeting(meeting.id, kept.version)
        assert ash.load_meeting(meeting.id) == kept
