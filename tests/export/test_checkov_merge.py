"""``aiinfra check --with checkov``: finding Checkov, merging its report, deduplicating against AIP peers.

Checkov's report is a recorded one here (its JSON shape as Checkov 3.2 writes it); the run of the real
Checkov is in test_checkov_shipped.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from aiinfra.export import checkov
from aiinfra.policies.runner import evaluate
from aiinfra.report import render

from engine_helpers import run

REPO = Path(__file__).resolve().parents[2]
CHECK = [sys.executable, "-P", "-m", "aiinfra.cli.main", "check"]


def _program() -> None:
    import pulumi_aws as aws

    aws.s3.Bucket("data")
    aws.kms.Key("key", enable_key_rotation=True)


def _report(*failed: tuple[str, str]) -> dict:
    return {
        "check_type": "terraform_plan",
        "summary": {"checkov_version": "3.2.533", "resource_count": 2, "parsing_errors": 0},
        "results": {
            "failed_checks": [
                {"check_id": cid, "check_name": f"name of {cid}", "resource": addr, "resource_address": addr}
                for cid, addr in failed
            ],
            "passed_checks": [
                {"check_id": "CKV2_AWS_64", "check_name": "Ensure rotation", "resource": "aws_kms_key.key"}
            ],
            "skipped_checks": [],
            "parsing_errors": [],
        },
    }


# The Checkov ids below are ones no AIP rule names as a peer (CKV2_AWS_62 S3 event notifications, CKV2_AWS_64
# KMS key policy), so only the test's own peer declarations dedupe them.
@pytest.fixture
def recorded():
    return run(_program)


def _merge(monkeypatch, recorded, report: dict, peers: dict[str, tuple[str, ...]] | None = None):
    monkeypatch.setattr(checkov, "run_checkov", lambda *a, **k: checkov.parse_report(report))
    result = evaluate(recorded)
    if peers:  # give some AIP rules Checkov peers, as policies/rules declare them with rule(peers=...)
        result.rules = [replace(r, peers=peers.get(r.id, r.peers)) for r in result.rules]
        by_id = {r.id: r for r in result.rules}
        result.evaluations = [replace(e, rule=by_id[e.rule.id]) for e in result.evaluations]
    checkov.merge_checkov(result, recorded, ["checkov"])
    return result


def test_findings_point_at_the_urn_with_checkovs_id(monkeypatch, recorded) -> None:
    result = _merge(monkeypatch, recorded, _report(("CKV2_AWS_62", "aws_s3_bucket.data")))
    found = [f for f in result.findings if f.rule.id == "CKV2_AWS_62"]
    assert len(found) == 1
    f = found[0]
    assert f.urn.endswith("aws:s3/bucket:Bucket::data") and f.enforcement == "advisory"
    assert f.message.startswith("Checkov CKV2_AWS_62 failed on aws_s3_bucket.data: name of CKV2_AWS_62")
    assert "constructed at" in f.message and "test_checkov_merge.py:" in f.message
    passes = [e for e in result.evaluations if e.rule.id == "CKV2_AWS_64"]
    assert [(e.verdict, e.resource) for e in passes] == [("pass", "key")]


def test_every_format_carries_the_checkov_finding(monkeypatch, recorded) -> None:
    result = _merge(monkeypatch, recorded, _report(("CKV2_AWS_62", "aws_s3_bucket.data")))
    assert "CKV2_AWS_62" in render("text", [(result, None)])
    doc = json.loads(render("json", [(result, None)]))
    [v] = [v for v in doc["violations"] if v["policy_id"] == "CKV2_AWS_62"]
    assert v["urn"].endswith("::data") and v["help"].startswith("https://www.checkov.io/")
    sarif = json.loads(render("sarif", [(result, None)]))
    run_ = sarif["runs"][0]
    assert any(r["ruleId"] == "CKV2_AWS_62" for r in run_["results"])
    [rule] = [r for r in run_["tool"]["driver"]["rules"] if r["id"] == "CKV2_AWS_62"]
    assert rule["helpUri"].startswith("https://www.checkov.io/")
    assert 'classname="dev.CKV2_AWS_62"' in render("junit", [(result, None)])


def test_a_failure_an_aip_peer_judged_is_left_to_the_aip_rule(monkeypatch, recorded) -> None:
    report = _report(("CKV2_AWS_62", "aws_s3_bucket.data"), ("CKV2_AWS_64", "aws_s3_bucket.data"))
    result = evaluate(recorded)
    s3_rules = sorted({e.rule.id for e in result.evaluations if (e.urn or "").endswith("::data")})
    assert s3_rules, "some AIP rule judges the bucket"
    merged = _merge(monkeypatch, recorded, report, peers={s3_rules[0]: ("Checkov CKV2_AWS_64",)})
    ids = {f.rule.id for f in merged.findings}
    assert "CKV2_AWS_62" in ids and "CKV2_AWS_64" not in ids
    # without the peer declaration both stay
    plain = _merge(monkeypatch, recorded, report)
    assert {"CKV2_AWS_62", "CKV2_AWS_64"} <= {f.rule.id for f in plain.findings}


def test_checkov_is_found_by_flag_env_or_path(monkeypatch, tmp_path: Path) -> None:
    exe = tmp_path / "checkov"
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(checkov.ENV, raising=False)
    assert checkov.checkov_command() == [str(exe)]
    python = tmp_path / "python3"
    python.write_text("#!/bin/sh\n")
    python.chmod(0o755)
    monkeypatch.setenv(checkov.ENV, str(python))
    assert checkov.checkov_command() == [str(python), "-m", "checkov.main"]
    assert checkov.checkov_command(str(exe)) == [str(exe)]
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv(checkov.ENV)
    with pytest.raises(checkov.CheckovMissing, match="install Checkov in its own virtual environment"):
        checkov.checkov_command()


def test_cli_without_checkov_is_exit_2_and_one_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [*CHECK, "--program", "examples/aws-gpu-pool", "--with", "checkov"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": str(tmp_path), "AWS_EC2_METADATA_DISABLED": "true", "HOME": str(tmp_path)},
    )
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("aiinfra check: Checkov not found") and "pip install checkov" in lines[0]
