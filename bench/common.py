"""Shared helpers for the benchmarks: timing medians, generated configs, result files."""

from __future__ import annotations

import copy
import fcntl
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results.json"
_STARTED = (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), round(os.getloadavg()[0], 2))
"""When this benchmark process started and the 1-minute load average then (a busy machine inflates
wall times; the interleaved ratios are less sensitive)."""


def program_command(command: str, program: Path, config: Mapping[str, str] | None = None) -> list[str]:
    """``aiinfra COMMAND --program PROGRAM --format json`` as a CI user runs it (``-P``: the checkout's
    ``aiinfra/`` folder never shadows the installed package), with ``--config-value`` per ``config`` entry."""
    argv = [
        sys.executable,
        "-P",
        "-m",
        "aiinfra.cli.main",
        command,
        "--program",
        str(program),
        "--format",
        "json",
    ]
    for key, value in (config or {}).items():
        argv += ["--config-value", f"{key}={value}"]
    return argv


def _commit() -> str:
    """The commit measured, ``+dirty`` when the code differs from it (bench/results.* aside)."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    dirty = [line for line in git("status", "--porcelain").splitlines() if "bench/results." not in line]
    return (git("rev-parse", "--short", "HEAD") or "unknown") + ("+dirty" if dirty else "")


def provenance() -> dict[str, Any]:
    """The stamp every recorded figure carries: start time, load average at the start, commit."""
    return {"started": _STARTED[0], "load_average_at_start": _STARTED[1], "commit": _commit()}


def median_seconds(fn: Callable[[], Any], runs: int = 5) -> tuple[float, list[float]]:
    """Median wall time of ``runs`` calls, and every sample."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), samples


def shipped_platform(stack: str = "aws-training") -> dict[str, Any]:
    """The platform object of a shipped stack file."""
    data = yaml.safe_load((ROOT / "stacks" / f"Pulumi.{stack}.yaml").read_text())
    return data["config"]["aiinfra:platform"]


def generated_aws_platform(pools: int) -> dict[str, Any]:
    """The aws-training platform with ``pools`` GPU pools: alternating EFA p5 training pools (pinned to
    one AZ, cluster placement) and g6e inference pools, plus all three storage tiers."""
    raw = copy.deepcopy(shipped_platform())
    zones = raw["network"]["az_ids"]
    generated = []
    for i in range(pools):
        if i % 2 == 0:
            generated.append(
                {
                    "name": f"train{i}",
                    "machine_type": "p5.48xlarge",
                    "max_nodes": 4,
                    "zone": zones[i % len(zones)],
                    "fabric": {"type": "efa"},
                }
            )
        else:
            generated.append(
                {
                    "name": f"infer{i}",
                    "machine_type": "g6e.12xlarge",
                    "max_nodes": 4,
                    "capacity": "spot",
                    "fabric": {"type": "none"},  # serving pools opt out of the multi-node EFA default
                }
            )
    raw["pools"] = generated
    # The shipped stack's Kueue teams quota its two pools; 300 generated pools would exceed Kueue's
    # 64 flavors per resource group, and the benchmarks measure pools, not scheduling.
    raw.pop("scheduling", None)
    # The shipped services name those teams and pools (notebook team, serving pool): none exist here.
    raw.pop("services", None)
    return raw


def record(section: str, data: dict[str, Any] | Callable[[dict[str, Any] | None], dict[str, Any]]) -> None:
    """Merge one benchmark's figures into bench/results.json (under a lock: benchmarks may run side by side).

    ``data`` may be a function of the section's previous value, for benchmarks that add rows.
    """
    with open(RESULTS.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
        section_data = data(results.get(section)) if callable(data) else data
        results[section] = {**section_data, "measured": provenance()}
        RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
