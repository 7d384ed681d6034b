"""`aiinfra deploy`: dependency order from StackReferences, parallel waves, failure propagation.

The real Pulumi CLI cannot be installed on the build machines, so these tests put a stand-in
``pulumi`` executable first on PATH: a small script that answers what the Automation API asks
(``version``, ``stack select``, ``preview``/``up`` with their event log, ``stack output``,
``stack history``), records every invocation with start/end times, and fails the stacks named in
``FAKE_PULUMI_FAIL``. Nothing contacts a backend.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiinfra.cli.main import main
from aiinfra.deploy import FleetGraph, run_fleet

STAND_IN = textwrap.dedent(
    """\
    #!{python}
    import json, os, sys, time
    args = [a for a in sys.argv[1:] if a != "--non-interactive"]  # the Automation API adds it first
    stack = args[args.index("--stack") + 1] if "--stack" in args else None
    log = os.environ["FAKE_PULUMI_LOG"]

    def record(event):
        with open(log, "a") as f:
            f.write(json.dumps({{"event": event, "args": args, "stack": stack, "t": time.time(), "cwd": os.getcwd()}}) + "\\n")

    if args == ["version"]:
        print("v3.200.0")
        sys.exit(0)
    record("start")
    if args[:2] == ["stack", "select"]:
        sys.exit(0)
    if args[:2] == ["stack", "output"]:
        print("{{}}")
        sys.exit(0)
    if args[:2] == ["stack", "history"]:
        print(json.dumps([{{"version": 1, "kind": "update", "startTime": "2026-12-01T00:00:00.000Z",
                           "message": "", "environment": {{}}, "config": {{}}, "result": "succeeded",
                           "endTime": "2026-12-01T00:00:01.000Z", "resourceChanges": {{"create": 3}}}}]))
        sys.exit(0)
    if args[0] in ("preview", "up"):
        time.sleep(float(os.environ.get("FAKE_PULUMI_SECONDS", "0")))
        if stack in os.environ.get("FAKE_PULUMI_FAIL", "").split(","):
            record("end")
            print(f"error: {{stack}}: the stand-in was told to fail", file=sys.stderr)
            sys.exit(1)
        if "--event-log" not in args:  # up takes its summary from `stack history`
            record("end")
            sys.exit(0)
        with open(args[args.index("--event-log") + 1], "a") as f:
            f.write(json.dumps({{"sequence": 1, "timestamp": 0, "summaryEvent": {{"maybeCorrupt": False,
                    "durationSeconds": 0, "resourceChanges": {{"create": 3}}, "PolicyPacks": {{}}}}}}) + "\\n")
        record("end")
        sys.exit(0)
    print("stand-in pulumi: unexpected " + " ".join(args), file=sys.stderr)
    sys.exit(2)
    """
)


@pytest.fixture
def fake_pulumi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A recording stand-in `pulumi` first on PATH; returns its invocation log."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "pulumi"
    exe.write_text(STAND_IN.format(python=sys.executable))
    exe.chmod(0o755)
    log = tmp_path / "invocations.jsonl"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_PULUMI_LOG", str(log))
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "offline-test")
    return log


def _events(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.is_file() else []


def _ops(log: Path, event: str = "start") -> list[tuple[str, str]]:
    return [
        (e["args"][0], e["stack"])
        for e in _events(log)
        if e["event"] == event and e["args"][0] in ("up", "preview")
    ]


def test_dry_run_prints_onprem_before_hybrid_aws(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deploy", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.index("onprem") < out.index("hybrid-aws")
    lines = out.splitlines()
    assert lines[0] == "Deploy order: 8 stacks in 2 waves, up to " + lines[0].rsplit("up to ", 1)[1]
    assert (
        lines[1]
        == "  1. aws-gb200, aws-training, gcp-a4x, gcp-tpu-inference, gcp-training, hybrid-gcp, onprem"
    )
    assert lines[2] == "  2. hybrid-aws (after onprem)"


def test_dry_run_names_references_outside_the_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deploy", "hybrid-aws", "--dry-run"]) == 0
    assert "hybrid-aws (reads onprem (not in this run: must already be deployed))" in capsys.readouterr().out


def test_up_runs_dependencies_first_through_the_automation_api(
    fake_pulumi: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_PULUMI_SECONDS", "1.0")
    assert main(["deploy", "hybrid-aws", "onprem", "aws-training", "--parallel", "2"]) == 0
    out = capsys.readouterr().out
    ups = _ops(fake_pulumi)
    assert {s for _, s in ups} == {"hybrid-aws", "onprem", "aws-training"} and {o for o, _ in ups} == {"up"}
    events = _events(fake_pulumi)
    end = {e["stack"]: e["t"] for e in events if e["event"] == "end"}
    start = {e["stack"]: e["t"] for e in events if e["event"] == "start" and e["args"][0] == "up"}
    assert start["hybrid-aws"] >= end["onprem"]  # the reader waits for the stack it reads
    assert (
        start["aws-training"] < end["onprem"] and start["onprem"] < end["aws-training"]
    )  # wave 1 in parallel
    up_args = next(e["args"] for e in events if e["args"][0] == "up")
    assert up_args[:5] == ["up", "--yes", "--skip-preview", "--exec-kind", "auto.local"]
    assert all(e["cwd"] == str(Path.cwd()) for e in events)  # LocalWorkspace over this project
    assert "hybrid-aws: up succeeded" in out and "3 succeeded, 0 failed, 0 skipped" in out


def test_failed_stack_skips_its_dependants_not_the_others(
    fake_pulumi: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_PULUMI_FAIL", "onprem")
    assert main(["deploy", "onprem", "hybrid-aws", "gcp-tpu-inference", "--preview", "--parallel", "1"]) == 1
    out = capsys.readouterr().out
    assert sorted(_ops(fake_pulumi)) == [("preview", "gcp-tpu-inference"), ("preview", "onprem")]
    assert "onprem: preview FAILED" in out and "the stand-in was told to fail" in out
    assert "hybrid-aws: skipped (onprem did not succeed)" in out
    assert "1 succeeded, 1 failed, 1 skipped" in out


def test_invalid_stack_exits_2_before_anything_runs(
    fake_pulumi: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "Pulumi.bad.yaml"
    bad.write_text("config:\n  aiinfra:platform: {blueprint: onprem, name: x}\n")
    assert main(["deploy", "onprem", str(bad)]) == 2
    assert str(bad) in capsys.readouterr().err and not _events(fake_pulumi)


@st.composite
def _dags(draw) -> FleetGraph:
    """Random fleets: stack i may read any earlier stack, or one outside the run."""
    n = draw(st.integers(min_value=1, max_value=8))
    names = [f"s{i}" for i in range(n)]
    reads = {
        name: tuple(
            sorted(set(draw(st.lists(st.sampled_from([*names[:i], "outside"]), max_size=3))) if i else ())
        )
        for i, name in enumerate(names)
    }
    order = draw(st.permutations(names))
    return FleetGraph(tuple(order), reads)


@settings(max_examples=60, deadline=None)
@given(_dags())
def test_waves_respect_every_reference(graph: FleetGraph) -> None:
    waves = graph.waves()
    level = {s: i for i, wave in enumerate(waves) for s in wave}
    assert sorted(level) == sorted(graph.stacks)  # every stack exactly once
    for stack in graph.stacks:
        assert all(level[dep] < level[stack] for dep in graph.needs(stack))
        assert "outside" not in graph.needs(stack)
        assert level[stack] == 0 or any(
            level[d] == level[stack] - 1 for d in graph.needs(stack)
        )  # earliest wave


@settings(max_examples=40, deadline=None)
@given(_dags(), st.data())
def test_a_failure_skips_exactly_its_dependants(graph: FleetGraph, data: st.DataObject) -> None:
    failing = data.draw(st.sampled_from(graph.stacks))

    def operate(stack: str, _work_dir: Path, _preview: bool) -> dict[str, int]:
        if stack == failing:
            raise RuntimeError("boom")
        return {"same": 1}

    runs = {
        r.stack: r.status
        for r in run_fleet(graph, work_dir=Path("."), progress=lambda _: None, operate=operate)
    }
    skipped = graph.dependants(failing)
    assert runs[failing] == "failed"
    assert {s for s, status in runs.items() if status == "skipped"} == skipped
    assert all(status == "succeeded" for s, status in runs.items() if s != failing and s not in skipped)
