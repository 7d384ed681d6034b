"""Planning cost of generated aws blueprints with 1 to 300 GPU pools (the blueprint's limit), phase by phase.

Each measurement runs in a fresh process (so peak RSS is that plan's own) after a one-pool warm-up
that loads the provider SDK modules and the policy rules. Phases (CPU seconds, less sensitive than wall time to other
processes on a shared machine): the program under the engine (registrations, recorder, stable
ordering), the summary (critical path, envelope), the policy pack, rendering (plan JSON and text).
Reports medians and milliseconds per registration per phase, which should stay flat (linear growth).
Cold start is measured by bench/startup.py.
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
"""The aws blueprint accepts at most 300 pools per stack (``platform.pools``); 3,000 pools are measured
with the components directly in bench/sidebyside.py."""
PHASES = ("program", "summary", "policies", "render")


def child(pools: int) -> None:
    """Validate, plan, summarise, check and render one generated platform; print timings as JSON."""
    from aiinfra.blueprints import validate_platform
    from aiinfra.engine import run_program
    from aiinfra.plan import StackPlan, summarize
    from aiinfra.policies import evaluate
    from aiinfra.program import main as program
    from aiinfra.render import plan_json, plan_text

    warm = generated_aws_platform(1)
    evaluate(
        run_program(
            program, config={"aiinfra:platform": warm}, context=validate_platform(warm).offline_context()
        )
    )
    raw = generated_aws_platform(pools)
    cpu: dict[str, float] = {}
    wall = time.perf_counter()
    mark = time.process_time()
    config = validate_platform(raw)
    run = run_program(program, config={"aiinfra:platform": raw}, context=config.offline_context())
    cpu["program"], mark = time.process_time() - mark, time.process_time()
    summary = summarize(config, run)
    cpu["summary"], mark = time.process_time() - mark, time.process_time()
    violations = list(evaluate(run).violations)
    cpu["policies"], mark = time.process_time() - mark, time.process_time()
    plan = StackPlan("bench", Path("bench"), "aws", config, run, summary)
    json.dumps(plan_json(plan, violations))
    plan_text(plan, violations)
    cpu["render"] = time.process_time() - mark
    print(
        json.dumps(
            {
                "wall_s": time.perf_counter() - wall,
                "cpu_s": cpu,
                "resources": summary["resource_count"],
                "registrations": len(run.resources),
                "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def main() -> None:
    """Run every size in child processes and record medians."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    big_runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    rows = []
    for pools in SIZES:
        samples = []
        for _ in range(big_runs if pools >= 1000 else runs):
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(pools)],
                capture_output=True,
                text=True,
                check=True,
                cwd=Path(__file__).parent,
            )
            samples.append(json.loads(out.stdout.strip().splitlines()[-1]))
        regs = samples[0]["registrations"]
        phases = {p: statistics.median(s["cpu_s"][p] for s in samples) for p in PHASES}
        row = {
            "pools": pools,
            "runs": len(samples),
            "resources": samples[0]["resources"],
            "registrations": regs,
            "median_wall_s": round(statistics.median(s["wall_s"] for s in samples), 3),
            "median_cpu_s": round(sum(phases.values()), 3),
            "ms_per_registration": round(1000 * sum(phases.values()) / regs, 3),
            "phase_ms_per_registration": {p: round(1000 * v / regs, 3) for p, v in phases.items()},
            "peak_mib": round(max(s["peak_mib"] for s in samples), 1),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    record("scale", {"runs": runs, "sizes": rows, "targets": {"peak_mib": 2048}})


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
    else:
        main()
