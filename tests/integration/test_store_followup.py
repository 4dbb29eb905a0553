"""Follow-up in the store, on SQLite and PostgreSQL: check-ins keep goal progress, adherence and side effects;
the clinic's due list follows every save, decision, review held and status change of an active plan."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from careplanner.domain import (
    Adherence,
    Assessment,
    CheckinChanges,
    GoalProgress,
    Measurement,
    Patient,
    PegScores,
    PlanDocument,
)
from careplanner.followup.worklist import merge_open_plan, sort_entries
from careplanner.store import PlanConflict, PlanContent, Store, StoreError
from tests.builders import PLAN_START, document, foundation, on_week

REVIEW_DAY = on_week(4)  # 4 Jan 2027: the review of week 4
MED_DAY = on_week(6)  # 18 Jan 2027: duloxetine ("med") assessed
PSY_DAY = on_week(10)  # 15 Feb 2027: CBT ("psy") assessed
LATER = dt.date(2027, 6, 1)  # every date above is overdue by then


def a_patient(record: str = "P-1", name: str = "Ada Example") -> Patient:
    return Patient(record, name, dt.date(1958, 3, 2), "female", ("chronic-low-back-pain",))


def a_document() -> PlanDocument:
    return document(foundation(), reviews=(4,))


def with_item(content: PlanContent, item_id: str, **changes: object) -> PlanContent:
    items = tuple(dataclasses.replace(i, **changes) if i.id == item_id else i for i in content.plan.items)  # type: ignore[arg-type]
    return dataclasses.replace(content, plan=dataclasses.replace(content.plan, items=items))


def with_review_held(content: PlanContent, week: int, day: dt.date) -> PlanContent:
    reviews = tuple(
        dataclasses.replace(r, held_on=day) if r.week == week else r for r in content.plan.reviews
    )
    return dataclasses.replace(content, plan=dataclasses.replace(content.plan, reviews=reviews))


def listed(store: Store, as_of: dt.date = LATER, days: int = 7) -> list[tuple[str, str | None, dt.date]]:
    return [(e.kind, e.item_id, e.due_date) for e in store.due_list(as_of, days)]


def active_plan(
    store: Store, patient: Patient | None = None, plan: PlanDocument | None = None
) -> tuple[int, int]:
    """A stored patient with an active plan (head revision 2); returns (patient id, plan id)."""
    record = store.create_patient(patient or a_patient())
    plan_id = store.create_plan(record.id, PlanContent.of(plan or a_document()), "First plan").plan_id
    store.set_status(plan_id, "active", base=1)
    return record.id, plan_id


ALL_OPEN = [("review", None, REVIEW_DAY), ("assessment", "med", MED_DAY), ("assessment", "psy", PSY_DAY)]


class TestCheckins:
    FULL = Measurement(
        dt.date(2027, 1, 5),
        PegScores(5, 6, 5),
        6,
        4,
        goal_progress=(GoalProgress("g1", "some"), GoalProgress("g2", "no-change")),
        adherence=(Adherence("med", "duloxetine", "partly"), Adherence("psy", "cbt", "as-planned")),
        side_effects="Nausea in the first week; «better» now",
    )

    def test_goal_progress_adherence_and_side_effects_come_back_as_recorded(self, store: Store) -> None:
        record = store.create_patient(a_patient())
        plain = Measurement(dt.date(2026, 12, 29), PegScores(6, 7, 6), 5, 5)
        store.add_checkin(record.id, plain)
        store.add_checkin(record.id, self.FULL)
        assert store.load_patient(record.id).checkins == (plain, self.FULL)

    def test_a_checkin_without_them_stores_nothing_there(self, store: Store) -> None:
        from sqlalchemy import text

        record = store.create_patient(a_patient())
        store.add_checkin(record.id, Measurement(dt.date(2026, 12, 29), sleep=4))
        with store.db.engine.connect() as connection:
            stored = connection.execute(
                text("SELECT goal_progress IS NULL, adherence IS NULL, side_effects IS NULL FROM checkins")
            ).one()
        assert all(stored)  # like a row written before migration 0005

    def test_the_window_removes_and_adds_such_a_checkin_one_for_one(self, store: Store) -> None:
        patient_id, plan_id = active_plan(store)
        store.add_checkin(patient_id, self.FULL)
        doc = dataclasses.replace(a_document(), patient=a_patient())
        removed = store.save_work(
            doc, patient_id, 1, None, plan_id, 2, checkins=CheckinChanges(removed=(self.FULL,))
        )
        assert store.load_patient(patient_id).checkins == ()
        store.save_work(
            doc, patient_id, 1, None, plan_id, removed.revision.number, checkins=CheckinChanges((self.FULL,))
        )
        store.save_work(  # the same check-in again is not doubled
            doc, patient_id, 1, None, plan_id, removed.revision.number, checkins=CheckinChanges((self.FULL,))
        )
        assert store.load_patient(patient_id).checkins == (self.FULL,)


class TestDueRowsFollowThePlan:
    def test_only_an_active_plan_is_listed(self, store: Store) -> None:
        record = store.create_patient(a_patient())
        plan_id = store.create_plan(record.id, PlanContent.of(a_document()), "First plan").plan_id
        assert listed(store) == []  # a draft asks for no follow-up
        store.set_status(plan_id, "active", base=1)
        assert listed(store) == ALL_OPEN
        store.set_status(plan_id, "completed", base=2)
        assert listed(store) == []

    def test_a_revoked_plan_leaves_the_list(self, store: Store) -> None:
        _, plan_id = active_plan(store)
        store.set_status(plan_id, "revoked", base=2)
        assert listed(store) == []

    def test_a_saved_revision_moves_the_due_date(self, store: Store) -> None:
        _, plan_id = active_plan(store)
        moved = with_item(PlanContent.of(a_document()), "med", assess_week=8)
        store.save_revision(plan_id, moved, base=2)
        assert ("assessment", "med", on_week(8)) in listed(store)
        assert ("assessment", "med", MED_DAY) not in listed(store)

    def test_a_decision_takes_the_assessment_off_the_list(self, store: Store) -> None:
        _, plan_id = active_plan(store)
        decided = Assessment(6, "partial", 35, decision="continue", decided_on=MED_DAY, by="dr.alice")
        store.save_revision(plan_id, with_item(PlanContent.of(a_document()), "med", assessed=decided), base=2)
        assert listed(store) == [ALL_OPEN[0], ALL_OPEN[2]]

    def test_a_course_stopped_before_its_assessment_is_not_listed(self, store: Store) -> None:
        _, plan_id = active_plan(store)
        store.save_revision(plan_id, with_item(PlanContent.of(a_document()), "psy", end_week=8), base=2)
        assert listed(store) == ALL_OPEN[:2]

    def test_a_review_held_is_no_longer_due(self, store: Store) -> None:
        _, plan_id = active_plan(store)
        held = with_review_held(PlanContent.of(a_document()), 4, REVIEW_DAY)
        store.save_revision(plan_id, held, base=2)
        assert listed(store) == ALL_OPEN[1:]

    def test_the_window_s_save_keeps_the_list_in_step(self, store: Store) -> None:
        patient_id, plan_id = active_plan(store)
        decided = Assessment(6, "effective", 60, decision="continue", decided_on=MED_DAY, by="dr.alice")
        content = with_item(PlanContent.of(a_document()), "med", assessed=decided)
        store.save_work(content.document(a_patient()), patient_id, 1, None, plan_id, 2)
        assert [item for _, item, _ in listed(store)] == [None, "psy"]

    def test_a_refused_save_leaves_the_list_as_it_was(self, open_store) -> None:  # type: ignore[no-untyped-def]
        alice, bob = open_store("dr.alice"), open_store("dr.bob")
        _, plan_id = active_plan(alice)
        alice.save_revision(plan_id, with_item(PlanContent.of(a_document()), "med", assess_week=8), base=2)
        before = listed(alice)
        with pytest.raises(PlanConflict):
            bob.save_revision(plan_id, with_review_held(PlanContent.of(a_document()), 4, REVIEW_DAY), base=2)
        assert listed(bob) == before

    def test_an_imported_plan_is_listed_once_it_is_made_active(self, store: Store) -> None:
        imported = store.import_document(dataclasses.replace(a_document(), patient=a_patient()))
        assert listed(store) == []
        store.set_status(imported.plan_id, "active", base=1)
        assert listed(store) == ALL_OPEN

    def test_each_plan_keeps_its_own_rows(self, store: Store) -> None:
        patient_id, first = active_plan(store)
        second = store.create_plan(patient_id, PlanContent.of(a_document()), "Second plan").plan_id
        store.set_status(second, "active", base=1)
        store.set_status(first, "completed", base=2)
        assert {e.plan_id for e in store.due_list(LATER)} == {second}
        assert len(store.due_list(LATER)) == 3


class TestTheList:
    def test_due_today_is_due_and_yesterday_is_overdue_by_one_day(self, store: Store) -> None:
        active_plan(store)
        today = store.due_list(REVIEW_DAY)[0]
        assert (today.kind, today.status, today.days_overdue) == ("review", "due", 0)
        yesterday = store.due_list(REVIEW_DAY + dt.timedelta(days=1))[0]
        assert (yesterday.status, yesterday.days_overdue) == ("overdue", 1)

    @pytest.mark.parametrize("days", [0, 7, 30])
    def test_a_date_exactly_n_days_ahead_is_listed_and_the_next_day_is_not(
        self, store: Store, days: int
    ) -> None:
        active_plan(store)
        assert listed(store, REVIEW_DAY - dt.timedelta(days=days), days)[:1] == [ALL_OPEN[0]]
        assert store.due_list(REVIEW_DAY - dt.timedelta(days=days), days)[0].status == "due"
        assert listed(store, REVIEW_DAY - dt.timedelta(days=days + 1), days) == []

    def test_entries_name_the_patient_plan_and_treatment(self, store: Store) -> None:
        patient_id, plan_id = active_plan(store)
        entry = store.due_list(MED_DAY)[1]
        assert (entry.patient_key, entry.patient_id, entry.patient_name) == (patient_id, "P-1", "Ada Example")
        assert (entry.plan_id, entry.plan_title, entry.modality, entry.week) == (
            plan_id,
            "First plan",
            "duloxetine",
            6,
        )
        assert store.due_list(MED_DAY)[0].week == 4  # the review

    def test_sorted_by_due_date_then_patient_name(self, store: Store) -> None:
        active_plan(store, a_patient("P-2", "Zoë Young"))
        active_plan(store, a_patient("P-1", "Ada Example"))
        active_plan(store, a_patient("P-3", "Émile Durand"))
        names = [(e.due_date, e.patient_name) for e in store.due_list(MED_DAY)]
        assert names == [
            (REVIEW_DAY, "Ada Example"),
            (REVIEW_DAY, "Émile Durand"),  # sorted as "emile": accents do not send a name to the end
            (REVIEW_DAY, "Zoë Young"),
            (MED_DAY, "Ada Example"),
            (MED_DAY, "Émile Durand"),
            (MED_DAY, "Zoë Young"),
        ]

    def test_a_day_is_listed_as_the_window_lists_it(self, store: Store) -> None:
        """Assessments before reviews, then the name without case or accents, then the record number: the
        store's SQL and the window's sort (followup.worklist) give the same order, so lines never jump."""
        same_day = document(foundation(), reviews=(6,))  # the review and the duloxetine assessment: 18 Jan
        plans = {}
        for record, name in [
            ("P-4", "zoë young"),
            ("P-2", "Zoe Young"),
            ("P-3", "Émile Durand"),
            ("P-5", "Ada Example"),
            ("P-1", "ada example"),
        ]:
            plans[record] = active_plan(store, a_patient(record, name), same_day)
        stored = store.due_list(MED_DAY, 0)
        assert [(e.kind, e.patient_id) for e in stored] == [
            *(("assessment", record) for record in ("P-1", "P-5", "P-3", "P-2", "P-4")),
            *(("review", record) for record in ("P-1", "P-5", "P-3", "P-2", "P-4")),
        ]
        assert sort_entries(reversed(stored)) == stored
        patient_key, plan_id = plans["P-3"]
        open_in_window = dataclasses.replace(same_day, patient=a_patient("P-3", "Émile Durand"))
        merged = merge_open_plan(
            stored, plan_id, open_in_window, "active", patient_key, "First plan", MED_DAY, 0
        )
        assert merged == stored

    def test_a_plan_starting_later_is_not_yet_due(self, store: Store) -> None:
        active_plan(store)
        assert store.due_list(PLAN_START) == []


# -- migration 0005 and restore ------------------------------------------------------------------------
def fill_at_0004(url: str) -> None:
    """A database at 0004: a check-in, an active plan (head 2), an active plan whose content cannot be read,
    and a draft plan."""
    from sqlalchemy import text

    from careplanner.store.engine import create_store_engine, resolve_url
    from careplanner.store.migrate import upgrade
    from careplanner.store.plans import content_to_json

    engine = create_store_engine(resolve_url(url))
    upgrade(engine, "0004")
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC).isoformat()
    plan = json.dumps(content_to_json(PlanContent.of(a_document())))
    earlier = json.dumps(content_to_json(with_item(PlanContent.of(a_document()), "med", assess_week=8)))
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO patients (id, record_number, name, sort_name, birth_date, conditions, notes,"
                " version, created_at, updated_at, updated_by)"
                " VALUES (1, 'P-1', 'Ada Example', 'ada example', '1958-03-02', '[]', '', 1, :t, :t, 'x')"
            ),
            {"t": now},
        )
        connection.execute(text("INSERT INTO checkins (patient_id, date, sleep) VALUES (1, '2026-12-29', 4)"))
        for plan_id, status, head in ((1, "active", 2), (2, "active", 1), (3, "draft", 1)):
            connection.execute(
                text(
                    "INSERT INTO plans (id, patient_id, title, status, head_number, start_date, created_at,"
                    " created_by, updated_at, updated_by)"
                    " VALUES (:id, 1, 'Plan', :status, :head, '2026-12-07', :t, 'x', :t, 'x')"
                ),
                {"id": plan_id, "status": status, "head": head, "t": now},
            )
        for plan_id, number, content in ((1, 1, earlier), (1, 2, plan), (2, 1, '{"plan": 5}'), (3, 1, plan)):
            connection.execute(
                text(
                    "INSERT INTO plan_revisions (plan_id, number, status, content, saved_at, saved_by)"
                    " VALUES (:plan, :number, 'active', :content, :t, 'x')"
                ),
                {"plan": plan_id, "number": number, "content": content, "t": now},
            )
    engine.dispose()


def test_migration_0005_lists_every_readable_active_plan_and_keeps_the_checkins(database_url: str) -> None:
    fill_at_0004(database_url)
    store = Store.open(database_url, "t")  # start-up applies 0005
    try:
        assert [(e.plan_id, e.kind, e.item_id, e.due_date) for e in store.due_list(LATER)] == [
            (1, kind, item, day)
            for kind, item, day in ALL_OPEN  # from the head revision, not revision 1
        ]
        assert store.load_patient(1).checkins == (Measurement(dt.date(2026, 12, 29), sleep=4),)
        with pytest.raises(StoreError, match="revision 1 of plan 2 cannot be read"):
            store.load_revision(2)  # unlisted, as it cannot be opened either
    finally:
        store.close()


def test_a_restored_database_keeps_its_list_and_checkins(tmp_path: Path) -> None:
    from careplanner.store.backup import backup_sqlite
    from careplanner.store.restore import restore_sqlite

    live = tmp_path / "careplanner.sqlite3"
    store = Store.open(f"sqlite:///{live}", "t")
    try:
        patient_id, plan_id = active_plan(store)
        store.add_checkin(patient_id, TestCheckins.FULL)
        backup_sqlite(live, tmp_path / "copy.sqlite3")
        held = with_review_held(PlanContent.of(a_document()), 4, REVIEW_DAY)
        store.save_revision(plan_id, held, base=2)
        assert listed(store) == ALL_OPEN[1:]
        modalities = store.modalities
    finally:
        store.close()
    restore_sqlite(tmp_path / "copy.sqlite3", live, modalities)
    restored = Store.open(f"sqlite:///{live}", "t")
    try:
        assert listed(restored) == ALL_OPEN
        assert restored.load_patient(patient_id).checkins == (TestCheckins.FULL,)
    finally:
        restored.close()


def test_a_restored_backup_from_before_0005_is_listed_after_its_migration(tmp_path: Path) -> None:
    from careplanner.catalog import default_catalog
    from careplanner.store.restore import restore_sqlite

    older = tmp_path / "older.sqlite3"
    fill_at_0004(f"sqlite:///{older}")
    with sqlite3.connect(older) as connection:
        # restore refuses a plan that cannot be opened
        connection.execute("DELETE FROM plan_revisions WHERE plan_id = 2")
        connection.execute("DELETE FROM plans WHERE id = 2")
    connection.close()
    live = tmp_path / "careplanner.sqlite3"
    restore_sqlite(older, live, default_catalog().modalities.keys())  # checked with 0004's columns
    store = Store.open(f"sqlite:///{live}", "t")
    try:
        assert [e.item_id for e in store.due_list(LATER)] == [None, "med", "psy"]
    finally:
        store.close()
