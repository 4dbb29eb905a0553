"""The rule registry: each rule family module registers its rules with `@rule(...)`; new rules plug in."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from careplanner.checks.context import PlanContext
from careplanner.checks.finding import Finding

RuleFunction = Callable[[PlanContext], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str  # the rule's usual severity; SAFE-INTERACTION takes it from its table row
    family: str
    run: RuleFunction


_RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: str) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        if rule_id in _RULES:
            raise ValueError(f"rule {rule_id} is registered twice")
        family = function.__module__.rsplit(".", 1)[-1]
        _RULES[rule_id] = Rule(rule_id, severity, family, function)
        return function

    return register


def all_rules() -> tuple[Rule, ...]:
    import careplanner.checks.rules  # noqa: F401 - importing the package registers every rule

    return tuple(_RULES.values())
