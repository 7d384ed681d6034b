"""Multi-stack planning: the process pool (`--jobs`), stack order, failures isolated per stack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from aiinfra import fleet
from aiinfra.cli.main import main


def _bad_stack(tmp_path: Path) -> Path:
    path = tmp_path / "Pulumi.broken.yaml"
    path.write_text(yaml.safe_dump({"config": {"aiinfra:platform": {"blueprint": "onprem", "name": "x"}}}))
    return path


def test_parallel_plan_equals_serial_plan_in_stack_order(capsys: pytest.CaptureFixture[str]) -> None:
    stacks = ["onprem", "gcp-tpu-inference"]
    assert main(["plan", *stacks, "--format", "json", "--jobs", "1"]) == 0
    serial = capsys.readouterr().out
    assert main(["plan", *reversed(stacks), "--format", "json", "--jobs", "2"]) == 0
    parallel = json.loads(capsys.readouterr().out)
    assert [s["stack"] for s in parallel["stacks"]] == list(reversed(stacks))
    assert list(reversed(parallel["stacks"])) == json.loads(serial)["stacks"]


def test_one_failing_stack_does_not_stop_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _bad_stack(tmp_path)
    code = main(["plan", str(bad), "onprem", "--format", "json", "--jobs", "2"])
    out, err = capsys.readouterr()
    assert code == 2  # the worst of 2 (invalid input) and 0 (onprem clean)
    assert [s["stack"] for s in json.loads(out)["stacks"]] == ["onprem"]
    assert err.startswith(f"aiinfra plan: {bad}: ") and "Traceback" not in err
    assert err.count("\n") == 1


def test_check_over_stacks_reports_failures_per_stack_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _bad_stack(tmp_path)
    code = main(["check", "onprem", str(bad), "--format", "json", "--jobs", "2"])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"aiinfra check: {bad}: " in err
    summary = json.loads(out)["summary"]
    assert summary["stacks_checked"] == 1 and summary["stacks"][0]["stack"] == "onprem"


def test_program_failure_is_exit_3_with_its_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import aiinfra.plan

    def boom(ref: str, **_: object) -> None:
        raise RuntimeError(f"boom in {ref}")

    monkeypatch.setattr(aiinfra.plan, "plan_stack", boom)
    code = main(["plan", "onprem", "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == fleet.PROGRAM_FAILED
    assert (
        "Traceback" in err
        and "aiinfra plan: stacks/Pulumi.onprem.yaml: program failed: RuntimeError: boom in onprem" in err
    )


@pytest.mark.parametrize(
    ("value", "needle"), [("0", "--jobs: 0 must be at least 1"), ("x", "'x' is not a whole number")]
)
def test_bad_jobs_exits_2(capsys: pytest.CaptureFixture[str], value: str, needle: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["plan", "onprem", "--jobs", value])
    assert exc.value.code == 2 and needle in capsys.readouterr().err


def test_worst_exit_code_and_default_jobs() -> None:
    assert fleet.worst_exit_code([0, 1, 2, 0]) == 2
    assert fleet.worst_exit_code([]) == 0
    assert fleet.default_jobs() >= 1
    with pytest.raises(ValueError, match="jobs: 0 must be at least 1"):
        fleet.plan_stacks(["onprem"], jobs=0)
