"""Field-by-field reading of parsed JSON/TOML trees with precise, user-facing problem messages.

Both the catalog loader and the plan-document reader walk untrusted trees. A `Node` is a value with its path;
its `as_*` methods check the type and record a `Problem` naming the path. An invalid field raises `Invalid`,
which `ProblemSink.guard()` catches so that the next entry of a list is still checked: one problem per entry,
every entry looked at, and never a traceback for the user.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import NoReturn

MAX_REPORTED_PROBLEMS = 20
QUOTED_LENGTH = 60  # a value or field name shown in a message is cut to this many characters


class Invalid(Exception):
    """Raised after a problem was recorded, to stop reading the current entry."""


@dataclass(frozen=True, slots=True)
class Problem:
    context: str
    path: str
    message: str

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.context, self.path) if part)
        return f"{where}: {self.message}" if where else self.message


@dataclass
class ProblemSink:
    """Collects problems; notes are things ignored on purpose (e.g. unknown fields)."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    def fail(self, context: str, path: str, message: str) -> NoReturn:
        self.problems.append(Problem(context, path, message))
        raise Invalid

    def add(self, context: str, path: str, message: str) -> None:
        self.problems.append(Problem(context, path, message))

    def note(self, context: str, path: str, message: str) -> None:
        self.notes.append(Problem(context, path, message))

    @contextmanager
    def guard(self) -> Iterator[None]:
        with suppress(Invalid):
            yield

    def summary(self) -> str:
        lines = [str(problem) for problem in self.problems[:MAX_REPORTED_PROBLEMS]]
        hidden = len(self.problems) - len(lines)
        if hidden > 0:
            lines.append(f"... and {hidden} more problem(s)")
        return "\n".join(lines)


def type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9.-]*")
_DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def shown(text: str) -> str:
    """Text from the input as a message shows it: cut when long, control characters escaped."""
    cut = text if len(text) <= QUOTED_LENGTH else text[:QUOTED_LENGTH] + "…"
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in cut)


def quoted(text: str) -> str:
    return f'"{shown(text)}"'


def field_path(parent: str, name: str) -> str:
    return f"{parent}.{shown(name)}" if parent else shown(name)


