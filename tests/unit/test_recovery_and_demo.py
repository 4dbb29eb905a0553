"""Autosave recovery files and the demo patients."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

from careplanner.checks import check_plan
from careplanner.editing.demo import demo_documents
from careplanner.editing.recovery import Origin, discard_recovery, pending_recoveries, save_recovery
from tests.builders import CATALOG, document, foundation

MODALITIES = CATALOG.modalities.keys()


def test_a_recovery_file_round_trips_and_is_private(tmp_path: Path) -> None:
    origin = Origin(patient_id=3, plan_id=7, base_revision=2, patient_version=5, notes="call first")
    saved = save_recovery(origin, document(foundation()), tmp_path)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600 and stat.S_IMODE(tmp_path.stat().st_mode) in (
        0o700,
        0o755,
    )
    [found] = pending_recoveries(MODALITIES, tmp_path)
    assert found.origin == origin and found.document == document(foundation())
    discard_recovery(origin, tmp_path)
    assert pending_recoveries(MODALITIES, tmp_path) == []


def test_a_damaged_recovery_file_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "patient-1-plan-1.json").write_text("{ half written")
    assert pending_recoveries(MODALITIES, tmp_path) == []


def test_files_and_new_patients_have_their_own_keys() -> None:
    assert Origin(file="/home/x/a.careplan.json").key != Origin(file="/home/x/b.careplan.json").key
    assert Origin().key == "patient-new-plan-new"


def test_demo_patients_are_invented_and_their_template_plans_pass_their_checks() -> None:
    documents = demo_documents(CATALOG, dt.date(2026, 11, 21))
    assert len({d.patient.id for d, _ in documents}) == 5
    assert all(d.patient.id.startswith("DEMO-") for d, _ in documents)
    for doc, title in documents:
        loud = [f for f in check_plan(doc, CATALOG).findings if f.severity != "info"]
        assert (title == "Plan to review") == bool(loud), title  # only the example with problems is noisy
