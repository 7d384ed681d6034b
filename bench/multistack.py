"""All six shipped stacks: one ``aiinfra plan --jobs N`` vs the sum of six single-stack plans.

Each measurement is a fresh ``aiinfra plan ... --format json`` process (wall time, start-up and
imports included, as a user runs it). One round = the six single-stack plans one after another,
then all six with ``--jobs 1`` and with ``--jobs <cores>``; rounds repeat ``runs`` times so machine
load hits every variant alike; medians per variant. Target: ``--jobs <cores>`` <= 0.6 x the sum.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, record

AIINFRA = str(Path(sys.executable).parent / "aiinfra")


def _wall(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([AIINFRA, *args], cwd=ROOT, capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> None:
    """Interleaved rounds; record medians and the ratio."""
    from aiinfra.fleet import default_jobs
    from aiinfra.stacks import stack_names

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    stacks = stack_names(ROOT)
    jobs = default_jobs()
    sums, serial, parallel = [], [], []
    singles: dict[str, list[float]] = {s: [] for s in stacks}
    for _ in range(runs):
        total = 0.0
        for stack in stacks:
            seconds = _wall(["plan", stack, "--format", "json"])
            singles[stack].append(seconds)
            total += seconds
        sums.append(total)
        serial.append(_wall(["plan", "--format", "json", "--jobs", "1"]))
        parallel.append(_wall(["plan", "--format", "json", "--jobs", str(jobs)]))
        print(json.dumps({"sum": total, "jobs1": serial[-1], f"jobs{jobs}": parallel[-1]}), flush=True)
    result = {
        "runs": runs,
        "jobs": jobs,
        "cores": os.cpu_count(),
        "stacks": stacks,
        "single_median_s": {s: round(statistics.median(v), 2) for s, v in singles.items()},
        "sum_of_singles_median_s": round(statistics.median(sums), 2),
        "jobs1_median_s": round(statistics.median(serial), 2),
        "parallel_median_s": round(statistics.median(parallel), 2),
        "ratio": round(statistics.median(p / s for p, s in zip(parallel, sums, strict=True)), 3),
        "target_ratio": 0.6,
    }
    record("multistack", result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
