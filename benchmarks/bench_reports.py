"""How long the printouts take: a typical plan's handout and summary, and a 50-item plan's.

Run:  .venv/bin/python -m benchmarks.bench_reports
Goal: under 100 ms each for a typical plan, under 500 ms for a 50-item plan (fonts loaded once per process).
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable

from benchmarks.plans import generated_plan
from careplanner.catalog import default_catalog
from careplanner.catalog.model import Catalog
from careplanner.documents import read_plan_file
from careplanner.domain import PlanDocument
from careplanner.reports import ClinicDetails, HandoutOptions, SummaryContext, render_handout, render_summary
from careplanner.resources import examples_dir

PRINTED = dt.date(2026, 11, 21)
CLINIC = ClinicDetails("Riverside Pain Service", "1 Example Road", "01234 567890")


def median_ms(operation: Callable[[], bytes], repeats: int = 9) -> tuple[float, int]:
    operation()  # warm up: fonts and imports
    samples, size = [], 0
    for _ in range(repeats):
        began = time.perf_counter()
        size = len(operation())
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples), size


def _followed_up(catalog: Catalog) -> PlanDocument:
    """The demo's patient ten weeks into a plan: check-ins, a stopped medicine, the chart in the summary."""
    from careplanner.editing.demo import demo_documents

    documents = demo_documents(catalog, PRINTED)
    return max((document for document, _ in documents), key=lambda document: len(document.checkins))


def main() -> None:
    catalog = default_catalog()
    plans = {
        "typical (5 items, good-plan example)": read_plan_file(
            examples_dir() / "good-plan.careplan.json", catalog.modalities.keys()
        ).document,
        "typical (5 items, 16 findings)": read_plan_file(
            examples_dir() / "plan-with-problems.careplan.json", catalog.modalities.keys()
        ).document,
        "50-item plan": generated_plan(50),
        "followed up (4 check-ins, outcome chart)": _followed_up(catalog),
    }
    print(f"{'plan':<40}{'handout ms':>12}{'large print':>13}{'summary ms':>12}")
    for name, document in plans.items():
        handout, _ = median_ms(
            lambda d=document: render_handout(d, catalog, HandoutOptions(PRINTED, clinic=CLINIC))
        )
        large, _ = median_ms(
            lambda d=document: render_handout(
                d, catalog, HandoutOptions(PRINTED, large_print=True, clinic=CLINIC)
            )
        )
        summary, _ = median_ms(lambda d=document: render_summary(d, catalog, SummaryContext(PRINTED, CLINIC)))
        print(f"{name:<40}{handout:>12.1f}{large:>13.1f}{summary:>12.1f}")


if __name__ == "__main__":
    main()
