"""The three speed targets of issue 30, before and after, interleaved in one invocation.

Each round runs, in fresh processes and alternating the baseline and the current tree:

* ``plan aws-training --format json`` (cold: start-up, imports, program, policies, rendering);
* ``plan --format json`` over all six shipped stacks with the default ``--jobs`` (one per core), and
  with ``--jobs 1``;
* ``check --program P --format json`` of a 20-resource pulumi_aws program (bench/speed_program).

Wall seconds and CPU seconds (the process and its workers, from ``RUSAGE_CHILDREN``) per run, the
1-minute load average before each round; medians per variant. The baseline is a ``git archive`` of
the baseline commit (``SPEED_BASELINE=DIR``, its commit in ``DIR/.commit``), run with the same
interpreter and installed SDKs: its top-level folders are laid out as the ``aiinfra`` package in
``DIR/.pkg`` and put first on ``PYTHONPATH``. ``SPEED_AFTER=DIR`` measures such an archive as the
"after" tree instead of this checkout (to keep editing while it runs).

    SPEED_BASELINE=/tmp/base [SPEED_AFTER=/tmp/new] ../.venv/bin/python speed.py RUNS
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, record

HERE = Path(__file__).resolve().parent
PROGRAM = HERE / "speed_program"
"""A Pulumi project registering 20 pulumi_aws resources (no aiinfra components)."""
TARGETS = {"plan_aws_training_s": 3.0, "plan_all_s": 10.0, "check_program_s": 1.5}
LAYOUT = {"aiinfra": "aiinfra", "components": "aiinfra/components", "blueprints": "aiinfra/blueprints"}


def _layout(baseline: Path) -> Path:
    """``baseline/.pkg``: the archive's folders as the ``aiinfra`` package (setup.py's package_dir)."""
    pkg = baseline / ".pkg"
    if not (pkg / "aiinfra").is_dir():
        shutil.copytree(baseline / "aiinfra", pkg / "aiinfra")
        for folder in ("components", "blueprints", "policies"):
            shutil.copytree(baseline / folder, pkg / "aiinfra" / folder)
    return pkg


def _commit_of(tree: Path) -> str:
    stamp = tree / ".commit"
    return stamp.read_text().strip() if stamp.is_file() else "unknown"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _once(args: list[str], tree: Path, pkg: Path | None) -> tuple[float, float]:
    """(wall s, CPU s) of ``aiinfra ARGS`` run in ``tree`` (its stacks/), with ``pkg`` first on the path."""
    env = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}
    if pkg is not None:
        env["PYTHONPATH"] = str(pkg)
    cpu, wall = _cpu(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-P", "-m", "aiinfra.cli.main", *args], cwd=tree, env=env, capture_output=True
    )
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    if done.returncode not in (0, 1):
        raise SystemExit(f"{args} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return wall, cpu


SIX = ["aws-training", "gcp-training", "gcp-tpu-inference", "hybrid-aws", "hybrid-gcp", "onprem"]
"""The six stacks issue 30's target names (named, so a tree that ships more stacks compares like for like)."""
COMMANDS = {
    "plan_aws_training": ["plan", "aws-training", "--format", "json"],
    "plan_all": ["plan", *SIX, "--format", "json"],
    "plan_all_jobs1": ["plan", *SIX, "--format", "json", "--jobs", "1"],
    "check_program": ["check", "--program", str(PROGRAM), "--format", "json"],
}


def main() -> None:
    """Interleaved rounds of every command on both trees; record medians."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    base_dir = os.environ.get("SPEED_BASELINE")
    if not base_dir:
        raise SystemExit("set SPEED_BASELINE to a git archive of the baseline commit (its commit in .commit)")
    baseline = Path(base_dir)
    after = Path(os.environ["SPEED_AFTER"]) if os.environ.get("SPEED_AFTER") else None
    trees = {
        "before": (baseline, _layout(baseline)),
        "after": (after, _layout(after)) if after else (ROOT, None),
    }
    samples: dict[str, dict[str, list[tuple[float, float]]]] = {c: {t: [] for t in trees} for c in COMMANDS}
    loads = []
    for _ in range(runs):
        loads.append(round(os.getloadavg()[0], 2))
        for command, args in COMMANDS.items():
            for tree, (folder, path) in trees.items():
                samples[command][tree].append(_once(args, folder, path))
        print(
            json.dumps(
                {"load": loads[-1], **{c: {t: s[-1] for t, s in v.items()} for c, v in samples.items()}}
            )
        )
    rows = {
        command: {
            tree: {
                "wall_s": round(statistics.median(w for w, _ in runs_), 2),
                "cpu_s": round(statistics.median(c for _, c in runs_), 2),
            }
            for tree, runs_ in by_tree.items()
        }
        for command, by_tree in samples.items()
    }
    result = {
        "runs": runs,
        "cores": len(os.sched_getaffinity(0)),
        "baseline_commit": _commit_of(baseline),
        "after_commit": _commit_of(after) if after else None,
        "load_averages": loads,
        "rows": rows,
        "targets": TARGETS,
    }
    record("speed", result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
