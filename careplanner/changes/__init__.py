"""What changed between two revisions of a plan, in words a clinician reads (Qt-free)."""

from careplanner.changes.diff import Change, plan_changes

__all__ = ["Change", "plan_changes"]
