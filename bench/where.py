"""Where the time of a cold ``aiinfra plan aws-training --format json`` goes, before and after.

For each tree (``SPEED_BASELINE`` / ``SPEED_AFTER`` as in bench/speed.py, or this checkout):

* ``python -X importtime``: modules imported and their self time summed per top-level package
  (pulumi_aws, pulumi_kubernetes, pulumi, pydantic, aiinfra, ...);
* ``cProfile``: cumulative seconds of the phases: imports (every ``exec_module``), the program under the
  engine (``run_program``, its own imports included), the summary, the policy pack and rendering.

Profiling inflates every figure (the shares are what to read); the 1-minute load average is recorded.

    SPEED_BASELINE=/tmp/base [SPEED_AFTER=/tmp/new] ../.venv/bin/python where.py [RUNS]
"""

from __future__ import annotations

import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from common import ROOT, record
from speed import _commit_of, _layout

ARGS = ["plan", "aws-training", "--format", "json"]
PHASES = {
    "imports (all exec_module)": ("<frozen importlib._bootstrap_external>", "exec_module"),
    "program under the engine": ("engine/run.py", "run_program"),
    "summary": ("aiinfra/plan.py", "summarize"),
    "policy pack": ("policies/runner.py", "evaluate"),
    "render JSON": ("aiinfra/render.py", "plan_json"),
}


def _env(pkg: Path | None) -> dict[str, str]:
    env = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}
    if pkg is not None:
        env["PYTHONPATH"] = str(pkg)
    return env


def imports(tree: Path, pkg: Path | None) -> dict:
    """Module count and self import seconds per top-level package."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-P", "-m", "aiinfra.cli.main", *ARGS],
        cwd=tree,
        env=_env(pkg),
        capture_output=True,
        text=True,
    )
    per_package: Counter[str] = Counter()
    modules = 0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _, name = (part.strip() for part in line[len("import time:") :].split("|"))
        modules += 1
        per_package[name.strip().split(".")[0]] += int(self_us)
    top = {name: round(us / 1e6, 3) for name, us in per_package.most_common() if us >= 1000}
    return {
        "modules": modules,
        "self_s_by_package": top,
        "total_import_s": round(sum(per_package.values()) / 1e6, 3),
    }


def phases(tree: Path, pkg: Path | None) -> dict:
    """Cumulative seconds per phase under cProfile, and the total."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "prof"
        subprocess.run(
            [sys.executable, "-P", "-m", "cProfile", "-o", str(out), "-m", "aiinfra.cli.main", *ARGS],
            cwd=tree,
            env=_env(pkg),
            capture_output=True,
            check=True,
        )
        stats = pstats.Stats(str(out)).stats  # type: ignore[attr-defined]
    result = {}
    for label, (file_part, function) in PHASES.items():
        result[label] = round(
            max(
                (
                    ct
                    for (file, _, fn), (_, _, _, ct, _) in stats.items()
                    if fn == function and file_part in file
                ),
                default=0.0,
            ),
            2,
        )
    result["total"] = round(max(ct for (_, _, _, ct, _) in stats.values()), 2)
    return result


def _median_flat(dicts: list[dict]) -> dict:
    """Per key, the median over runs (a key missing from a run counts as 0)."""
    keys = list(dict.fromkeys(k for d in dicts for k in d))
    return {k: round(statistics.median(d.get(k, 0) for d in dicts), 3) for k in keys}


def _median_imports(runs: list[dict]) -> dict:
    return {
        "modules": statistics.median(r["modules"] for r in runs),
        "total_import_s": round(statistics.median(r["total_import_s"] for r in runs), 3),
        "self_s_by_package": _median_flat([r["self_s_by_package"] for r in runs]),
    }


def main() -> None:
    """Both trees, ``runs`` interleaved rounds (default 3), medians; record under ``where``."""
    base_dir = os.environ.get("SPEED_BASELINE")
    if not base_dir:
        raise SystemExit("set SPEED_BASELINE (see bench/speed.py)")
    baseline = Path(base_dir)
    after = Path(os.environ["SPEED_AFTER"]) if os.environ.get("SPEED_AFTER") else None
    trees = {
        "before": (baseline, _layout(baseline), _commit_of(baseline)),
        "after": (after, _layout(after), _commit_of(after)) if after else (ROOT, None, "checkout"),
    }
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    result: dict = {"load_average": round(os.getloadavg()[0], 2), "runs": runs}
    samples: dict[str, list[tuple[dict, dict]]] = {name: [] for name in trees}
    for _ in range(runs):  # interleaved, so load hits both trees alike
        for name, (tree, pkg, _commit) in trees.items():
            samples[name].append((imports(tree, pkg), phases(tree, pkg)))
    for name, (_tree, _pkg, commit) in trees.items():
        result[name] = {
            "commit": commit,
            "imports": _median_imports([i for i, _ in samples[name]]),
            "phases_s": _median_flat([p for _, p in samples[name]]),
        }
    record("where", result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
