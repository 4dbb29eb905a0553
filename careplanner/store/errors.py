"""What can go wrong with the store, in words a clinician can act on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def local_time(moment: dt.datetime) -> str:
    """A stored (UTC) time as the user's local time, for messages."""
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


class StoreError(Exception):
    """The database cannot do what was asked; the message says why."""


class NotFound(StoreError):
    pass


@dataclass(frozen=True)
class InterveningSave:
    number: int
    by: str
    at: dt.datetime


class PlanConflict(StoreError):
    """Someone saved the plan after this editor loaded it; nothing was overwritten."""

    def __init__(self, plan_id: int, base: int, saves: list[InterveningSave]) -> None:
        self.plan_id = plan_id
        self.base = base
        self.saves = saves
        who = ", ".join(f"{save.by} (revision {save.number}, {local_time(save.at)})" for save in saves)
        super().__init__(
            f"Plan {plan_id} was saved by {who} after you opened revision {base}. "
            "Your changes were not saved: "
            "keep them as a new revision on top, or reload the newer plan."
        )

    @property
    def head(self) -> int:
        return max(save.number for save in self.saves)


class PatientConflict(StoreError):
    def __init__(self, patient_id: int, by: str, at: dt.datetime) -> None:
        self.patient_id, self.by, self.at = patient_id, by, at
        super().__init__(
            f"The patient record was changed by {by} at {local_time(at)} after you opened it. "
            "Your changes were not saved: reload the record and apply them again."
        )
