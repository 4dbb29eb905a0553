"""How much a plan document may hold: every limit the reader enforces, in one place.

Real plans stay far below these (a plan is a few kilobytes, with a handful of items); the limits exist so that
no input, however large, can make a command slow, exhaust memory or produce an unprintable report. A document
at every limit at once is still checked in well under a second and printed in a few seconds. The text lengths
match the database columns the same fields are stored in (store/models.py), and a document at every limit,
written in any language, stays below MAX_DOCUMENT_BYTES, so whatever the program saves it can read again.
"""

from __future__ import annotations

import datetime as dt

# The file as a whole.
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
MAX_NESTING = 64  # objects and lists inside one another; a plan document uses 5
LARGEST_NUMBER = 1.7e308  # beyond this a number no longer fits a float

# Dates: every week of a plan must fall on a calendar date.
LAST_DATE = dt.date.max  # 9999-12-31
MAX_WEEK = 5200  # a hundred years after the plan's start

# Creatinine clearance in mL/min: a number above 0 and at most this (docs/plan-format.md).
CRCL_MAX = 250

# Text, in characters.
ID_LENGTH = 64  # ids, id references, conditions, regions, rule ids
NAME_LENGTH = 200  # the patient's name, a treatment's name, who acknowledged
SEX_LENGTH = 32
GOAL_LENGTH = 200  # a goal is one sentence, repeated beside each item it belongs to in the handout
NOTE_LENGTH = 2000  # notes, reasons: a paragraph

# Counts of entries.
MAX_CONDITIONS = 30
MAX_HISTORY = 200
MAX_GOALS = 12
MAX_CHECKINS = 2000  # weekly for almost forty years
MAX_ITEMS = 60  # a large real plan has 20-30; every pair of items can be a finding (1,770 pairs)
MAX_REVIEWS = 100
MAX_ACKNOWLEDGEMENTS = 100
MAX_ACKNOWLEDGED_ITEMS = 50  # the items one acknowledgement names
MAX_GOAL_LINKS = MAX_GOALS  # the goals one item names

# Follow-up records of one check-in: each goal at most once, each plan item at most once.
MAX_CHECKIN_GOALS = MAX_GOALS
MAX_CHECKIN_ADHERENCE = MAX_ITEMS
SIDE_EFFECTS_LENGTH = NOTE_LENGTH
# ... and of all check-ins together, so that a document at every limit still fits MAX_DOCUMENT_BYTES: a real
# patient seen monthly for two years, with six goals and ten treatments, has under 400 entries.
MAX_FOLLOWUP_ENTRIES = 5000  # goal-progress and adherence entries
MAX_SIDE_EFFECTS_TOTAL = 200_000  # characters of side effects: a hundred check-ins at the longest

# Earlier decisions kept with an item's latest one (e.g. "continue" at each review before a "stop"): per item,
# and for all items together, so that a document at every limit still fits MAX_DOCUMENT_BYTES. Ten treatments
# decided on at every monthly review for a year and a half stay within both.
MAX_EARLIER_DECISIONS = 20
MAX_EARLIER_DECISIONS_TOTAL = 200

# Notes (unknown fields ignored) reported one by one before the rest are counted.
MAX_LISTED_NOTES = 20
