"""Check-ins belong to the patient, not to one plan: a window saves only the check-ins it added or removed,
never its whole list, so a colleague's check-in (or removal) made meanwhile is kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from careplanner.domain.plan import Measurement


def _without(measurements: Sequence[Measurement], taken: Sequence[Measurement]) -> list[Measurement]:
    """`measurements` minus `taken`, one for one (two identical check-ins are two)."""
    remaining = list(measurements)
    for measurement in taken:
        if measurement in remaining:
            remaining.remove(measurement)
    return remaining


@dataclass(frozen=True)
class CheckinChanges:
    added: tuple[Measurement, ...] = ()
    removed: tuple[Measurement, ...] = ()

    @classmethod
    def between(cls, before: Sequence[Measurement], after: Sequence[Measurement]) -> CheckinChanges:
        return cls(tuple(_without(after, before)), tuple(_without(before, after)))

    def applied_to(self, checkins: Sequence[Measurement]) -> tuple[Measurement, ...]:
        """These changes made to another list (the record as it is now), in date order."""
        return tuple(sorted((*_without(checkins, self.removed), *self.added), key=lambda m: m.date))

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)
