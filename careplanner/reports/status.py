"""A plan's status on paper: a draft, a completed or a revoked plan is marked on every page, so that it is
never mistaken for the agreed plan. An active plan, or a plan read from a file (no status), carries no
mark."""

from __future__ import annotations

PLAN_STATUSES: tuple[str, ...] = ("draft", "active", "completed", "revoked")
MARKED_STATUSES: tuple[str, ...] = ("draft", "completed", "revoked")

# The clinician summary's marks; the handout's are in handout.toml, in a patient's words.
CLINICIAN_MARKS = {
    "draft": "DRAFT – not yet agreed",
    "completed": "COMPLETED – the plan has ended",
    "revoked": "REVOKED – no longer in use",
}


def check_status(status: str | None) -> None:
    if status is not None and status not in PLAN_STATUSES:
        raise ValueError(f'"{status}" is not a plan status ({", ".join(PLAN_STATUSES)})')


def is_marked(status: str | None) -> bool:
    return status in MARKED_STATUSES
