"""The checks of docs/plan-format.md: one module per rule family, a registry, a runner."""

from careplanner.checks.finding import SEVERITIES, Finding
from careplanner.checks.registry import Rule, all_rules
from careplanner.checks.runner import CheckReport, Reminder, check_plan

__all__ = ["SEVERITIES", "CheckReport", "Finding", "Reminder", "Rule", "all_rules", "check_plan"]
