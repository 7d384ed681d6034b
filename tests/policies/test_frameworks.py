"""`--framework`: the run and the report limited to one framework, with a compliance summary; JSON,
SARIF and CrossGuard carry every mapping; waiver paths resolve against the user's project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aiinfra.cli.main import main
from aiinfra.policies import crossguard
from aiinfra.policies.compliance import framework_rules
from aiinfra.policies.frameworks import FRAMEWORKS, controls_of
from aiinfra.policies.registry import all_rules, get_rule

FAMILIES = Path(__file__).resolve().parent / "programs" / "families"


def test_shipped_stack_nist_compliance_summary(capsys) -> None:
    code = main(["check", "aws-training", "--framework", "nist-800-53", "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    (stack,) = doc["summary"]["stacks"]
    summary = stack["compliance"]
    assert summary["framework"] == "nist-800-53" and summary["version"].startswith("Rev. 5")
    statuses = {c["control"]: c["status"] for c in summary["controls"]}
    assert summary["covered"] == sum(s != "not-covered" for s in statuses.values()) > 20
    assert summary["passing"] + summary["failing"] + summary["unknown"] == summary["covered"]
    assert statuses["SC-28(1)"] == "pass" and statuses["AC-6"] == "pass"
    assert set(statuses.values()) <= {"pass", "fail", "unknown", "not-covered"}
    for v in doc["violations"]:
        assert any(c.startswith("nist-800-53:") for c in v["controls"])


def test_framework_limits_the_run_and_reports_failing_controls(capsys) -> None:
    code = main(
        ["check", "--program", str(FAMILIES / "aws_iam_bad.py"), "--framework", "cis-aws", "--format", "json"]
    )
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    expected = {r.id for r in framework_rules("cis-aws")}
    assert doc["summary"]["rules_run"] == len(expected) < len(all_rules())
    assert {v["policy_id"] for v in doc["violations"]} <= expected
    controls = {c["control"]: c for c in doc["summary"]["stacks"][0]["compliance"]["controls"]}
    assert controls["2.15"]["status"] == "fail"
    assert any("gpu-node-admin" in f for f in controls["2.15"]["failing"])
    assert controls["4.1"]["status"] == "not-covered"  # no trail in this program


def test_text_report_prints_the_summary(capsys) -> None:
    main(["check", "--program", str(FAMILIES / "k8s_bad.py"), "--framework", "cis-kubernetes"])
    out = capsys.readouterr().out
    assert "compliance CIS Kubernetes Benchmark 1.12.0" in out
    assert "[FAIL] 5.1.1 Ensure that the cluster-admin role is only used where required" in out


def test_unknown_framework_is_invalid_input(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", "--program", str(FAMILIES / "k8s_bad.py"), "--framework", "sox"])
    assert exc.value.code == 2
    assert "invalid choice: 'sox'" in capsys.readouterr().err


def test_sarif_carries_every_mapping(capsys) -> None:
    main(["check", "--program", str(FAMILIES / "k8s_bad.py"), "--framework", "cis-eks", "--format", "sarif"])
    doc = json.loads(capsys.readouterr().out)
    (run,) = doc["runs"]
    for r in run["tool"]["driver"]["rules"]:
        rule = get_rule(r["id"])
        got = {(f["key"], f["reference"]) for f in r["properties"]["frameworks"]}
        assert got == {(k, c) for k in FRAMEWORKS for c in controls_of(rule.id, k)}, rule.id
    for result in run["results"]:
        assert any(c.startswith("cis-eks:") for c in result["properties"]["controls"])
    assert run["properties"]["compliance"][0]["framework"] == "cis-eks"


def test_crossguard_gets_all_frameworks() -> None:
    pytest.importorskip("pulumi_policy")
    rule = get_rule("AIP-K8S-004")
    policy = crossguard.build_policy(rule)
    assert policy.framework.name == "CIS Amazon EKS Benchmark" and policy.framework.reference == "4.1.1"
    for key in FRAMEWORKS:
        for control in controls_of(rule.id, key):
            assert f"{key}:{control}" in policy.tags


def test_waiver_paths_resolve_against_the_users_project(tmp_path: Path, monkeypatch) -> None:
    project = tmp_path / "project"
    (project / "infra").mkdir(parents=True)
    (project / "Pulumi.yaml").write_text("name: p\nruntime: python\n")
    (project / "waivers.yaml").write_text(
        "waivers:\n  - rule: AIP-NET-004\n    resource: lb\n    owner: a@example.com\n    reason: r\n"
        "    expires: 2999-01-01\n"
    )
    pack_dir = tmp_path / "pack"
    pack_dir.mkdir()
    (pack_dir / "waivers.yaml").write_text("waivers: []\n")  # a decoy in the analyzer's working directory
    monkeypatch.chdir(pack_dir)
    monkeypatch.delenv("AIINFRA_PROJECT_DIR", raising=False)
    monkeypatch.delenv("AIINFRA_WAIVERS", raising=False)
    monkeypatch.setenv("PWD", str(project / "infra"))  # `pulumi` started from a subdirectory of the project
    assert crossguard.project_dir() == project
    waivers = crossguard._waivers({"waiversFile": "waivers.yaml"})
    assert [w.rule for w in waivers.waivers] == ["AIP-NET-004"]
    monkeypatch.setenv("AIINFRA_PROJECT_DIR", str(pack_dir))
    assert crossguard.project_dir() == pack_dir
