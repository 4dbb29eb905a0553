"""A meeting page's lists as rich text for its labels: findings with their severity in words and in colour,
and plain lines (changes, comments, sign-offs). Every text from the records is escaped: a comment is shown as
typed, never read as markup."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from careplanner.team.meetings import FindingLine
from careplanner.ui.theme import SEVERITY_COLOURS, SEVERITY_LABELS

INK = "#000000"
MUTED = "#4A4A4A"  # still above 7:1 against white: acknowledged findings are read, only less loudly
NO_FINDINGS = "No findings: the checks found nothing to point out."
NO_RECOMMENDATION = "No recommendation recorded yet — press R to record the team's recommendation."
SPACING = "margin-bottom: 0.4em;"


def _paragraph(html: str) -> str:
    return f'<p style="{SPACING}">{html}</p>'


def _finding(line: FindingLine) -> str:
    word = SEVERITY_LABELS.get(line.severity, line.severity.capitalize())
    colour = SEVERITY_COLOURS[line.severity].name() if line.severity in SEVERITY_COLOURS else INK
    if line.acknowledged is None:
        return _paragraph(f'<b style="color: {colour};">{escape(word)}:</b> {escape(line.text)}')
    return _paragraph(
        f'<span style="color: {MUTED};"><b>{escape(word)} (acknowledged):</b> {escape(line.text)}'
        f"<br><i>{escape(line.acknowledged)}</i></span>"
    )


def findings_html(findings: Iterable[FindingLine]) -> str:
    """Unacknowledged findings first (the slide orders them), each saying its severity in words."""
    parts = [_finding(line) for line in findings]
    return "".join(parts) if parts else _paragraph(escape(NO_FINDINGS))


def lines_html(lines: Iterable[str], empty: str) -> str:
    """One paragraph per line (a line's own line breaks kept); `empty` when there are none."""
    parts = [_paragraph(escape(line).replace("\n", "<br>")) for line in lines]
    return "".join(parts) if parts else _paragraph(escape(empty))


def recommendation_html(recommendation: str | None) -> str:
    if recommendation is None:
        return _paragraph(f'<span style="color: {MUTED};">{escape(NO_RECOMMENDATION)}</span>')
    return _paragraph(f"<b>{escape(recommendation).replace(chr(10), '<br>')}</b>")


def reasons_words(reasons: Iterable[str]) -> str:
    chosen = [reason for reason in reasons if reason]
    return "On the agenda: " + "; ".join(chosen) if chosen else "On the agenda at the chair's choice."
