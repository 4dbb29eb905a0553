"""From a file or a text to a parsed JSON tree, refusing whatever could hang, exhaust memory or overflow.

Only regular files are read, and never more than the size limit plus one byte: a FIFO would block forever and
/dev/zero never ends. JSON integers of any size are legal, and float() of one beyond ~1.8e308 raises
OverflowError, so every number in the tree (unknown fields included) is checked before any field is read.
"""

from __future__ import annotations

import codecs
import json
import math
import os
import stat
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from careplanner.documents.errors import DocumentError, refused
from careplanner.documents.limits import LARGEST_NUMBER, MAX_DOCUMENT_BYTES, MAX_NESTING
from careplanner.validation import MAX_REPORTED_PROBLEMS, Problem, field_path, quoted

MEGABYTE = 1024 * 1024
LARGEST_SHOWN = f"{LARGEST_NUMBER:g}".replace("e+", "e")  # 1.7e308
# A JSON integer of more digits than this is beyond LARGEST_NUMBER (JSON allows no leading zeros).
MOST_DIGITS = len(str(int(LARGEST_NUMBER)))


def _too_large(what: str) -> DocumentError:
    return refused(
        f"the {what} is larger than {MAX_DOCUMENT_BYTES // MEGABYTE} MB, the limit for a plan document "
        "(a plan is usually a few kilobytes)"
    )


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _open_regular_file(path: Path) -> BinaryIO:
    # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever; it changes nothing for files.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise refused(f"it is {_kind_of(mode)}, not a plan document file")
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_document_bytes(path: Path) -> bytes:
    try:
        with _open_regular_file(path) as stream:
            raw = stream.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as error:
        raise refused(f"cannot be read: {error.strerror or error}") from None
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise _too_large("file")
    return raw


def decode_document(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise refused("the file is UTF-16 text; save it as UTF-8 (without a byte order mark)")
    if raw.startswith(codecs.BOM_UTF8):
        raise refused("the file starts with a byte order mark (BOM); save it as UTF-8 without one")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise refused(f"not UTF-8 text (byte {error.start} cannot be read as UTF-8)") from None


def _reject_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    counts = Counter(key for key, _ in pairs)
    duplicated = [key for key, count in counts.items() if count > 1]
    if duplicated:
        raise ValueError(f"the key {quoted(duplicated[0])} appears twice in one object")
    return dict(pairs)


def _whole_number(digits: str) -> int | float:
    """An integer literal; one too long to be within LARGEST_NUMBER becomes infinity, refused below."""
    if len(digits.lstrip("-")) > MOST_DIGITS:
        return -math.inf if digits.startswith("-") else math.inf
    return int(digits)


def _constant(name: str) -> float:
    return float(name)  # NaN, Infinity, -Infinity: refused with their path below


def parse_json(text: str) -> object:
    if len(text) > MAX_DOCUMENT_BYTES:  # characters: a text read from a file was already limited in bytes
        raise _too_large("document")
    if not text.strip():
        raise refused("the document is empty")
    if text.startswith("\ufeff"):
        raise refused("the text starts with a byte order mark (BOM); save it as UTF-8 without one")
    try:
        return json.loads(
            text,
            object_pairs_hook=_reject_duplicate_keys,
            parse_int=_whole_number,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as error:
        raise refused(f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})") from None
    except ValueError as error:
        raise refused(f"not valid JSON: {error}") from None
    except RecursionError:
        raise refused(f"not valid JSON: nested more than {MAX_NESTING} levels deep") from None


def _number_problem(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if value != value:
        return "NaN is not allowed: it is not a number"
    if abs(value) > LARGEST_NUMBER:
        return f"the number is beyond ±{LARGEST_SHOWN}, the largest allowed"
    return None


def _entries(value: dict[str, object] | list[object]) -> Iterator[tuple[str | int, object]]:
    return iter(value.items() if isinstance(value, dict) else enumerate(value))


def _path(parent: str, key: str | int) -> str:
    return f"{parent}[{key}]" if isinstance(key, int) else field_path(parent, key)


class _Findings:
    """The first problems found, and a count of the rest (a file may hold millions of bad numbers)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.more = 0

    def add(self, path: str, message: str) -> None:
        if len(self.problems) < MAX_REPORTED_PROBLEMS:
            self.problems.append(Problem("", path, message))
        else:
            self.more += 1

    def all(self) -> list[Problem]:
        if self.more:
            return [*self.problems, Problem("", "", f"... and {self.more} more values that cannot be read")]
        return self.problems


def find_unreadable_values(data: object) -> list[Problem]:
    """Numbers beyond ±LARGEST_NUMBER or NaN, and nesting beyond MAX_NESTING, anywhere in the tree.

    A depth-first walk with a stack of iterators: memory grows with the depth, not with the size, and no
    nesting can exhaust Python's stack.
    """
    found = _Findings()
    if not isinstance(data, dict | list):
        message = _number_problem(data)
        if message:
            found.add("", message)
        return found.all()
    stack: list[tuple[str, Iterator[tuple[str | int, object]]]] = [("", _entries(data))]
    while stack:
        path, entries = stack[-1]
        for key, child in entries:
            if isinstance(child, dict | list):
                if len(stack) >= MAX_NESTING:
                    found.add(_path(path, key), f"nested more than {MAX_NESTING} levels deep")
                    continue
                stack.append((_path(path, key), _entries(child)))
                break
            message = _number_problem(child)
            if message:
                found.add(_path(path, key), message)
        else:
            stack.pop()
    return found.all()
