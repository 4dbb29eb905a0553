"""The one exception a plan document's reader raises for bad input."""

from __future__ import annotations

from careplanner.validation import Problem, ProblemSink


class DocumentError(Exception):
    """The document was refused; `problems` name each faulty field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(ProblemSink(problems=problems).summary())


def refused(message: str) -> DocumentError:
    """A refusal of the input as a whole (not one field)."""
    return DocumentError([Problem("", "", message)])
