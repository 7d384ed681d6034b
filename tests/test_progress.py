"""Progress of a multi-stack plan: on stderr only when it is a terminal, never with --quiet, never on
stdout (the report is byte-identical either way)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from conftest import REPO

STACKS = ["onprem", "gcp-tpu-inference"]


def _plan(*extra: str, tty: bool) -> tuple[int, bytes, str]:
    """(exit code, stdout, stderr) of `aiinfra plan onprem gcp-tpu-inference --format json`, stderr a pty
    when ``tty``."""
    argv = [sys.executable, "-P", "-m", "aiinfra.cli.main", "plan", *STACKS, "--format", "json", *extra]
    env = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true", "COLUMNS": "120"}
    if not tty:
        done = subprocess.run(argv, capture_output=True, cwd=REPO, env=env)
        return done.returncode, done.stdout, done.stderr.decode()
    leader, follower = pty.openpty()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=follower, cwd=REPO, env=env)
    os.close(follower)
    out = proc.stdout.read()
    err = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the pty
            break
        if not chunk:
            break
        err += chunk
    os.close(leader)
    return proc.wait(), out, err.decode(errors="replace")


def test_progress_on_a_terminal_silent_on_a_pipe_and_with_quiet() -> None:
    code_tty, out_tty, err_tty = _plan("--jobs", "2", tty=True)
    code_pipe, out_pipe, err_pipe = _plan("--jobs", "2", tty=False)
    code_quiet, out_quiet, err_quiet = _plan("--jobs", "2", "--quiet", tty=True)
    assert code_tty == code_pipe == code_quiet == 0
    assert out_tty == out_pipe == out_quiet  # stdout untouched
    assert b"\x1b" not in out_tty
    for stack, count in (("onprem", 85), ("gcp-tpu-inference", 80)):
        assert f"{stack}" in err_tty and f"{count} resources in " in err_tty, err_tty[-800:]
    assert err_pipe == "" and err_quiet == ""


def test_the_listener_hears_each_stack_start_and_finish_in_process() -> None:
    from aiinfra.fleet import plan_stacks

    heard: list[tuple[str, str]] = []
    outcomes = plan_stacks(["onprem"], jobs=1, listener=lambda event, ref, _: heard.append((event, ref)))
    assert heard == [("started", "onprem"), ("finished", "onprem")]
    assert outcomes[0].plan.summary["resource_count"] == 85
