"""Planning time and peak memory of generated aws blueprints with 1, 10, 100 and 300 GPU pools.

Each measurement runs in a fresh process (so peak RSS is that plan's own) after a one-pool warm-up
that loads the provider SDK modules; reports the median of ``runs`` runs per size and milliseconds per
registration, which should stay flat (linear growth). Cold start is measured by bench/startup.py.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import generated_aws_platform, record

SIZES = (1, 10, 100, 300)


def child(pools: int) -> None:
    """Validate and plan one generated platform; print seconds, resources and peak RSS as JSON."""
    from aiinfra.blueprints import validate_platform
    from aiinfra.engine import run_program
    from aiinfra.plan import summarize
    from aiinfra.program import main as program

    # Warm-up: load the provider SDK modules once so the timing is the plan itself, not imports.
    warm = generated_aws_platform(1)
    run_program(program, config={"aiinfra:platform": warm}, context=validate_platform(warm).offline_context())
    raw = generated_aws_platform(pools)
    start = time.perf_counter()
    config = validate_platform(raw)
    run = run_program(program, config={"aiinfra:platform": raw}, context=config.offline_context())
    summary = summarize(config, run)
    elapsed = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "resources": summary["resource_count"],
                "registrations": len(run.resources),
                "peak_mib": peak_mib,
            }
        )
    )


def main() -> None:
    """Run every size ``runs`` times in child processes and record medians."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    rows = []
    for pools in SIZES:
        samples = []
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(pools)],
                capture_output=True,
                text=True,
                check=True,
                cwd=Path(__file__).parent,
            )
            samples.append(json.loads(out.stdout.strip().splitlines()[-1]))
        seconds = statistics.median(s["seconds"] for s in samples)
        row = {
            "pools": pools,
            "resources": samples[0]["resources"],
            "registrations": samples[0]["registrations"],
            "median_s": round(seconds, 3),
            "ms_per_registration": round(1000 * seconds / samples[0]["registrations"], 3),
            "peak_mib": round(max(s["peak_mib"] for s in samples), 1),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    record("scale", {"runs": runs, "sizes": rows, "targets": {"300_pools_s": 60, "peak_mib": 2048}})


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
    else:
        main()
