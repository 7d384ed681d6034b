"""Cost of the policy pack over 10,000 resources: what ``aiinfra check`` adds to a plan.

The resources are real registrations (a generated 300-pool aws plan) replicated under distinct URNs
until there are at least 10,000, so every rule sees realistic props and cross-resource joins.
"""

from __future__ import annotations

import dataclasses
import json
import os
import statistics
import sys
import time

from common import generated_aws_platform, median_seconds, record

TARGET = 10_000


def _replicated(run, target: int):
    from aiinfra.engine.model import ProgramRun

    base = list(run.resources)
    copies = []
    for i in range(-(-target // len(base))):
        suffix = f"-r{i}"

        def rename(urn: str | None, suffix: str = suffix) -> str | None:
            return None if urn is None else urn + suffix

        for res in base:
            copies.append(
                dataclasses.replace(
                    res,
                    urn=rename(res.urn),
                    name=res.name + suffix,
                    parent=rename(res.parent),
                    provider=rename(res.provider),
                    dependencies=tuple(rename(d) for d in res.dependencies),
                )
            )
    return ProgramRun(run.project, run.stack, run.preview, tuple(copies), run.outputs)


def main() -> None:
    """Plan once, replicate to 10k resources, time ``evaluate`` (median of ``runs``)."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    from aiinfra.blueprints import validate_platform
    from aiinfra.engine import run_program
    from aiinfra.policies import evaluate
    from aiinfra.program import main as program

    raw = generated_aws_platform(300)
    config = validate_platform(raw)
    run = run_program(program, config={"aiinfra:platform": raw}, context=config.offline_context())
    big = _replicated(run, TARGET)
    evaluate(big)  # warm-up: rule modules and the catalog load once
    median, samples = median_seconds(lambda: evaluate(big), runs)
    cpu = []
    for _ in range(runs):  # CPU time too: on a shared machine the wall clock also measures the neighbours
        start = time.process_time()
        evaluate(big)
        cpu.append(time.process_time() - start)
    result = evaluate(big)
    out = {
        "resources": len(big.resources),
        "rules": len(result.rules),
        "runs": runs,
        "median_s": round(median, 3),
        "samples_s": [round(s, 3) for s in samples],
        "median_cpu_s": round(statistics.median(cpu), 3),
        "load_average": round(os.getloadavg()[0], 2),
        "findings": len(result.violations),
        "target_s": 2.0,
    }
    record("policies", out)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
