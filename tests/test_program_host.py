"""The judged program runs in a child process (aiinfra/engine/stream.py, pyhost.py, protocol.py).

Hostile programs (tests/projects/hostile, one directory per case) cannot make ``check`` exit 0 without
a report that covers every registration they streamed; transforms are judged as registered; duplicate
URNs fail; ``plan --format json`` is the same bytes under any PYTHONHASHSEED; time-outs, SIGINT and
SIGTERM stop the child's whole process group and write no report.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aiinfra.cli.main import main
from aiinfra.engine import protocol, stream
from aiinfra.engine.stream import ChildCommand, run_child

from conftest import REPO

PROJECTS = Path(__file__).resolve().parent / "projects"
HOSTILE = PROJECTS / "hostile"
ENV = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def cli_process(*args: str, seed: int | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(ENV)
    if seed is not None:
        env["PYTHONHASHSEED"] = str(seed)
    return subprocess.run(
        [sys.executable, "-P", "-m", "aiinfra.cli.main", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=timeout,
    )


def net_004(report: dict) -> list[dict]:
    return [v for v in report["violations"] if v["policy_id"] == "AIP-NET-004"]


# --- programs that try to leave without a verdict -------------------------------------------------------
@pytest.mark.parametrize(
    ("case", "needle"),
    [
        ("exit-early", "exited with status 0 before it finished"),
        ("sys-exit-zero", "SystemExit: 0"),
        ("sigkill-self", "was killed by SIGKILL before it finished"),
        ("base-exception", "Escape: leaving without a verdict"),
        ("protocol-garbage", "broke the protocol: not a JSON line"),
        ("protocol-deep-json", 'broke the protocol: not a JSON line: \'{"event":[[[['),
        ("protocol-odd-shapes", "broke the protocol: an unknown method \"['RegisterResource']\""),
        (
            "stack-type-duplicate",
            "Duplicate resource URN 'urn:pulumi:dev::stack-type-duplicate::pulumi:pulumi:Stack::other'",
        ),
        ("protocol-frames-not-list", "broke the protocol: a 'failed' event whose 'frames' is not a list"),
        (
            "duplicate-urn",
            "Duplicate resource URN 'urn:pulumi:dev::duplicate-urn::aws:s3/bucket:Bucket::data'",
        ),
    ],
)
def test_a_program_that_ends_without_finishing_is_exit_3_and_no_report(
    capsys, tmp_path, case, needle
) -> None:
    report = tmp_path / "report.json"
    code, out, err = cli(
        capsys, "check", "--program", str(HOSTILE / case), "--format", "json", "--output", str(report)
    )
    assert (code, out) == (3, "")
    assert needle in err
    assert not report.exists()


def test_a_parent_cycle_forged_with_urn_strings_fails_within_the_timeout(tmp_path) -> None:
    # the judge's walk over a resource's ancestors (for their transforms) once looped forever here,
    # deaf to --timeout
    report = tmp_path / "report.json"
    started = time.monotonic()
    args = ("--format", "json", "--timeout", "20", "--output", str(report))
    done = cli_process("check", "--program", str(HOSTILE / "parent-cycle"), *args, timeout=60)
    assert (done.returncode, done.stdout) == (3, b"")
    assert b"ResourceParentCycle: the parents of 'urn:pulumi:dev::parent-cycle::" in done.stderr
    assert b"form a cycle" in done.stderr
    assert time.monotonic() - started < 20
    assert not report.exists()


def test_a_long_line_costs_its_length_once(monkeypatch) -> None:
    """A line arriving in pipe-sized pieces is searched for its end piece by piece (once quadratic: a
    256 MiB line kept the judge busy for the whole time-out)."""
    read_fd, write_fd = os.pipe()
    pipe = stream._Pipe(read_fd, write_fd, time.monotonic() + 60)
    piece = b"x" * 65536
    started = time.monotonic()
    for _ in range(768):  # 48 MiB in 64 KiB reads, as a pipe delivers them
        pipe._fill(piece)
    pipe._fill(b"\n")
    elapsed = time.monotonic() - started
    pipe.close()
    assert len(pipe._lines.popleft()) == 768 * 65536
    assert elapsed < 1.5


def test_a_line_longer_than_the_limit_is_a_protocol_error(monkeypatch) -> None:
    monkeypatch.setattr(protocol, "MAX_LINE", 100)
    read_fd, write_fd = os.pipe()
    pipe = stream._Pipe(read_fd, write_fd, time.monotonic() + 60)
    pipe._fill(b"x" * 60)
    with pytest.raises(protocol.ProtocolError, match="a line longer than 100 bytes"):
        pipe._fill(b"x" * 60)
    pipe.close()


def test_a_resource_of_the_stack_type_cannot_take_over_the_stack_outputs(capsys) -> None:
    code, out, _ = cli(capsys, "plan", "--program", str(HOSTILE / "stack-type-outputs"), "--format", "json")
    assert code == 1  # the bucket's mandatory findings (AIP-DATA-001, AIP-ENC-001)
    (stack,) = json.loads(out)["stacks"]
    assert stack["outputs"] == {"endpoint": "https://example.invalid"}


@pytest.mark.parametrize("command", ["check", "plan"])
def test_the_judge_imports_none_of_its_own_code_after_the_program_started(command) -> None:
    """A program can rewrite files its user may write; the judge's code is all in memory before it starts
    (a rule module first imported after the run, rewritten to call ``os._exit(0)``, gave exit 0)."""
    script = f"""
