"""What a check reports."""

from __future__ import annotations

from dataclasses import dataclass, replace

from careplanner.domain import Acknowledgement

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: str
    items: tuple[str, ...]  # plan item ids, or "history[N]" for history entries
    message: str  # what is wrong, with item names, then why it matters
    source: str  # source keys of docs/clinical-reference.md §7, comma-separated
    acknowledged: Acknowledgement | None = None

    @property
    def counts(self) -> bool:
        """Acknowledged findings are still reported but no longer count."""
        return self.acknowledged is None

    def matches(self, acknowledgement: Acknowledgement) -> bool:
        """Same rule and the same set of items (order ignored); a finding with no items matches by rule."""
        if acknowledgement.rule != self.rule:
            return False
        return not self.items or set(acknowledgement.items) == set(self.items)

    def with_acknowledgement(self, acknowledgement: Acknowledgement) -> Finding:
        return replace(self, acknowledged=acknowledgement)
