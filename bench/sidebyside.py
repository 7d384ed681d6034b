"""Raw pulumi_aws vs aiinfra components registering the same resources, 1 to 3,000 pools, in one run.

The programs are bench/overhead.py's: ``raw_program`` registers keys, ``N`` EFA node pools (security
group and self rules, placement group, launch template, node group) and the cold + hot storage tiers
directly with pulumi_aws; ``aiinfra_program`` builds the same custom resources through the aiinfra
components (adding their ComponentResources and spec validation).

Three ways of running them, each in a fresh process, interleaved run by run so the load of a shared
machine hits all three alike:

* ``raw``: the floor as the SDK ships: ``pulumi.runtime.set_mocks`` with minimal mocks and the
  stock ``MockMonitor``, default interpreter settings;
* ``raw-gc-paused``: the same, with Python's full (oldest-generation) collections held back as
  aiinfra's engine does (so the floor of the SDK itself is visible without the collector's growth);
* ``aiinfra``: the components under aiinfra's offline engine (recording monitor, fixtures, stable
  ordering).

Each child warms up with a one-pool run (imports), then reports wall and CPU seconds, registrations
and peak RSS. Every timed window starts from a collected heap, so the one full pass the gc-paused
variants (``raw-gc-paused`` and ``aiinfra``) hold back is paid outside the windows, for both alike;
bench/scale.py's blueprint figures include it. Medians over the runs; ms per registration from CPU time (less sensitive than wall time
to other processes on the machine).
"""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

SIZES = (1, 10, 100, 300, 3000)
SMALL_REPEATS = 9
"""Runs of 1 and 10 pools take a fraction of a second: each child reports the median of this many."""
MODES = ("raw", "raw-gc-paused", "aiinfra")
BIG_MODES = ("raw", "aiinfra")
"""At 3,000 pools one run takes minutes on a shared 2-core machine: the gc-paused floor is left out there."""


class _BareMocks:
    """The minimal mocks a Pulumi unit test would write: inputs echoed, two data sources answered."""

    def new_resource(self, args):
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args):
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                "accountId": "123456789012",
                "arn": "arn:aws:iam::123456789012:root",
                "userId": "u",
                "id": "1",
            }
        if args.token == "aws:index/getRegion:getRegion":
            return {
                "name": "us-east-1",
                "region": "us-east-1",
                "id": "us-east-1",
                "endpoint": "",
                "description": "",
            }
        raise KeyError(args.token)


def _raw_once(pools: int) -> int:
    import pulumi
    from overhead import raw_program
    from pulumi.runtime.mocks import MockMonitor

    mocks = _BareMocks()
    monitor = MockMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, project="bench", stack="dev", preview=True, monitor=monitor)
    pulumi.runtime.test(lambda: raw_program(pools))()
    return len(monitor.resources)


def _aiinfra_once(pools: int) -> int:
    from overhead import aiinfra_program

    from aiinfra.engine import run_program

    return len(run_program(lambda: aiinfra_program(pools)).resources)


def child(mode: str, pools: int) -> None:
    """One measurement in this (fresh) process; prints a JSON line."""
    from aiinfra.engine.gcpause import paused_gc

    once = _aiinfra_once if mode == "aiinfra" else _raw_once
    once(1)  # warm-up: imports and first-use caches
    walls, cpus = [], []
    for _ in range(SMALL_REPEATS if pools <= 10 else 1):  # sub-second runs: median of several
        gc.collect()  # each window starts from a collected heap: no pass held back earlier lands in it
        wall, cpu = time.perf_counter(), time.process_time()
        if mode == "raw-gc-paused":
            with paused_gc():
                registrations = once(pools)
        else:
            registrations = once(pools)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "wall_s": statistics.median(walls),
                "cpu_s": statistics.median(cpus),
                "registrations": registrations,
                "peak_mib": peak,
            }
        )
    )


def measure(mode: str, pools: int) -> dict:
    """Run one child and parse its JSON line."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(pools)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    """Every size, ``runs`` interleaved rounds of the three modes; medians and ratios."""
    from common import provenance, record

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    big_runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    sizes = tuple(int(x) for x in os.environ.get("SIDEBYSIDE_SIZES", "").split(",") if x) or SIZES
    only = tuple(m for m in os.environ.get("SIDEBYSIDE_MODES", "").split(",") if m)
    for pools in sizes:
        modes = tuple(m for m in (BIG_MODES if pools >= 1000 else MODES) if not only or m in only)
        samples: dict[str, list[dict]] = {m: [] for m in modes}
        for _ in range(big_runs if pools >= 1000 else runs):
            for mode in modes:
                samples[mode].append(measure(mode, pools))
        row: dict = {"pools": pools, "runs": len(samples[modes[0]])}
        stamp = provenance()
        for mode in modes:
            regs = samples[mode][0]["registrations"]
            wall = statistics.median(s["wall_s"] for s in samples[mode])
            cpu = statistics.median(s["cpu_s"] for s in samples[mode])
            row[mode] = {
                "registrations": regs,
                "wall_s": round(wall, 3),
                "cpu_s": round(cpu, 3),
                "ms_per_registration": round(1000 * cpu / regs, 3),
                "peak_mib": round(max(s["peak_mib"] for s in samples[mode]), 1),
                "runs": len(samples[mode]),  # rows may merge variants measured in different invocations
                "measured": stamp,
            }
        print(json.dumps(row), flush=True)
        record("sidebyside", lambda previous, row=row: _with_row(previous, row))


def _with_row(previous: dict | None, row: dict) -> dict:
    """The section with ``row`` added or replaced (each size is recorded as soon as it is measured)."""
    rows = {r["pools"]: r for r in (previous or {}).get("sizes", [])}
    merged = {**rows.get(row["pools"], {}), **row}  # SIDEBYSIDE_MODES re-measures some modes only
    if "raw" in merged and "aiinfra" in merged:
        merged["ratio_vs_raw"] = round(merged["aiinfra"]["cpu_s"] / merged["raw"]["cpu_s"], 3)
    if "raw-gc-paused" in merged and "aiinfra" in merged:
        merged["ratio_vs_raw_gc_paused"] = round(
            merged["aiinfra"]["cpu_s"] / merged["raw-gc-paused"]["cpu_s"], 3
        )
    rows[row["pools"]] = merged
    ordered = [rows[p] for p in sorted(rows)]
    by_pools = {r["pools"]: r for r in ordered}
    growth = None
    if 10 in by_pools and 3000 in by_pools:
        growth = round(
            by_pools[3000]["aiinfra"]["ms_per_registration"] / by_pools[10]["aiinfra"]["ms_per_registration"],
            3,
        )
    return {
        "sizes": ordered,
        "growth_3000_vs_10": growth,
        "targets": {"growth": 1.2, "ratio_vs_raw": 1.2, "peak_mib": 2048},
    }


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
    else:
        main()
