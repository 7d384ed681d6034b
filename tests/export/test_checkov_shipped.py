"""The real Checkov (its own venv, ``.ci/run`` installs the pinned version and exports AIINFRA_CHECKOV) on the
export of every shipped stack and example: 0 parse errors in Checkov's loader and exactly the reviewed
failures of tests/export/checkov_expected.json, each with a reason in checkov_reasons.yaml.

Regenerate both with ``scripts/checkov_expected.py`` after changing a blueprint, a component or the export
(new check ids arrive as UNREVIEWED and fail test_every_failure_has_a_reviewed_reason until explained).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import cached_plan

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CLI = [sys.executable, "-P", "-m", "aiinfra.cli.main"]
EXPECTED = json.loads((HERE / "checkov_expected.json").read_text())
REASONS = yaml.safe_load((HERE / "checkov_reasons.yaml").read_text())


def _command() -> list[str]:
    from aiinfra.export.checkov import CheckovMissing, checkov_command

    try:
        return checkov_command()
    except CheckovMissing as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{exc} (.ci/run installs it)")
        pytest.skip(str(exc))


def _run(label: str):
    """The recorded run of ``stack:NAME`` (a shipped stack) or ``example:NAME`` (a project in examples/)."""
    kind, name = label.split(":", 1)
    if kind == "stack":
        return cached_plan(name).run
    from aiinfra.engine.host import run_project
    from aiinfra.engine.project import load_project

    return run_project(load_project(REPO / "examples" / name)).run


def test_every_failure_has_a_reviewed_reason() -> None:
    failing = {check for entry in EXPECTED.values() for check, _ in entry["failed"]}
    missing = sorted(c for c in failing if not REASONS.get(c) or REASONS[c] == "UNREVIEWED")
    assert missing == [], f"write the reason for each in tests/export/checkov_reasons.yaml: {missing}"
    assert all(entry["parsing_errors"] == 0 for entry in EXPECTED.values())


@pytest.mark.slow
@pytest.mark.parametrize("label", sorted(EXPECTED))
def test_checkov_on_the_export_matches_the_reviewed_list(label: str) -> None:
    command = _command()
    from aiinfra.export.checkov import scan

    ran, _ = scan(_run(label), command, REPO)
    expected = EXPECTED[label]
    assert ran.version == expected["checkov_version"], "regenerate with scripts/checkov_expected.py"
    assert ran.parsing_errors == []
    assert ran.resource_count == expected["resources"]
    assert sorted([r.check_id, r.resource] for r in ran.results if not r.passed) == expected["failed"]


@pytest.mark.slow
def test_check_with_checkov_end_to_end() -> None:
    """``aiinfra check --with checkov --format json`` on an example: Checkov's failure is in the report,
    on the URN, with Checkov's id, and the summary line on stderr counts Checkov's verdicts."""
    command = _command()
    proc = subprocess.run(
        [
            *CLI,
            "check",
            "--program",
            "examples/aws-gpu-pool",
            "--format=json",
            "--with=checkov",
            f"--checkov={command[0]}",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "AWS_EC2_METADATA_DISABLED": "true"},
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    checkov_ids = sorted(v["policy_id"] for v in doc["violations"] if v["policy_id"].startswith("CKV"))
    expected = sorted(c for c, _ in EXPECTED["example:aws-gpu-pool"]["failed"])
    assert checkov_ids == expected
    assert all(
        v["urn"].startswith("urn:pulumi:dev::") for v in doc["violations"] if v["policy_id"].startswith("CKV")
    )
    assert "0 parse errors" in proc.stderr