class Node:
    """A value inside a parsed tree, with the path that names it in messages."""

    __slots__ = ("context", "path", "sink", "value")

    def __init__(self, value: object, path: str, sink: ProblemSink, context: str = "") -> None:
        self.value = value
        self.path = path
        self.sink = sink
        self.context = context

    # -- navigation --------------------------------------------------------------------------------
    def _child_path(self, name: str) -> str:
        return field_path(self.path, name)

    def fail(self, message: str) -> NoReturn:
        self.sink.fail(self.context, self.path, message)

    def _mapping(self) -> Mapping[str, object]:
        if not isinstance(self.value, dict):
            self.fail(f"must be an object, not {type_name(self.value)}")
        return self.value

    def has(self, name: str) -> bool:
        return name in self._mapping()

    def get(self, name: str) -> Node | None:
        """The field, or None when it is absent or null."""
        mapping = self._mapping()
        if mapping.get(name) is None:
            return None
        return Node(mapping[name], self._child_path(name), self.sink, self.context)

    def require(self, name: str) -> Node:
        mapping = self._mapping()
        if name not in mapping:
            self.sink.fail(self.context, self._child_path(name), "missing")
        if mapping[name] is None:
            self.sink.fail(self.context, self._child_path(name), "must not be null")
        return Node(mapping[name], self._child_path(name), self.sink, self.context)

    def items(self, *, max_count: int | None = None) -> list[Node]:
        if not isinstance(self.value, list):
            self.fail(f"must be a list, not {type_name(self.value)}")
        if max_count is not None and len(self.value) > max_count:
            self.fail(f"too many entries: {len(self.value)} (the limit is {max_count})")
        return [Node(v, f"{self.path}[{i}]", self.sink, self.context) for i, v in enumerate(self.value)]

    def entries(self) -> list[tuple[str, Node]]:
        mapping = self._mapping()
        return [(k, Node(v, self._child_path(k), self.sink, self.context)) for k, v in mapping.items()]

    def unknown_keys(self, allowed: frozenset[str]) -> list[str]:
        return [key for key in self._mapping() if key not in allowed]

    def reject_unknown(self, allowed: frozenset[str]) -> None:
        for key in self.unknown_keys(allowed):
            self.sink.add(self.context, self._child_path(key), "unknown field")

    def note_unknown(self, allowed: frozenset[str]) -> None:
        for key in self.unknown_keys(allowed):
            self.sink.note(self.context, self._child_path(key), "unknown field ignored")

    # -- scalar values -----------------------------------------------------------------------------
    def as_text(self, *, allow_empty: bool = False, max_length: int | None = None) -> str:
        if not isinstance(self.value, str):
            self.fail(f"must be text, not {type_name(self.value)}")
        if max_length is not None and len(self.value) > max_length:
            self.fail(f"too long: {len(self.value)} characters (the limit is {max_length})")
        if not allow_empty and not self.value.strip():
            self.fail("must not be empty")
        try:
            self.value.encode("utf-8")
        except UnicodeEncodeError:
            self.fail("contains a character that is not valid Unicode (a lone surrogate escape)")
        if "\x00" in self.value:  # PostgreSQL cannot store it, and no name or note needs it
            self.fail("contains a NUL character (\\u0000)")
        return self.value

    def as_id(self, *, max_length: int | None = None) -> str:
        text = self.as_text(max_length=max_length)
        if not _ID_PATTERN.fullmatch(text):
            self.fail(f"{quoted(text)} is not an id (lower-case letters, digits and hyphens)")
        return text

    def as_int(self, *, minimum: int | None = None, maximum: int | None = None) -> int:
        """A whole number; 6.0 counts as 6 (JSON has one number type), 6.5 does not."""
        value = self.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"must be a whole number, not {_described(value)}")
        self._check_range(value, minimum, maximum)
        return value

    def as_number(self, *, minimum: float | None = None, maximum: float | None = None) -> float:
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            self.fail(f"must be a number, not {type_name(self.value)}")
        if not abs(self.value) <= sys.float_info.max:  # also NaN; a huge int would overflow float()
            self.fail("must be a finite number")
        self._check_range(self.value, minimum, maximum)
        return float(self.value)

    def _check_range(self, value: float, minimum: float | None, maximum: float | None) -> None:
        if minimum is not None and value < minimum:
            self.fail(f"{_show(value)} is below the minimum of {_show(minimum)}")
        if maximum is not None and value > maximum:
            self.fail(f"{_show(value)} is above the maximum of {_show(maximum)}")

    def as_bool(self) -> bool:
        if not isinstance(self.value, bool):
            self.fail(f"must be true or false, not {type_name(self.value)}")
        return self.value

    def as_date(self) -> dt.date:
        text = self.as_text()
        if not _DATE_PATTERN.fullmatch(text):
            self.fail(f"{quoted(text)} is not a date (YYYY-MM-DD)")
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.fail(f"{quoted(text)} is not a real date")

    def as_choice(self, choices: tuple[str, ...]) -> str:
        text = self.as_text()
        if text not in choices:
            self.fail(f"{quoted(text)} is not one of: {', '.join(choices)}")
        return text

    def as_texts(self, *, max_count: int | None = None, max_length: int | None = None) -> tuple[str, ...]:
        return tuple(node.as_text(max_length=max_length) for node in self.items(max_count=max_count))


def _described(value: object) -> str:
    if isinstance(value, str):
        return f"text ({quoted(value)})"
    if isinstance(value, float):
        return f"a number ({_show(value)})"
    return type_name(value)


def _show(value: float) -> str:
    """A number for a message; never converts a huge int to float (OverflowError) or prints 300 digits."""
    if isinstance(value, int):
        return str(value) if abs(value) < 10**18 else "a number of more than 18 digits"
    return str(int(value)) if value.is_integer() and abs(value) < 1e18 else str(value)
