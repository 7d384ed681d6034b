"""The offline engine leaves no event loop unclosed: fresh processes exit with a clean stderr.

An unclosed loop reclaimed by the garbage collector sometimes printed ``Exception ignored in:
<function BaseEventLoop.__del__ ...> ValueError: Invalid file descriptor: -1`` (aiinfra/engine/loops.py
explains why). ``-W always::ResourceWarning`` makes every unclosed loop visible on stderr, so the
check is deterministic instead of one run in several.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from conftest import REPO

PROGRAM = textwrap.dedent(
    """
    import pulumi
    import pulumi_kubernetes as k8s
    from aiinfra.engine import run_program

    def program():
        for i in range(20):
            k8s.core.v1.ConfigMap(f"cm-{i}", data={"i": str(i)})
        pulumi.export("count", 20)

    for _ in range(2):
        assert len(run_program(program).resources) == 20
    print("ok")
    """
)
RUNS = 6


def test_engine_runs_leave_stderr_clean_in_fresh_processes() -> None:
    env = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-P", "-W", "always::ResourceWarning", "-c", PROGRAM],
            cwd=REPO,
            env={**env, "PYTHONHASHSEED": str(seed)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in range(RUNS)
    ]
    results = [(p.communicate(timeout=300), p.returncode) for p in procs]
    for (out, err), code in results:
        assert code == 0, err
        assert out.strip() == "ok"
        assert err == ""


def test_cli_plan_stderr_is_clean() -> None:
    for seed in range(1):
        done = subprocess.run(
            [
                sys.executable,
                "-P",
                "-W",
                "always::ResourceWarning",
                "-m",
                "aiinfra.cli.main",
                "plan",
                "onprem",
            ],
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
