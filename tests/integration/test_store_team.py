"""The team in the store: profiles, comments, sign-offs, the clinic's required sign-offs and the activation
gate, on SQLite and PostgreSQL; and migration 0005 -> 0006 of a database holding data."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from careplanner.__main__ import main
from careplanner.catalog import default_catalog
from careplanner.store import PlanContent, Store, StoreError, patients, plans
from careplanner.store.database import Database
from careplanner.store.engine import create_store_engine, resolve_url
from careplanner.store.migrate import HEAD, current_version, upgrade
from careplanner.team.model import REQUIRED_SIGNOFFS_SETTING, missing_signoffs
from tests.builders import document, foundation
from tests.integration.test_store import a_patient, a_plan, with_item_changed

MODALITIES = default_catalog().modalities.keys()


def member(open_store, login: str, name: str, discipline: str) -> Store:  # type: ignore[no-untyped-def]
    store: Store = open_store(login)
    store.save_user_profile(name, discipline)
    return store


def changed(store: Store, plan_id: int, base: int, week: int) -> int:
    content = PlanContent.of(store.load_revision(plan_id).document)
    return store.save_revision(plan_id, with_item_changed(content, week), base=base).number


class TestProfiles:
    def test_a_profile_is_shared_and_can_be_changed(self, open_store) -> None:  # type: ignore[no-untyped-def]
        ash, kim = open_store("ash"), open_store("kim")
        assert ash.user_profile() is None
        ash.save_user_profile("  Dr Ash  ", "pain-medicine")
        assert kim.user_profile("ash") == ash.user_profile()
        assert ash.user_profile() is not None and ash.user_profile().name == "Dr Ash"  # type: ignore[union-attr]
        ash.save_user_profile("Dr Ash Grey", "pharmacy")
        kim.save_user_profile("Kim", "nursing")
        assert [(p.login, p.name, p.discipline) for p in kim.list_users()] == [
            ("ash", "Dr Ash Grey", "pharmacy"),
            ("kim", "Kim", "nursing"),
        ]

    @pytest.mark.parametrize(
        ("name", "discipline", "message"),
        [
            ("   ", "nursing", "the name is empty"),
            ("Dr\x00Ash", "nursing", "the name contains a NUL character"),
            ("x" * 201, "nursing", "at most 200"),
            ("Dr Ash", "surgery", '"surgery" is not a discipline'),
        ],
    )
    def test_bad_profiles_are_refused_and_nothing_is_kept(
        self,
        store: Store,
        name: str,
        discipline: str,
        message: str,
    ) -> None:
        with pytest.raises(StoreError, match=message):
            store.save_user_profile(name, discipline)
        assert store.user_profile() is None


class TestComments:
    def test_comments_keep_author_discipline_and_revision_oldest_first(self, open_store) -> None:  # type: ignore[no-untyped-def]
        ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
        kim = member(open_store, "kim", "Kim", "nursing")
        plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
        first = ash.add_comment(plan_id, 1, "  Check the kidney function first ")
        second = kim.add_comment(plan_id, 1, "Patient prefers mornings")
        kim.save_user_profile("Kim Park", "nursing")  # later renames keep what the comment said
        comments = ash.list_comments(plan_id)
        assert comments == [first, second]
        assert [(c.author, c.author_name, c.discipline, c.text) for c in comments] == [
            ("ash", "Dr Ash", "pain-medicine", "Check the kidney function first"),
            ("kim", "Kim", "nursing", "Patient prefers mornings"),
        ]
        assert all(c.is_open and c.at.tzinfo is not None for c in comments)

    def test_resolving_records_who_and_a_second_resolve_names_them(self, open_store) -> None:  # type: ignore[no-untyped-def]
        ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
        kim = member(open_store, "kim", "Kim", "nursing")
        plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
        comment = ash.add_comment(plan_id, 1, "Check the kidney function")
        resolved = kim.resolve_comment(comment.id)
        assert not resolved.is_open and resolved.resolved_by == "kim"
        with pytest.raises(StoreError, match=r"already resolved by Kim \(kim\) at "):
            ash.resolve_comment(comment.id)
        assert ash.list_comments(plan_id) == [resolved]

    @pytest.mark.parametrize(
        ("revision", "text", "message"),
        [
            (1, " \n ", "the comment is empty"),
            (1, "x" * 2001, "the comment has 2,001 characters; at most 2,000"),
            (1, "sleeps\x00 badly", r"^the comment contains a NUL character \(\\u0000\)"),
            (1, "sleeps \udc80", "^the comment contains a character that is not valid Unicode"),
            (2, "fine", "plan .* has no revision 2"),
            (0, "fine", "plan .* has no revision 0"),
        ],
    )
    def test_bad_comments_are_refused(self, open_store, revision: int, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
        ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
        plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
        with pytest.raises(StoreError, match=message):
            ash.add_comment(plan_id, revision, text)
        assert ash.list_comments(plan_id) == []

    def test_no_profile_no_comment_and_unknown_ids(self, store: Store) -> None:
        plan_id = a_plan(store, store.create_patient(a_patient()).id)
        with pytest.raises(StoreError, match=r"dr\.alice has no name and discipline yet"):
            store.add_comment(plan_id, 1, "hello")
        store.save_user_profile("Dr Alice", "psychology")
        with pytest.raises(StoreError, match="there is no plan with id 999"):
            store.add_comment(999, 1, "hello")
        with pytest.raises(StoreError, match="there is no comment with id 999"):
            store.resolve_comment(999)
        with pytest.raises(StoreError, match="there is no plan with id 999"):
            store.list_comments(999)


class TestSignoffs:
    def test_a_sign_off_records_the_discipline_and_a_dissent_its_reason(self, open_store) -> None:  # type: ignore[no-untyped-def]
        ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
        sam = member(open_store, "sam", "Sam Lee", "pharmacy")
        plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
        agreed = ash.sign_off(plan_id, 1, True, None)
        dissent = sam.sign_off(plan_id, 1, False, " interaction with tramadol ")
        assert ash.list_signoffs(plan_id) == [agreed, dissent]
        assert (dissent.discipline, dissent.name, dissent.agrees, dissent.reason) == (
            "pharmacy",
            "Sam Lee",
            False,
            "interaction with tramadol",
        )
        assert missing_signoffs(ash.list_signoffs(plan_id), ["pain-medicine", "pharmacy"], 1) == ["pharmacy"]

    @pytest.mark.parametrize("reason", [None, "   "])
    def test_a_dissent_without_a_reason_is_refused(self, open_store, reason: str | None) -> None:  # type: ignore[no-untyped-def]
        ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
        plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
        with pytest.raises(StoreError, match="a dissent needs its reason"):
            ash.sign_off(plan_id, 1, False, reason)
        assert ash.list_signoffs(plan_id) == []

    def test_a_reason_with_a_nul_character_is_refused_naming_the_reason(self, open_store) -> None:  # type: ignore[no-untyped-def]
        ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
        plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
        with pytest.raises(StoreError, match=r"^the reason contains a NUL character \(\\u0000\)"):
            ash.sign_off(plan_id, 1, False, "interaction\x00 with tramadol")
        assert ash.list_signoffs(plan_id) == []

    def test_no_profile_unknown_revision_and_an_outdated_revision_are_refused(self, open_store) -> None:  # type: ignore[no-untyped-def]
        nobody = open_store("nobody")
        ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
        plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
        with pytest.raises(StoreError, match="nobody has no name and discipline yet"):
            nobody.sign_off(plan_id, 1, True, None)
        with pytest.raises(StoreError, match="has no revision 2"):
            ash.sign_off(plan_id, 2, True, None)
        changed(ash, plan_id, 1, 7)
        with pytest.raises(
            StoreError, match=r"revision 1 is no longer the plan's newest: Dr Ash \(ash\) saved "
        ):
            ash.sign_off(plan_id, 1, True, None)
        with pytest.raises(StoreError, match="at most 2,000"):
            ash.sign_off(plan_id, 2, False, "x" * 2001)
        assert ash.list_signoffs(plan_id) == []

    @pytest.mark.parametrize("status", ["completed", "revoked"])
    def test_a_plan_whose_care_is_over_takes_no_sign_off(self, open_store, status: str) -> None:  # type: ignore[no-untyped-def]
        ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
        plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
        if status == "completed":
            ash.set_status(plan_id, "active", 1)
            ash.set_status(plan_id, "completed", 2)
        else:
            ash.set_status(plan_id, "revoked", 1)
        head = ash.plan_summary(plan_id).head_number
        with pytest.raises(StoreError, match=f"the plan is {status}: there is nothing left to sign off"):
            ash.sign_off(plan_id, head, True, None)
        assert ash.list_signoffs(plan_id) == []

    def test_a_status_change_alone_outdates_no_sign_off(self, open_store) -> None:  # type: ignore[no-untyped-def]
        ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
        plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
        agreed = ash.sign_off(plan_id, 1, True, None)
        ash.set_status(plan_id, "active", base=1)  # revision 2: same content
        assert ash.signoff_revision(plan_id) == 1 and not agreed.is_outdated(ash.signoff_revision(plan_id))
        assert ash.sign_off(plan_id, 1, True, None).revision == 1  # still the content in force
        assert ash.sign_off(plan_id, 2, True, None).revision == 2


class TestRequiredSignoffs:
    def test_the_setting_is_kept_in_discipline_order_and_unknown_ones_are_refused(self, store: Store) -> None:
        assert store.required_signoffs() == ()
        store.set_required_signoffs(["pharmacy", "physiotherapy", "pharmacy"])
        assert store.required_signoffs() == ("physiotherapy", "pharmacy")
        assert store.setting(REQUIRED_SIGNOFFS_SETTING) == ["physiotherapy", "pharmacy"]
        with pytest.raises(StoreError, match="'surgery' is not a discipline"):
            store.set_required_signoffs(["nursing", "surgery"])
        assert store.required_signoffs() == ("physiotherapy", "pharmacy")
        store.set_required_signoffs([])
        assert store.required_signoffs() == ()

    def test_without_a_requirement_a_plan_becomes_active_as_before(self, store: Store) -> None:
        plan_id = a_plan(store, store.create_patient(a_patient()).id)
        assert store.set_status(plan_id, "active", base=1).status == "active"

    def test_the_gate_refuses_until_each_required_discipline_agrees_on_the_head(self, open_store) -> None:  # type: ignore[no-untyped-def]
        ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
        pat = member(open_store, "pat", "Pat Moss", "physiotherapy")
        sam = member(open_store, "sam", "Sam Lee", "pharmacy")
        ash.set_required_signoffs(["physiotherapy", "pharmacy"])
        plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
        pat.sign_off(plan_id, 1, True, None)  # on revision 1: outdated by revision 2
        head = changed(ash, plan_id, 1, 7)
        with pytest.raises(StoreError, match="Physiotherapy and Pharmacy have not signed off revision 2"):
            ash.set_status(plan_id, "active", base=head)
        assert ash.plan_summary(plan_id).status == "draft"
        assert [r.number for r in ash.list_revisions(plan_id)] == [1, 2]  # nothing changed
        pat.sign_off(plan_id, head, True, None)
        sam.sign_off(plan_id, head, False, "interaction with tramadol")
        with pytest.raises(StoreError, match=r"^Pharmacy has not signed off revision 2"):
            ash.set_status(plan_id, "active", base=head)
        sam.sign_off(plan_id, head, True, "after the dose change")
        assert ash.set_status(plan_id, "active", base=head).status == "active"

    def test_a_new_revision_outdates_the_sign_offs_and_the_gate_closes_again(self, open_store) -> None:  # type: ignore[no-untyped-def]
        ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
        ash.set_required_signoffs(["pain-medicine"])
        plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
        ash.sign_off(plan_id, 1, True, None)
        head = changed(ash, plan_id, 1, 7)
        with pytest.raises(StoreError, match="Pain medicine has not signed off revision 2"):
            ash.set_status(plan_id, "active", base=head)
        ash.sign_off(plan_id, head, True, None)
        ash.set_status(plan_id, "active", base=head)

    def test_a_stale_base_is_told_as_a_conflict_not_as_missing_sign_offs(self, open_store) -> None:  # type: ignore[no-untyped-def]
        ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
        ash.set_required_signoffs(["pain-medicine"])
        plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
        changed(ash, plan_id, 1, 7)
        with pytest.raises(StoreError, match="was saved by ash"):
            ash.set_status(plan_id, "active", base=1)


def test_every_write_is_in_the_audit_trail(open_store) -> None:  # type: ignore[no-untyped-def]
    ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
    patient_id = ash.create_patient(a_patient()).id
    plan_id = a_plan(ash, patient_id)
    comment = ash.add_comment(plan_id, 1, "Check the kidney function")
    ash.resolve_comment(comment.id)
    ash.sign_off(plan_id, 1, False, "too early")
    events = [(e.action, e.actor) for e in ash.audit_trail(patient_id)]
    for action in ("comment", "resolve", "sign-off"):
        assert (action, "ash") in events


def test_migrating_a_populated_0005_database_to_0006_keeps_everything(database_url: str) -> None:
    engine = create_store_engine(resolve_url(database_url))
    try:
        upgrade(engine, "0005")
        at_0005 = Database(engine, "ash")  # the store's own writes, on the 0005 schema
        patient_id = patients.create_patient(at_0005, a_patient(), "notes", ()).id
        plan_id = plans.create_plan(
            at_0005, patient_id, PlanContent.of(document(foundation())), "First"
        ).plan_id
        plans.set_status(at_0005, MODALITIES, plan_id, "active", 1)
        upgrade(engine)
        with engine.connect() as connection:
            assert current_version(connection) == HEAD == "0007"
    finally:
        engine.dispose()
    store = Store.open(database_url, "ash")
    try:
        assert store.load_patient(patient_id).notes == "notes"
        assert [(r.number, r.status) for r in store.list_revisions(plan_id)] == [(1, "draft"), (2, "active")]
        assert store.list_comments(plan_id) == [] and store.list_signoffs(plan_id) == []
        assert store.list_users() == []
        store.save_user_profile("Dr Ash", "pain-medicine")
        assert store.sign_off(plan_id, 2, True, None).revision == 2
        assert store.add_comment(plan_id, 1, "Seen in the meeting").revision == 1
    finally:
        store.close()


def test_the_printed_clinician_summary_of_a_stored_plan_carries_the_team_s_record(  # type: ignore[no-untyped-def]
    open_store, capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path
) -> None:
    ash = member(open_store, "ash", "Dr Ash", "pain-medicine")
    plan_id = a_plan(ash, ash.create_patient(a_patient()).id)
    ash.sign_off(plan_id, 1, False, "start lower")
    ash.add_comment(plan_id, 1, "Ask about the night pain")
    target = tmp_path / "summary.pdf"
    status = main(
        ["--database-url", database_url, "--user", "kim", "summary", str(plan_id), "-o", str(target)]
    )
    assert status == 0, capsys.readouterr().err
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Dissent by Dr Ash (Pain medicine)" in text and "start lower" in text
    assert "Ask about the night pain" in text
