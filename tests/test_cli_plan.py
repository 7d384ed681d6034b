"""`aiinfra plan`: the JSON shape of the CLI contract, the text view, graphs and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from aiinfra.cli.main import main

from conftest import REPO

RESOURCE_KEYS = {"urn", "type", "name", "parent", "inputs", "protect", "retain_on_delete", "dependencies"}


def _plan_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(["plan", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = _plan_json(capsys, "aws-training")
    assert code == 0
    (stack,) = doc["stacks"]
    assert {"stack", "blueprint", "resources", "outputs", "summary", "violations"} <= set(stack)
    assert stack["stack"] == "aws-training" and stack["blueprint"] == "aws"
    assert all(set(r) >= RESOURCE_KEYS for r in stack["resources"])
    assert {"resource_count", "accelerators", "estimated_usd_per_hour", "critical_path"} <= set(
        stack["summary"]
    )
    assert stack["summary"]["resource_count"] == sum(1 for r in stack["resources"] if r["custom"])
    assert stack["outputs"]["kubeconfig"] == "[secret]"
    assert all(v["enforcement"] != "mandatory" or v["waived"] for v in stack["violations"])
    assert all(
        {"policy_id", "severity", "enforcement", "resource", "message", "waived"} <= set(v)
        for v in stack["violations"]
    )


def test_text_view_lists_tree_accelerators_cost_and_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "aws-training"]) == 0
    out = capsys.readouterr().out
    assert "Stack aws-training (blueprint aws)" in out
    assert "├─ aiinfra:aws:GpuNodePool  llm-train-h100-train" in out
    assert "  total 80 accelerators" in out
    assert "  total $483.33/h (pools $482.29 + fixed $1.04), excluding 7 fixed items" in out
    assert "aws:kms/key:Key  llm-train-keys-cold" in out
    assert "Critical path: ~" in out


@pytest.mark.parametrize("suffix", [".dot", ".mmd"])
def test_graph_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str) -> None:
    target = tmp_path / f"graph{suffix}"
    assert main(["plan", "aws-training", "--graph", str(target), "--graph-view", "resources"]) == 0
    text = target.read_text()
    if suffix == ".dot":
        assert (
            text.startswith('digraph "aws-training" {') and "llm-train-h100-train-ng" in text and "->" in text
        )
    else:
        assert text.startswith("flowchart LR") and "-->" in text and "subgraph" in text


def test_unknown_stack_exits_2_with_one_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "nope"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("aiinfra plan: stack 'nope' not found in") and "aws-training" in err
    assert "\n" not in err


def test_bad_graph_suffix_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "aws-training", "--graph", "x.txt"]) == 2
    assert "--graph 'x.txt': unknown format .txt" in capsys.readouterr().err


def _write_stack(tmp_path: Path, platform: object) -> Path:
    path = tmp_path / "Pulumi.bad.yaml"
    path.write_text(yaml.safe_dump({"config": {"aiinfra:platform": platform}}))
    return path


def test_invalid_config_exits_2_naming_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())["config"][
        "aiinfra:platform"
    ]
    raw["pools"][0]["desired_nodes"] = 99
    assert main(["plan", str(_write_stack(tmp_path, raw))]) == 2
    err = capsys.readouterr().err
    assert "platform.pools[0].desired_nodes: 99 must lie between min_nodes (0) and max_nodes (8)" in err
    assert "Traceback" not in err


def test_malformed_yaml_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "Pulumi.broken.yaml"
    path.write_text("config: [unclosed\n")
    assert main(["plan", str(path)]) == 2
    assert "not valid YAML" in capsys.readouterr().err


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "plan" in capsys.readouterr().out


def test_plan_subprocess_exit_code_and_no_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "aiinfra"), "plan", "does-not-exist"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_closed_pipe_is_exit_2_with_one_line_not_a_traceback() -> None:
    """The reader went away: the report is incomplete, so the gate must not pass (exit 2, one line)."""
    proc = subprocess.run(
        f"{Path(sys.executable).parent / 'aiinfra'} plan aws-training --format json | head -c 10; "
        'echo "exit=${PIPESTATUS[0]}"',
        shell=True,
        executable="/bin/bash",
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout == '{\n  "plan_exit=2\n'
    assert proc.stderr == (
        "aiinfra plan: cannot write to standard output (Broken pipe); the report is incomplete\n"
    )


@pytest.mark.parametrize("command", [["plan", "aws-training", "--format", "json"], ["check", "aws-training"]])
def test_full_stdout_is_exit_2_with_one_line(command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [str(Path(sys.executable).parent / "aiinfra"), *command],
            cwd=REPO,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert proc.returncode == 2
    assert proc.stderr == (
        f"aiinfra {command[0]}: cannot write to standard output (No space left on device); "
        "the report is incomplete\n"
    )


def test_closed_stdout_is_exit_2_unless_the_report_goes_to_a_file(tmp_path: Path) -> None:
    aiinfra = Path(sys.executable).parent / "aiinfra"
    proc = subprocess.run(
        f"{aiinfra} plan onprem >&-", shell=True, cwd=REPO, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stderr == (
        "aiinfra plan: cannot write to standard output (standard output is closed); the report is incomplete\n"
    )
    report = tmp_path / "report.txt"
    proc = subprocess.run(
        f"{aiinfra} check onprem --output {report} >&-",
        shell=True,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and proc.stderr == "" and report.read_text().startswith("stack onprem")


def test_graph_into_a_missing_folder_is_exit_2_before_planning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-folder" / "graph.dot"
    assert main(["plan", "aws-training", "--graph", str(target)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"aiinfra plan: --graph {str(target)!r}: folder {str(target.parent)!r} does not exist (create it first)\n"
    )


def test_graph_write_failure_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    import aiinfra.graph

    def refuse(plan, path, view="overview"):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(aiinfra.graph, "write_graph", refuse)
    target = tmp_path / "graph.dot"
    assert main(["plan", "aws-training", "--graph", str(target)]) == 2
    err = capsys.readouterr().err
    assert err == f"aiinfra plan: --graph {str(target)!r}: cannot write (Permission denied)\n"
