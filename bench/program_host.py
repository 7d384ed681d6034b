"""``aiinfra check --program`` before and after the program moved into a child process (issue 25).

The program is bench/overhead.py's ``aiinfra_program`` with N EFA pools, written as a Pulumi project
(``Pulumi.yaml`` + ``__main__.py``) in a temporary folder. Two variants, each a fresh
``python -P -m aiinfra.cli.main check --program DIR --format json`` process, interleaved run by run:

* ``in-process``: the code of a baseline commit (``PROGRAM_HOST_BASELINE=DIR``: a ``git archive`` of
  that commit, put first on ``PYTHONPATH``), where the program ran inside the judge;
* ``child``: the working tree, where the program runs in the Python program host and every monitor
  call crosses the stream (aiinfra/engine/stream.py).

Wall seconds and CPU seconds (the judge and everything it waited for, from ``RUSAGE_CHILDREN``), medians;
ms per registration from CPU. The registration cost of the in-process engine (what shipped stacks use)
is bench/sidebyside.py's ``aiinfra`` child run on both trees, interleaved. Where the time goes in the child variant: one more run with the judge
in this process (``aiinfra.engine.host.run_project``), so the judge's own CPU (answering and recording)
and the program host's CPU (the SDK, the program, protobuf and the pipe) are measured apart.

    PROGRAM_HOST_BASELINE=/tmp/base bench/../.venv/bin/python program_host.py RUNS [POOLS,...]
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import program_command

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = (10, 100, 300)
PROGRAM = """\
import sys

sys.path.insert(0, {bench!r})
from overhead import aiinfra_program

aiinfra_program({pools})
"""


def project(folder: Path, pools: int) -> Path:
    """A Pulumi project running ``aiinfra_program(pools)``."""
    target = folder / f"pools{pools}"
    target.mkdir(parents=True, exist_ok=True)
    (target / "Pulumi.yaml").write_text(f"name: bench-pools{pools}\nruntime: python\n")
    (target / "__main__.py").write_text(PROGRAM.format(bench=str(HERE), pools=pools))
    return target


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check_once(folder: Path, baseline: str | None) -> tuple[float, float, int]:
    """(wall s, CPU s, exit code) of one ``check --program`` process."""
    env = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}
    if baseline:
        env["PYTHONPATH"] = os.pathsep.join([baseline, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    cpu, wall = _children_cpu(), time.perf_counter()
    done = subprocess.run(
        program_command("check", folder),
        cwd=ROOT,
        env=env,
        capture_output=True,
    )
    wall, cpu = time.perf_counter() - wall, _children_cpu() - cpu
    if done.returncode not in (0, 1):
        raise SystemExit(f"check failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return wall, cpu, done.returncode


def engine_once(pools: int, baseline: str | None) -> dict[str, float]:
    """bench/sidebyside.py's ``aiinfra`` child (the in-process engine shipped stacks use), on either tree."""
    env = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}
    if baseline:
        env["PYTHONPATH"] = os.pathsep.join([baseline, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    done = subprocess.run(
        [sys.executable, str(HERE / "sidebyside.py"), "--child", "aiinfra", str(pools)],
        cwd=HERE,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def split_once(folder: Path) -> dict[str, float]:
    """The child variant's host run with the judge in this process: judge CPU vs program-host CPU."""
    from aiinfra.engine.host import run_project
    from aiinfra.engine.project import load_project

    loaded = load_project(folder, stack="dev")
    cpu, host_cpu, wall = time.process_time(), _children_cpu(), time.perf_counter()
    hosted = run_project(loaded)
    return {
        "wall_s": time.perf_counter() - wall,
        "judge_cpu_s": time.process_time() - cpu,
        "host_cpu_s": _children_cpu() - host_cpu,
        "registrations": len(hosted.run.resources) + 1,  # and the stack itself
    }


def main() -> None:
    """Every size, ``runs`` interleaved rounds of both variants; medians, ratio and the CPU split."""
    from common import record

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    sizes = tuple(int(x) for x in sys.argv[2].split(",")) if len(sys.argv) > 2 else SIZES
    baseline = os.environ.get("PROGRAM_HOST_BASELINE")
    if not baseline:
        raise SystemExit("set PROGRAM_HOST_BASELINE to a git archive of the baseline commit")
    stamp = Path(baseline) / ".commit"
    baseline_commit = stamp.read_text().strip() if stamp.is_file() else "unknown"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for pools in sizes:
            folder = project(Path(tmp), pools)
            samples: dict[str, list[tuple[float, float, int]]] = {"in-process": [], "child": []}
            check_once(folder, None)  # warm the file cache and bytecode for both trees
            check_once(folder, baseline)
            for _ in range(runs):
                samples["in-process"].append(check_once(folder, baseline))
                samples["child"].append(check_once(folder, None))
            split = [split_once(folder) for _ in range(runs)]
            engine: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
            for _ in range(runs):
                engine["before"].append(engine_once(pools, baseline))
                engine["after"].append(engine_once(pools, None))
            regs = split[0]["registrations"]
            row: dict = {"pools": pools, "runs": runs, "registrations": regs}
            for variant, values in samples.items():
                cpu = statistics.median(v[1] for v in values)
                row[variant] = {
                    "wall_s": round(statistics.median(v[0] for v in values), 3),
                    "cpu_s": round(cpu, 3),
                    "ms_per_registration": round(1000 * cpu / regs, 3),
                    "exit_codes": sorted({v[2] for v in values}),
                }
            row["ratio_cpu"] = round(row["child"]["cpu_s"] / row["in-process"]["cpu_s"], 3)
            row["ratio_wall"] = round(row["child"]["wall_s"] / row["in-process"]["wall_s"], 3)
            row["split"] = {
                key: round(statistics.median(s[key] for s in split), 3)
                for key in ("wall_s", "judge_cpu_s", "host_cpu_s")
            }
            row["engine_ms_per_registration"] = {
                label: round(
                    1000 * statistics.median(e["cpu_s"] for e in values) / values[0]["registrations"], 3
                )
                for label, values in engine.items()
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    record(
        "program_host",
        {"baseline_commit": baseline_commit, "sizes": rows, "target_ratio": 1.1},
    )


if __name__ == "__main__":
    main()
