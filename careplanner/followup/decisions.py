"""The decision taken at an assessment, recorded on the plan as a pure edit (undo keeps the old document).

- continue: only the assessment is recorded.
- stop: the course ends at the first week boundary on or after the decision (never before the day it was
  decided) and goes into the treatment history with its real dates, so the history checks know it from then
  on.
- replace: as stop, and a new item of the chosen treatment starts where the old course ends.
- adjust-dose: the course goes on at a new dose, as a new item that replaces the old one (no history entry).

A decision after "continue" keeps the earlier one in `previous`; withdrawing a decision takes back all it did.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from careplanner.catalog.model import Catalog, Modality
from careplanner.documents.limits import (
    MAX_EARLIER_DECISIONS,
    MAX_EARLIER_DECISIONS_TOTAL,
    NAME_LENGTH,
    NOTE_LENGTH,
)
from careplanner.domain import (
    ASSESSMENT_RESULTS,
    DECISIONS,
    MCG_PER_HOUR,
    Assessment,
    HistoryEntry,
    PlanDocument,
    PlanItem,
)
from careplanner.editing.operations import next_id
from careplanner.followup.courses import course_end_week, course_start_week, first_week_from
from careplanner.reports.dates import short_date

RESULT_WORDS: dict[str, str] = {
    "effective": "effective",
    "partial": "partly effective",
    "failed": "failed",
    "intolerant": "not tolerated",
}
DECISION_WORDS: dict[str, str] = {
    "continue": "continue",
    "adjust-dose": "adjust the dose",
    "stop": "stop",
    "replace": "replace with another treatment",
}
# Decisions that end the course and write it into the treatment history.
ENDING = frozenset({"stop", "replace"})
# Decisions that start a new item continuing the course.
CONTINUED_BY_NEW_ITEM = frozenset({"adjust-dose", "replace"})
# Decisions that set the item's end week (and so fix its course in the plan's time).
SETS_THE_END = ENDING | CONTINUED_BY_NEW_ITEM


@dataclass(frozen=True)
class DecisionInput:
    """What the clinician entered; `replacement` is the catalog id of the treatment chosen with "replace"."""

    result: str
    decision: str
    decided_on: dt.date
    by: str | None = None
    relief_percent: float | None = None
    note: str | None = None
    new_dose: float | None = None
    replacement: str | None = None


def week_containing(document: PlanDocument, day: dt.date) -> int:
    """The plan week a date falls in (week 0 is the plan's first seven days): the week of an assessment."""
    return (day - document.plan.start).days // 7


def decision_end_week(document: PlanDocument, item: PlanItem, day: dt.date) -> int:
    """The week a course decided on that day ends, and a follower starts: the first week boundary on or after
    the day (the treatment is taken until then), and at least a week after the item's start."""
    return max(item.start_week + 1, first_week_from(document.plan, day))


def can_record_decision(item: PlanItem) -> bool:
    """Whether a decision can be recorded now: none yet, or only "continue" (or a result without a decision,
    from an older document), which the new decision keeps as an earlier one."""
    return item.assessed is None or item.assessed.decision in (None, "continue")


def can_adjust_dose(catalog: Catalog, modality_id: str) -> bool:
    """Whether the treatment is taken at a daily dose that a decision can change."""
    modality = catalog.modalities.get(modality_id)
    return modality is not None and modality.is_medicine


def dose_unit(catalog: Catalog, modality_id: str) -> str:
    """The unit of the treatment's dose: "mg/day", or "mcg/h" for a patch dosed per hour."""
    return catalog.modality(modality_id).dose_unit


def _item_start(document: PlanDocument, item: PlanItem) -> dt.date:
    return document.plan.week_date(item.start_week)


def _earlier_decision_problem(item: PlanItem, name: str, day: dt.date) -> str | None:
    earlier = item.assessed
    if earlier is None:
        return None
    done = DECISION_WORDS.get(earlier.decision or "", "recorded")
    on = f" on {short_date(earlier.decided_on)}" if earlier.decided_on else ""
    if not can_record_decision(item):
        return (
            f'The decision "{done}" was already recorded for {name}{on}; undo or withdraw the earlier '
            "decision first to record another."
        )
    if earlier.decided_on is not None and day < earlier.decided_on:
        return (
            f'The decision "{done}" was recorded for {name}{on}: a later decision cannot be dated '
            f"{short_date(day)}, before it."
        )
    return None


def _kept_problem(document: PlanDocument, item: PlanItem, name: str) -> str | None:
    """A new decision keeps the current one as an earlier one: refused past what a document can hold."""
    if item.assessed is None:
        return None
    if len(item.assessed.previous) >= MAX_EARLIER_DECISIONS:
        return (
            f"{name} already keeps {MAX_EARLIER_DECISIONS} earlier decisions, the most a treatment can keep: "
            "another decision cannot be recorded."
        )
    kept = sum(len(other.assessed.previous) for other in document.plan.items if other.assessed is not None)
    if kept >= MAX_EARLIER_DECISIONS_TOTAL:
        return (
            f"The plan already keeps {MAX_EARLIER_DECISIONS_TOTAL} earlier decisions, the most a plan can "
            f"keep: another decision on {name} cannot be recorded."
        )
    return None


def _date_problem(document: PlanDocument, item: PlanItem, name: str, day: dt.date) -> str | None:
    start = _item_start(document, item)
    if day < start:
        return (
            f"{name} starts on {short_date(start)} (week {item.start_week}): a decision about it cannot be "
            f"dated {short_date(day)}, before it started."
        )
    return None


def _choice_problem(decision: DecisionInput) -> str | None:
    if decision.result not in ASSESSMENT_RESULTS:
        return f"Choose the result ({', '.join(RESULT_WORDS.values())})."
    if decision.decision not in DECISIONS:
        return f"Choose the decision ({', '.join(DECISION_WORDS.values())})."
    relief = decision.relief_percent
    if relief is not None and not 0 <= relief <= 100:
        return f"Relief is a percentage from 0 to 100, not {relief:g}."
    if decision.by is not None and len(decision.by) > NAME_LENGTH:
        return f"Who decided is at most {NAME_LENGTH} characters long."
    if decision.note is not None and len(decision.note) > NOTE_LENGTH:
        return f"The note is at most {NOTE_LENGTH:,} characters long."
    return None


def _replacement_problem(catalog: Catalog, item: PlanItem, name: str, decision: DecisionInput) -> str | None:
    if decision.decision != "replace":
        if decision.replacement is not None:
            return "A treatment to change to is chosen only with the decision to replace."
        return None
    if decision.replacement is None:
        return f"Choose the treatment that replaces {name}."
    replacement = catalog.modalities.get(decision.replacement)
    if replacement is None:
        return f'"{decision.replacement}" is not a treatment of the catalog: choose one from the list.'
    if replacement.id == item.modality:
        return f"To go on with {name} at another dose, choose to adjust the dose rather than replace it."
    return None


def _dose_problem(catalog: Catalog, item: PlanItem, name: str, decision: DecisionInput) -> str | None:
    dose = decision.new_dose
    if decision.decision not in CONTINUED_BY_NEW_ITEM:
        return None if dose is None else "A new dose is given only to adjust the dose or with a replacement."
    # The replacement was checked before: it is a catalog treatment when the decision is to replace.
    target = item.modality if decision.decision == "adjust-dose" else str(decision.replacement)
    target_name = catalog.modality(target).name
    if decision.decision == "adjust-dose" and not can_adjust_dose(catalog, item.modality):
        return f"{name} has no daily dose to adjust: choose another decision."
    if dose is None:
        return None if decision.decision == "replace" else f"Enter the new dose of {name}."
    if not can_adjust_dose(catalog, target):
        return f"{target_name} is not given at a daily dose: leave the dose empty."
    if dose <= 0:
        return f"The new dose of {target_name} must be more than 0."
    if decision.decision == "adjust-dose" and item.dose is not None and item.dose.amount == dose:
        return f"{name} is already at {item.dose.text}: enter the new dose."
    return None


def step_words(catalog: Catalog, item: PlanItem) -> str:
    """A plan item as the clinician names it: the treatment, with its dose when it has one."""
    name = catalog.modality(item.modality).name
    return f"{name} {item.dose.text}" if item.dose is not None else name


def _week_words(document: PlanDocument, week: int) -> str:
    return f"week {week} ({short_date(document.plan.week_date(week))})"


def _followed_problem(
    document: PlanDocument, catalog: Catalog, item: PlanItem, name: str, decision: DecisionInput
) -> str | None:
    """A planned later step of the same treatment carries the course on: only "continue" leaves it in place.
    A planned switch to another treatment stays planned after a stop (a gap until it starts), but a replace
    or a dose change would clash with it."""
    if decision.decision == "continue":
        return None
    follower = next((other for other in document.plan.items if other.replaces == item.id), None)
    if follower is None:
        return None
    step, week = step_words(catalog, follower), _week_words(document, follower.start_week)
    if follower.modality == item.modality:
        return f"{name} goes on as {step} from {week}: record the decision there, or remove that step first."
    if decision.decision == "stop":
        return None
    return f"{step} is already planned to replace {name} from {week}: remove or change that step first."


def _record_problem(
    document: PlanDocument, catalog: Catalog, item_id: str, decision: DecisionInput
) -> str | None:
    """Everything `decision_refusal` refuses except a date in the future (which needs today's date)."""
    item = document.plan.item(item_id)
    if item is None:
        return f"The plan has no treatment {item_id}."
    name = catalog.modality(item.modality).name
    return (
        _earlier_decision_problem(item, name, decision.decided_on)
        or _kept_problem(document, item, name)
        or _date_problem(document, item, name, decision.decided_on)
        or _choice_problem(decision)
        or _replacement_problem(catalog, item, name, decision)
        or _dose_problem(catalog, item, name, decision)
        or _followed_problem(document, catalog, item, name, decision)
    )


def decision_refusal(
    document: PlanDocument, catalog: Catalog, item_id: str, decision: DecisionInput, today: dt.date
) -> str | None:
    """Why the decision cannot be recorded, in plain words; None when it can."""
    if decision.decided_on > today:
        return (
            f"{short_date(decision.decided_on)} is in the future (today is {short_date(today)}): a decision "
            "is recorded on the day it is taken or later."
        )
    return _record_problem(document, catalog, item_id, decision)


def _window_opens(document: PlanDocument, item: PlanItem, modality: Modality) -> dt.date | None:
    if modality.window is None:
        return None
    return document.plan.week_date(item.start_week + modality.window.min_weeks)


def decision_question(
    document: PlanDocument, catalog: Catalog, item_id: str, decided_on: dt.date, result: str | None = None
) -> str | None:
    """The question to confirm a decision dated before the treatment can usually be judged; None otherwise.

    A treatment not tolerated is not questioned: stopping early for side effects is what should happen."""
    item = document.plan.item(item_id)
    if item is None or result == "intolerant":
        return None
    modality = catalog.modality(item.modality)
    opens = _window_opens(document, item, modality)
    if opens is None or decided_on >= opens:
        return None
    assert modality.window is not None
    weeks = modality.window.min_weeks
    return (
        f"{modality.name} is usually judged from {weeks} week{'' if weeks == 1 else 's'} after its start "
        f"(from {short_date(opens)}). Record the decision on {short_date(decided_on)} anyway?"
    )


# -- applying -------------------------------------------------------------------------------------
def _course_end(document: PlanDocument, item: PlanItem, day: dt.date) -> tuple[int, dt.date]:
    """The week the course ends and its last day: the decision's, or an earlier end the plan already had."""
    decided_end = decision_end_week(document, item, day)
    planned_end = course_end_week(item, document.plan.items)
    if planned_end is not None and planned_end <= decided_end:
        return planned_end, min(day, document.plan.week_date(planned_end))
    return decided_end, day


def _history_entry(
    document: PlanDocument, item: PlanItem, decision: DecisionInput, end: dt.date
) -> HistoryEntry:
    return HistoryEntry(
        modality=item.modality,
        start=document.plan.week_date(course_start_week(item, document.plan.items)),
        outcome=decision.result,
        end=end,
        dose_mg_per_day=item.dose_mg_per_day,
        relief_percent=decision.relief_percent,
        region=item.region,
        reason=_text(decision.note),
        dose_mcg_per_hour=item.dose_mcg_per_hour,
    )


def _new_item(
    document: PlanDocument, catalog: Catalog, item: PlanItem, decision: DecisionInput, start_week: int
) -> PlanItem:
    """The item that continues the course: the same treatment at the new dose, or the replacement."""
    same = decision.decision == "adjust-dose"
    modality = catalog.modality(item.modality if same else str(decision.replacement))
    per_hour = modality.dose_unit == MCG_PER_HOUR
    return PlanItem(
        id=next_id((other.id for other in document.plan.items), "i"),
        modality=modality.id,
        start_week=start_week,
        assess_week=start_week + modality.window.middle if modality.window else None,
        region=item.region if same else None,
        replaces=item.id,
        goal_ids=item.goal_ids,
        dose_mg_per_day=None if per_hour else decision.new_dose,
        dose_mcg_per_hour=decision.new_dose if per_hour else None,
    )


def _assessment(document: PlanDocument, item: PlanItem, decision: DecisionInput) -> Assessment:
    """The new assessment; an earlier "continue" (or result) on the item goes into its `previous`."""
    earlier = item.assessed
    week = week_containing(document, decision.decided_on)
    if earlier is None:
        week = item.assess_week if item.assess_week is not None else week
    else:
        week = max(earlier.week, week)
    kept = () if earlier is None else (*earlier.previous, dataclasses.replace(earlier, previous=()))
    return Assessment(
        week=week,
        result=decision.result,
        relief_percent=decision.relief_percent,
        note=_text(decision.note),
        decision=decision.decision,
        decided_on=decision.decided_on,
        by=_text(decision.by),
        previous=kept,
    )


def apply_decision(
    document: PlanDocument, catalog: Catalog, item_id: str, decision: DecisionInput
) -> PlanDocument:
    """The document with the decision recorded; raises ValueError (plain words) when it cannot be."""
    problem = _record_problem(document, catalog, item_id, decision)
    if problem is not None:
        raise ValueError(problem)
    item = document.plan.item(item_id)
    assert item is not None
    assessment = _assessment(document, item, decision)
    if decision.decision == "continue":
        return _with_items(document, {item.id: dataclasses.replace(item, assessed=assessment)})
    end_week, end_day = _course_end(document, item, decision.decided_on)
    changed = dataclasses.replace(item, end_week=end_week, assessed=assessment)
    added: tuple[PlanItem, ...] = ()
    if decision.decision in CONTINUED_BY_NEW_ITEM:
        # The new item starts when the decision takes effect, even if the old course had already ended.
        start = decision_end_week(document, item, decision.decided_on)
        follower = _new_item(document, catalog, item, decision, start)
        changed = dataclasses.replace(
            changed, assessed=dataclasses.replace(assessment, replaced_by=follower.id)
        )
        added = (follower,)
    result = _with_items(document, {item.id: changed}, added)
    if decision.decision in ENDING:
        entry = _history_entry(document, item, decision, end_day)
        result = dataclasses.replace(result, history=(*result.history, entry))
    return result


def _text(value: str | None) -> str | None:
    """Text as entered, without surrounding blanks; nothing entered is None (never an empty string)."""
    stripped = value.strip() if value is not None else ""
    return stripped or None


def _with_items(
    document: PlanDocument, changed: dict[str, PlanItem], added: tuple[PlanItem, ...] = ()
) -> PlanDocument:
    items = tuple(changed.get(item.id, item) for item in document.plan.items) + added
    return dataclasses.replace(document, plan=dataclasses.replace(document.plan, items=items))