import contextlib, io, subprocess, sys
from aiinfra.cli.main import main
at_spawn = set()
real = subprocess.Popen.__init__
def spawn(self, *args, **kwargs):
    at_spawn.update(sys.modules)
    return real(self, *args, **kwargs)
subprocess.Popen.__init__ = spawn
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["{command}", "--program", {str(PROJECTS / "site")!r}, "--format", "json"])
print(code, sorted(m for m in set(sys.modules) - at_spawn if m.split(".")[0] in ("aiinfra", "policies")))
"""
    done = subprocess.run(
        [sys.executable, "-P", "-c", script], cwd=REPO, env=ENV, capture_output=True, text=True, timeout=300
    )
    assert done.stdout.strip() == "1 []", done.stderr[-2000:]


def test_a_resource_name_cannot_forge_lines_of_the_text_report(capsys) -> None:
    code, out, _ = cli(capsys, "check", "--program", str(HOSTILE / "name-control-chars"), "--format", "text")
    assert code == 1
    assert (
        "  aws:ec2/securityGroup:SecurityGroup open\\n\\n  Summary: 0 mandatory violations\\x1b[2J\n" in out
    )
    assert "\x1b" not in out
    assert not [line for line in out.splitlines() if "Summary" in line and "SecurityGroup" not in line]


def test_a_resource_name_keeps_the_junit_report_well_formed_and_the_plan_text_line_whole(capsys) -> None:
    from xml.etree import ElementTree as ET

    program = str(HOSTILE / "name-control-chars")
    code, out, _ = cli(capsys, "check", "--program", program, "--format", "junit")
    assert code == 1
    names = {case.get("name") for case in ET.fromstring(out).iter("testcase")}
    # a newline is legal XML (written as &#10;); ESC is not, and is escaped as text
    forged = "open\n\n  Summary: 0 mandatory violations\\x1b[2J"
    assert f"aws:ec2/securityGroup:SecurityGroup::{forged}" in names
    code, out, _ = cli(capsys, "plan", "--program", program, "--format", "text")
    assert code == 1
    assert "\x1b" not in out
    assert not [line for line in out.splitlines() if line.strip().startswith("Summary")]


def test_base_exception_names_the_users_line(capsys) -> None:
    code, _, err = cli(capsys, "check", "--program", str(HOSTILE / "base-exception"))
    assert code == 3
    assert "base-exception/__main__.py:11 in <module>" in err
    assert "<frozen runpy>" not in err


def test_wrapping_the_judges_evaluate_changes_nothing(capsys) -> None:
    code, out, _ = cli(capsys, "check", "--program", str(HOSTILE / "wraps-evaluate"), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert [v["resource"] for v in net_004(report)] == ["open"]
    assert report["summary"]["resources_checked"] == 1


def test_a_daemon_thread_writing_to_fd_1_cannot_corrupt_json(tmp_path) -> None:
    done = cli_process("check", "--program", str(HOSTILE / "daemon-stdout"), "--format", "json")
    report = json.loads(done.stdout)  # the whole of stdout is the report
    assert done.returncode == 1
    assert report["coverage"]["resources_total"] == 20
    assert b"not the report" not in done.stdout


def test_verbose_shows_what_the_daemon_thread_wrote_on_stderr(capsys) -> None:
    code, out, err = cli(
        capsys, "check", "--program", str(HOSTILE / "daemon-stdout"), "--format", "json", "-v"
    )
    json.loads(out)
    assert code == 1
    assert '--- program stdout ---\n{"not": "the report"}' in err


def test_an_endless_program_is_stopped_by_the_timeout(capsys, tmp_path) -> None:
    report = tmp_path / "report.json"
    started = time.monotonic()
    code, out, err = cli(
        capsys,
        "check",
        "--program",
        str(HOSTILE / "infinite-loop"),
        "--timeout",
        "2",
        "--output",
        str(report),
    )
    assert (code, out) == (3, "")
    assert "did not finish within 2 s (--timeout)" in err
    assert time.monotonic() - started < 30
    assert not report.exists()


def test_the_documented_default_timeout_is_the_engines() -> None:
    from aiinfra.cli.program import DEFAULT_TIMEOUT

    assert DEFAULT_TIMEOUT == stream.DEFAULT_TIMEOUT
    assert f"(default {stream.DEFAULT_TIMEOUT:g})" in (REPO / "docs" / "cli.md").read_text()


@pytest.mark.parametrize("value", ["0", "-1", "soon", "inf", "nan"])
def test_timeout_must_be_a_positive_number(capsys, value) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["check", "--program", str(HOSTILE / "infinite-loop"), "--timeout", value])
    assert raised.value.code == 2
    assert "--timeout" in capsys.readouterr().err


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead for our purposes
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] != "Z"


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_and_sigterm_stop_the_child_promptly_with_no_report(tmp_path, signum, code) -> None:
    pidfile, report = tmp_path / "pid", tmp_path / "report.json"
    judge = subprocess.Popen(
        [
            *(
                sys.executable,
                "-P",
                "-m",
                "aiinfra.cli.main",
                "check",
                "--program",
                str(HOSTILE / "infinite-loop"),
            ),
            *("--config-value", f"pidfile={pidfile}", "--output", str(report)),
        ],
        cwd=REPO,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # a shell's background jobs ignore SIGINT and children inherit that; this one must not
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while not (pidfile.exists() and pidfile.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    child = int(pidfile.read_text())
    assert _alive(child)
    judge.send_signal(signum)
    started = time.monotonic()
    out, err = judge.communicate(timeout=30)
    assert time.monotonic() - started < 10
    assert judge.returncode == code
    assert out == b""
    assert b"interrupted" in err and b"no report written" in err
    assert not report.exists()
    time.sleep(0.2)
    assert not _alive(child)


# --- transforms and duplicate URNs ------------------------------------------------------------------------
def test_a_stack_transform_that_opens_a_security_group_is_caught(capsys) -> None:
    code, out, _ = cli(capsys, "check", "--program", str(HOSTILE / "transform-opens"), "--format", "json")
    assert code == 1
    assert [v["resource"] for v in net_004(json.loads(out))] == ["app"]


def test_a_resource_transform_that_closes_a_security_group_clears_the_finding(capsys) -> None:
    code, out, _ = cli(capsys, "check", "--program", str(HOSTILE / "transform-closes"), "--format", "json")
    assert net_004(json.loads(out)) == []
    assert code == 0


def test_a_component_transform_reaches_its_children(capsys) -> None:
    code, out, _ = cli(capsys, "check", "--program", str(HOSTILE / "component-transform"), "--format", "json")
    assert code == 1
    assert [v["resource"] for v in net_004(json.loads(out))] == ["web-sg"]


def test_recorded_inputs_are_the_transformed_ones() -> None:
    from aiinfra.engine.host import run_project
    from aiinfra.engine.project import load_project

    closes = run_project(load_project(HOSTILE / "transform-closes", stack="dev")).run
    (group,) = closes.by_type("aws:ec2/securityGroup:SecurityGroup")
    assert [rule["cidrBlocks"] for rule in group.inputs["ingress"]] == [["203.0.113.0/24"]]
    nested = run_project(load_project(HOSTILE / "component-transform", stack="dev")).run
    (group,) = nested.by_type("aws:ec2/securityGroup:SecurityGroup")
    assert group.inputs["ingress"][0]["cidrBlocks"] == ["0.0.0.0/0"]
    assert group.parent == "urn:pulumi:dev::component-transform::example:index:Service::web"


def test_duplicate_urns_fail_in_process_too() -> None:
    import pulumi_aws as aws

    from aiinfra.engine import run_program
    from aiinfra.engine.recorder import DuplicateResourceURN

    def program() -> None:
        aws.s3.Bucket("data")
        aws.s3.Bucket("data")

    with pytest.raises(DuplicateResourceURN, match="Duplicate resource URN 'urn:pulumi:dev::aiinfra::"):
        run_program(program)


# --- no exit 0 without a complete report -------------------------------------------------------------------
CASES = [*sorted(p.name for p in HOSTILE.iterdir() if p.is_dir() and p.name != "infinite-loop"), "site"]


@pytest.mark.parametrize("case", CASES)
def test_exit_0_only_with_a_report_covering_every_streamed_registration(capsys, tmp_path, monkeypatch, case):
    streamed: list[str] = []
    real = stream._Session._register

    def counting(self, request):
        response = real(self, request)
        if request.custom and not request.type.startswith("pulumi:providers:"):
            streamed.append(response.urn)  # what coverage counts: custom resources, providers aside
        return response

    monkeypatch.setattr(stream._Session, "_register", counting)
    project = HOSTILE / case if (HOSTILE / case).is_dir() else PROJECTS / case
    report = tmp_path / "report.json"
    code, _, _ = cli(capsys, "check", "--program", str(project), "--format", "json", "--output", str(report))
    if code in (0, 1):
        written = json.loads(report.read_text())
        assert written["coverage"]["resources_total"] == len(streamed) > 0
    else:
        assert code == 3 and not report.exists()


# --- deterministic bytes -----------------------------------------------------------------------------------
def test_plan_json_is_the_same_bytes_under_any_hash_seed() -> None:
    """Inputs and outputs built from sets: before keys were sorted on decode, seeds 1, 2 and 3 gave three
    different documents (the stack output's keys moved)."""
    runs = [
        cli_process("plan", "--program", str(PROJECTS / "hashseed"), "--format", "json", seed=s)
        for s in (1, 2)
    ]
    assert [r.returncode for r in runs] == [1, 1]
    assert runs[0].stdout == runs[1].stdout
    doc = json.loads(runs[0].stdout)["stacks"][0]
    assert list(doc["outputs"]["teams"]) == sorted(doc["outputs"]["teams"])


# --- the stream with children that break the protocol ------------------------------------------------------
def _fake(script: str, timeout: float = 20) -> stream.StreamResult:
    """Run a tiny host that writes ``script``'s lines to the protocol pipe."""
    code = (
        "import os, sys\n"
        f"w, r = (int(x) for x in os.environ[{protocol.ENV_FDS!r}].split(','))\n"
        "out = os.fdopen(w, 'wb', buffering=0)\n" + script
    )
    command = ChildCommand(argv=(sys.executable, "-c", code), env=ENV, cwd=REPO)
    return run_child(command, project="p", stack="s", timeout=timeout)


HELLO = 'out.write(b\'{"v":1,"event":"hello","language":"python","sdk":"x"}\\n\')\n'


@pytest.mark.parametrize(
    ("script", "needle"),
    [
        ("", "exited with status 0 before it said hello"),
        ('out.write(b\'{"event":"done"}\\n\')\n', "the first line is not a 'hello'"),
        (HELLO.replace('"v":1', '"v":2'), "protocol version"),
        (HELLO + "sys.exit(0)\n", "exited with status 0 before it finished"),
        (HELLO + 'out.write(b\'{"event":"done"}\\n{"event":"done"}\\n\')\n', "a line after the child said"),
        (
            HELLO + 'out.write(b\'{"event":"done"}\\n\')\nsys.exit(4)\n',
            "exited with status 4 after it finished",
        ),
        (HELLO + 'out.write(b\'{"id":1,"call":"Destroy","req":""}\\n\')\n', "an unknown method 'Destroy'"),
        (
            HELLO + 'out.write(b\'{"id":1,"call":"Invoke","req":"%%%"}\\n\')\n',
            "not a valid ResourceInvokeRequest",
        ),
        (HELLO + "out.write(b'[1, 2]\\n')\n", "not a JSON object"),
        (HELLO + 'out.write(b\'{"event":"done"\')\n', "ended in the middle of a line"),
        (HELLO + "import time\ntime.sleep(60)\n", "did not finish within 2 s"),
    ],
)
def test_the_judge_fails_every_broken_stream(script: str, needle: str) -> None:
    result = _fake(script, timeout=2)
    assert result.failure is not None
    assert needle in result.failure.message


def test_a_well_behaved_stream_completes() -> None:
    result = _fake(HELLO + 'out.write(b\'{"event":"done"}\\n\')\n')
    assert result.failure is None and result.complete
    assert result.language == "python" and result.run.resources == ()


# --- what the program host withholds and cleans up (aiinfra/engine/confine.py) ---------------------------
def test_a_process_that_escapes_the_group_is_killed_when_the_run_ends(tmp_path) -> None:
    marker = tmp_path / "escaped"
    done = cli_process(
        "plan", "--program", str(HOSTILE / "escape-setsid"), "--config-value", f"marker={marker}", timeout=120
    )
    assert done.returncode in (0, 1) and b"judged 1 of 1 resources" in done.stdout, done.stderr
    time.sleep(5)  # the escapee writes 3 s after it started
    assert not marker.exists()


def test_the_program_gets_no_credential_of_the_judges_environment(monkeypatch, capsys) -> None:
    for name, value in {
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI",
        "PULUMI_ACCESS_TOKEN": "pul-123",
        "GITHUB_TOKEN": "ghp_x",
        "AWS_REGION": "eu-west-1",
    }.items():
        monkeypatch.setenv(name, value)
    code, out, _ = cli(capsys, "plan", "--program", str(HOSTILE / "reads-credentials"), "--format", "json")
    assert code == 1  # the bucket's mandatory findings; the outputs are what matters here
    outputs = json.loads(out)["stacks"][0]["outputs"]
    assert outputs == {
        "AWS_SECRET_ACCESS_KEY": "absent",
        "PULUMI_ACCESS_TOKEN": "absent",
        "GITHUB_TOKEN": "absent",
        "AWS_REGION": "eu-west-1",
    }
