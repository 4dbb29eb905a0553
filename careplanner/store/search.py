"""Search-as-you-type over patients: words of the name, the record number and the birth date.

Each patient's words are stored lower-cased and without accents in `patient_search_terms`; a query word
matches by prefix with a range scan on that table's primary key, fast on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session

from careplanner.name_order import sort_name as fold  # the patients' order, also the due list's
from careplanner.store.models import PatientRow, SearchTermRow

MAX_TERM = 200
_CHUNK = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> set[str]:
    """Each whitespace-separated word and its letter/digit parts ("anne-marie" also gives "anne", "marie")."""
    found = set()
    for token in fold(text).split():
        found.add(token)
        found.update(_CHUNK.findall(token))
    return {word[:MAX_TERM] for word in found if word}


def terms_for(name: str, record_number: str, birth_date_iso: str) -> set[str]:
    return words(name) | words(record_number) | {birth_date_iso}


def _prefix_range(prefix: str) -> tuple[str, str]:
    return prefix, prefix + "\U0010ffff"


def _matching(prefix: str) -> Select[Any]:
    low, high = _prefix_range(prefix)
    return select(SearchTermRow.patient_id).where(and_(SearchTermRow.term >= low, SearchTermRow.term < high))


def query_words(text: str) -> list[str]:
    """Words of a query; a typed date such as 1958-03-02 or 1958-03 stays one word."""
    return [part for part in (fold(token) for token in text.split()) if part][:6]


def search(session: Session, text: str, limit: int = 50) -> list[PatientRow]:
    parts = query_words(text)
    if not parts:
        rows = session.scalars(select(PatientRow).order_by(PatientRow.sort_name, PatientRow.id).limit(limit))
        return list(rows)
    if len(parts) == 1:
        return _search_one(session, parts[0], limit)
    statement = select(PatientRow).where(*(PatientRow.id.in_(_matching(part)) for part in parts))
    return list(session.scalars(statement.order_by(PatientRow.sort_name, PatientRow.id).limit(limit)))


def _search_one(session: Session, prefix: str, limit: int) -> list[PatientRow]:
    """One word: walk the term index in order, so no sort of thousands of matches is needed."""
    low, high = _prefix_range(prefix)
    statement = (
        select(PatientRow)
        .join(SearchTermRow, SearchTermRow.patient_id == PatientRow.id)
        .where(SearchTermRow.term >= low, SearchTermRow.term < high)
        .order_by(SearchTermRow.term, PatientRow.id)
        .limit(limit * 3)
    )
    return _unique(session.scalars(statement), limit)


def _unique(rows: Iterable[PatientRow], limit: int) -> list[PatientRow]:
    seen: dict[int, PatientRow] = {}
    for row in rows:
        seen.setdefault(row.id, row)
        if len(seen) == limit:
            break
    return list(seen.values())
