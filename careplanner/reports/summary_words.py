"""The clinician summary's words for numbers: weeks with dates, windows, doses with units, trials and the
refractory criteria, with real plurals and the sources by name."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from careplanner.catalog.model import Catalog, DoseLimit, Modality
from careplanner.checks.mme import mme_text
from careplanner.domain import HistoryEntry
from careplanner.domain.dose import Dose
from careplanner.outcomes import RefractoryStatus, TrialAssessment
from careplanner.outcomes.trials import GENERAL_MIN_CATEGORIES, NEUROPATHIC_MIN_DRUGS, judged_by_result
from careplanner.reports.dates import short_date, week_date
from careplanner.reports.references import References

DASH = "—"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def week_text(start: dt.date, week: int | None) -> str:
    return DASH if week is None else f"week {week} ({short_date(week_date(start, week))})"


def window_text(modality: Modality) -> str:
    window = modality.window
    return DASH if window is None else f"weeks {window.min_weeks}–{window.max_weeks}"


def dose_text(dose: Dose | None, limit: DoseLimit | None = None, mme: Decimal | None = None) -> str:
    """The dose in its unit, with an opioid's MME a day and the catalog maximum: "40 mg a day (60 MME)",
    "300 mg a day (60 MME; max 400 mg)", "(max 3600 mg)"."""
    notes = [f"{mme_text(mme)} MME"] if mme is not None else []
    if limit is not None:
        notes.append(f"max {limit.mg:g} mg")
    parts = [dose.text] if dose is not None else []
    if notes:
        parts.append(f"({'; '.join(notes)})")
    return " ".join(parts)


def trial_text(trial: TrialAssessment | None, entry: HistoryEntry, modality: Modality | None) -> str:
    """How long the trial ran against its window, and whether it reached the target dose."""
    if trial is None or trial.weeks is None:
        return "not in the catalog"
    ran = plural(trial.weeks, "week")
    if judged_by_result(modality) and not trial.ongoing:
        return trial.summary  # one session is a whole trial: its length says nothing
    if trial.window_min is None:
        return f"ongoing, {ran} so far; no assessment window" if trial.ongoing else "no assessment window"
    opens = f"(window opens at week {trial.window_min})"
    if trial.ongoing:
        judged = "long enough to judge" if trial.adequate else "too early to judge"
        words = f"ongoing, {ran} so far; {judged} {opens}"
    else:
        words = f"{ran}; {'adequate' if trial.adequate else 'too short to judge'} {opens}"
    target = modality.target_daily_dose if modality else None
    if trial.dose_adequate is None or target is None or entry.dose_mg_per_day is None:
        return words
    if trial.dose_adequate:
        return f"{words}; target dose reached"
    return f"{words}; below the target dose ({entry.dose_mg_per_day:g} of {target.mg:g} mg a day)"


def refractory_text(status: RefractoryStatus, catalog: Catalog, references: References) -> str:
    """Whether the failed adequate trials meet the criteria, each criterion named by its source."""
    general, neuropathic = status.sources[0], status.sources[1:]
    count = len(status.failed_categories)
    failed = f" ({', '.join(status.failed_categories)})" if count else ""
    verdict = "meets" if status.meets_general else "does not meet"
    text = (
        f"Failed adequate trials in {plural(count, 'category', 'categories')}{failed}: {verdict} the "
        f"criterion of at least {GENERAL_MIN_CATEGORIES} categories ({references.cite((general,))})."
    )
    if status.neuropathic and neuropathic:
        drugs = len(status.neuropathic_drugs)
        names = ", ".join(catalog.modality(drug).name for drug in status.neuropathic_drugs)
        verdict = "meets" if status.meets_neuropathic else "does not meet"
        text += (
            f" Neuropathic pain: {plural(drugs, 'drug')} failed at adequate dose and duration"
            f"{f' ({names})' if names else ''}: {verdict} the criterion of at least {NEUROPATHIC_MIN_DRUGS} "
            f"drugs ({references.cite(neuropathic)})."
        )
    return text
