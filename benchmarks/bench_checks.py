"""How long the checks take on plans of 10 to 10,000 items, and how that grows.

Run:  .venv/bin/python -m benchmarks.bench_checks
Goal: a 30-item plan in under 1 ms in-process, growth no worse than n log n
(the window re-checks on every edit).
"""

from __future__ import annotations

import math
import statistics
import time

from benchmarks.plans import generated_plan
from careplanner.catalog import default_catalog
from careplanner.checks import check_plan

SIZES = (10, 30, 100, 1_000, 10_000)
GOAL_30_ITEMS_MS = 1.0


def seconds_per_check(size: int, budget: float = 0.5) -> tuple[float, int]:
    """Median seconds per check over repeated batches; also the number of findings."""
    catalog = default_catalog()
    document = generated_plan(size)
    findings = len(check_plan(document, catalog).findings)  # warm up and count
    loops = 1
    while True:
        began = time.perf_counter()
        for _ in range(loops):
            check_plan(document, catalog)
        elapsed = time.perf_counter() - began
        if elapsed > budget / 7 or loops > 10_000:
            break
        loops *= 2
    samples = []
    for _ in range(7):
        began = time.perf_counter()
        for _ in range(loops):
            check_plan(document, catalog)
        samples.append((time.perf_counter() - began) / loops)
    return statistics.median(samples), findings


def main() -> None:
    default_catalog()
    print(f"{'items':>7} {'findings':>9} {'ms/check':>10} {'us/item':>8} {'exponent':>9} {'vs n log n':>11}")
    previous: tuple[int, float] | None = None
    base: float | None = None
    results = {}
    for size in SIZES:
        seconds, findings = seconds_per_check(size)
        results[size] = seconds
        per_nlogn = seconds / (size * math.log2(size))
        base = base or per_nlogn
        exponent = (
            ""
            if previous is None
            else f"{math.log(seconds / previous[1]) / math.log(size / previous[0]):.2f}"
        )
        print(
            f"{size:>7} {findings:>9} {seconds * 1e3:>10.3f} {seconds / size * 1e6:>8.1f} {exponent:>9} "
            f"{per_nlogn / base:>10.2f}x"
        )
        previous = (size, seconds)
    verdict = "meets" if results[30] * 1e3 < GOAL_30_ITEMS_MS else "MISSES"
    print(f"\n30-item plan: {results[30] * 1e3:.3f} ms per check ({verdict} the {GOAL_30_ITEMS_MS} ms goal)")
    print("exponent: growth between sizes (1 = linear); vs n log n: time/(n log2 n) relative to 10 items")


if __name__ == "__main__":
    main()
