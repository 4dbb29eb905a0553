"""Calendar dates in words, whatever the machine's locale (the window's Qt sets one; the text is English)."""

from __future__ import annotations

import datetime as dt

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date) -> str:
    """Monday 7 December 2026."""
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def medium_date(day: dt.date) -> str:
    """7 December 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    """7 Dec 2026."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def month_year(day: dt.date) -> str:
    """Dec 2026 (a chart's or timeline's month tick)."""
    return f"{MONTHS[day.month - 1][:3]} {day.year}"


def week_date(start: dt.date, week: int) -> dt.date:
    return start + dt.timedelta(weeks=week)
