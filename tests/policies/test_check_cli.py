"""End-to-end: ``aiinfra check --program FILE.py`` over raw-provider programs, all output formats."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from aiinfra.cli.main import main
from aiinfra.engine.model import ProgramRun, RecordedResource
from aiinfra.policies.registry import all_rules
from aiinfra.policies.rules.net import is_open_cidr
from aiinfra.policies.runner import evaluate
from aiinfra.policies.waivers import WaiverError, load_waivers, parse_waivers

HERE = Path(__file__).resolve().parent
PROGRAMS = HERE / "programs"
SARIF_SCHEMA = HERE.parent / "schemas" / "sarif" / "sarif-schema-2.1.0.json"  # tests/schemas/SOURCES.md


def check(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def check_json(capsys, program: str, *extra: str) -> tuple[int, dict]:
    code, out, _ = check(capsys, "--program", str(PROGRAMS / program), "--format", "json", *extra)
    return code, json.loads(out)


def mandatory_ids(doc: dict) -> set[str]:
    return {v["policy_id"] for v in doc["violations"] if v["enforcement"] == "mandatory" and not v["waived"]}


@pytest.mark.parametrize(
    ("program", "expected"),
    [
        ("s3_unencrypted.py", {"AIP-ENC-001", "AIP-DATA-001", "AIP-DATA-002"}),
        ("eks_public.py", {"AIP-NET-001"}),
        ("efa_no_self_sg.py", {"AIP-NET-005"}),
        ("imdsv1_gpu.py", {"AIP-NODE-001"}),
    ],
)
def test_violating_programs(capsys, program: str, expected: set[str]) -> None:
    code, doc = check_json(capsys, program)
    assert code == 1
    assert mandatory_ids(doc) == expected
    for v in doc["violations"]:
        assert set(v) >= {
            "policy_id",
            "policy",
            "severity",
            "enforcement",
            "resource",
            "resource_type",
            "message",
            "waived",
        }
    assert doc["summary"]["mandatory_unwaived"] == sum(
        1 for v in doc["violations"] if v["enforcement"] == "mandatory"
    )


def test_compliant_program(capsys) -> None:
    code, doc = check_json(capsys, "compliant.py")
    assert code == 0
    assert mandatory_ids(doc) == set()
    assert doc["summary"]["rules_run"] == len(all_rules()) and doc["summary"]["resources_checked"] == 6


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--program", "does-not-exist.py"], "does not exist"),
        (["--program", str(PROGRAMS / "compliant.py"), "--waivers", "missing.yaml"], "waiver file"),
        (["--program", str(PROGRAMS / "compliant.py"), "--config", "missing.json"], "config file"),
    ],
)
def test_invalid_input_exits_2(capsys, args, needle) -> None:
    code, _out, err = check(capsys, *args)
    assert code == 2
    assert needle in err and "Traceback" not in err and err.count("\n") == 1


def test_program_exception_exits_3_with_the_users_frame(capsys) -> None:
    code, _out, err = check(capsys, "--program", str(PROGRAMS / "raises.py"))
    assert code == 3
    assert "failed to run offline: RuntimeError: boom" in err and "raises.py:3 in <module>" in err


def test_bad_waiver_file(capsys, tmp_path) -> None:
    bad = tmp_path / "w.yaml"
    bad.write_text(yaml.safe_dump({"waivers": [{"rule": "AIP-NET-004", "resource": "x", "owner": "o"}]}))
    code, _, err = check(capsys, "--program", str(PROGRAMS / "compliant.py"), "--waivers", str(bad))
    assert code == 2 and "invalid waivers" in err and "reason" in err


def test_waivers_apply_and_are_reported(capsys, tmp_path) -> None:
    expires = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    path = tmp_path / "waivers.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "waivers": [
                    {
                        "rule": "AIP-NET-001",
                        "resource": "aws:eks/cluster:Cluster::public",
                        "owner": "platform",
                        "reason": "bootstrap window",
                        "expires": expires,
                    }
                ]
            }
        )
    )
    code, doc = check_json(capsys, "eks_public.py", "--waivers", str(path))
    assert code == 0
    waived = [v for v in doc["violations"] if v["waived"]]
    assert [v["policy_id"] for v in waived] == ["AIP-NET-001"] and waived[0]["waiver"]["owner"] == "platform"
    code, out, _ = check(
        capsys, "--program", str(PROGRAMS / "eks_public.py"), "--waivers", str(path), "--format", "sarif"
    )
    results = json.loads(out)["runs"][0]["results"]
    sup = next(r for r in results if r["ruleId"] == "AIP-NET-001")["suppressions"]
    assert sup[0]["status"] == "accepted" and "bootstrap window" in sup[0]["justification"]


def test_waiver_hygiene_is_gov_001(capsys, tmp_path) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "waivers": [
                    {
                        "rule": "AIP-NET-001",
                        "resource": "public",
                        "owner": "o",
                        "reason": "r",
                        "expires": "2020-01-01",
                    },
                    {
                        "rule": "AIP-ZZZ-001",
                        "resource": "x",
                        "owner": "o",
                        "reason": "r",
                        "expires": (dt.date.today() + dt.timedelta(days=10)).isoformat(),
                    },
                    {
                        "rule": "AIP-NET-004",
                        "resource": "x",
                        "owner": "o",
                        "reason": "r",
                        "expires": (dt.date.today() + dt.timedelta(days=200)).isoformat(),
                    },
                ]
            }
        )
    )
    code, doc = check_json(capsys, "eks_public.py", "--waivers", str(path))
    assert code == 1
    gov = [v for v in doc["violations"] if v["policy_id"] == "AIP-GOV-001"]
    assert len(gov) == 3 and all(v["resource_type"] == "aiinfra:waiver" for v in gov)
    assert any("expired" in v["message"] for v in gov) and any("unknown rule" in v["message"] for v in gov)
    # the expired waiver does not apply
    assert any(v["policy_id"] == "AIP-NET-001" and not v["waived"] for v in doc["violations"])


def test_sarif_validates(capsys) -> None:
    import jsonschema

    _code, out, _ = check(capsys, "--program", str(PROGRAMS / "s3_unencrypted.py"), "--format", "sarif")
    doc = json.loads(out)
    jsonschema.validate(doc, json.loads(SARIF_SCHEMA.read_text()))
    run = doc["runs"][0]
    assert {r["ruleId"] for r in run["results"]} >= {"AIP-ENC-001", "AIP-DATA-001", "AIP-DATA-002"}
    rule = run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]
    assert rule["id"] == run["results"][0]["ruleId"] and rule["helpUri"].endswith("#" + rule["id"].lower())
    assert run["results"][0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].startswith(
        "urn:pulumi:"
    )
    assert {r["level"] for r in run["results"]} <= {"error", "warning", "note"}


def test_junit(capsys) -> None:
    code, out, _ = check(capsys, "--program", str(PROGRAMS / "s3_unencrypted.py"), "--format", "junit")
    assert code == 1
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    cases = root.findall(".//testcase")
    failures = root.findall(".//testcase/failure")
    assert int(root.get("tests")) == len(cases) > 0
    assert int(root.get("failures")) == len(failures) == 3  # ENC-001, DATA-001, DATA-002 on the one bucket
    names = {c.get("classname").split(".")[-1] for c in root.findall(".//testcase[failure]")}
    assert names == {"AIP-ENC-001", "AIP-DATA-001", "AIP-DATA-002"}


def test_text_groups_by_resource(capsys) -> None:
    code, out, _ = check(capsys, "--program", str(PROGRAMS / "s3_unencrypted.py"))
    assert code == 1
    assert out.count("aws:s3/bucket:Bucket raw-data") == 1 and "[MANDATORY] AIP-ENC-001" in out


def test_shipped_stack(capsys) -> None:
    if not (Path(__file__).resolve().parents[2] / "stacks" / "Pulumi.aws-training.yaml").is_file():
        pytest.skip("stack aws-training not in this checkout")
    code, out, _ = check(capsys, "aws-training", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and mandatory_ids(doc) == set()
    assert doc["summary"]["stacks"][0]["stack"] == "aws-training"


def test_unknown_stack_exits_2(capsys) -> None:
    code, _, err = check(capsys, "no-such-stack")
    assert code == 2 and err.startswith("aiinfra check:")


# ---- waiver model ----


def test_waiver_model_is_strict() -> None:
    with pytest.raises(WaiverError):
        parse_waivers(
            [
                {
                    "rule": "AIP-NET-004",
                    "resource": "x",
                    "owner": "o",
                    "reason": "r",
                    "expires": "2026-01-01",
                    "extra": 1,
                }
            ]
        )
    with pytest.raises(WaiverError):
        parse_waivers(
            [{"rule": "net-4", "resource": "x", "owner": "o", "reason": "r", "expires": "2026-01-01"}]
        )
    ws = parse_waivers(
        [
            {
                "rule": "aip-net-004",
                "resource": {"type": "aws:ec2/*", "name": "lb-*"},
                "owner": "o",
                "reason": "r",
                "expires": "2099-01-01",
            }
        ]
    )
    w = ws.waivers[0]
    assert w.rule == "AIP-NET-004"
    assert w.resource.matches(None, "aws:ec2/securityGroup:SecurityGroup", "lb-public")
    assert not w.resource.matches(None, "gcp:compute/firewall:Firewall", "lb-public")
    with pytest.raises(WaiverError):
        load_waivers("nope.yaml")


# ---- properties ----


@st.composite
def networks(draw):
    version = draw(st.sampled_from([4, 6]))
    bits = 32 if version == 4 else 128
    address = draw(st.ip_addresses(v=version))
    prefix = draw(st.integers(min_value=0, max_value=bits))
    return ipaddress.ip_network(f"{address}/{prefix}", strict=False)


@given(networks())
@settings(max_examples=200, deadline=None)
def test_open_cidr_is_exactly_the_whole_internet(net) -> None:
    whole = net.prefixlen == 0 or (net.version == 6 and ipaddress.ip_network("2000::/3").subnet_of(net))
    assert is_open_cidr(str(net)) == whole
    assert is_open_cidr(f" {net} ") == whole


def _lt_run(hop: float, tokens: str) -> ProgramRun:
    r = RecordedResource(
        urn="urn:pulumi:dev::p::aws:ec2/launchTemplate:LaunchTemplate::lt",
        type="aws:ec2/launchTemplate:LaunchTemplate",
        name="lt",
        custom=True,
        parent=None,
        inputs={"metadataOptions": {"httpTokens": tokens, "httpPutResponseHopLimit": hop}},
    )
    return ProgramRun("p", "dev", True, (r,), {})


@given(
    hop=st.integers(min_value=1, max_value=64),
    limit=st.integers(min_value=1, max_value=64),
    tokens=st.sampled_from(["required", "optional"]),
)
@settings(max_examples=60, deadline=None)
def test_hop_limit_property(hop: int, limit: int, tokens: str) -> None:
    from aiinfra.policies.registry import get_rule

    rules = [get_rule("AIP-NODE-001"), get_rule("AIP-NODE-002")]
    result = evaluate(
        _lt_run(float(hop), tokens), config={"AIP-NODE-002": {"maxHopLimit": limit}}, rules=rules
    )
    ids = {f.rule.id for f in result.findings}
    assert ("AIP-NODE-002" in ids) == (hop > limit)
    assert ("AIP-NODE-001" in ids) == (tokens != "required")


def test_ten_thousand_resources_are_all_judged() -> None:
    """10,000 resources are all judged, and the mandatory findings are the expected ones (speed is a
    benchmark, bench/policies.py, not a timed test)."""
    tags = {"team": "t", "project": "p", "environment": "dev", "cost-center": "c"}
    resources = []
    for i in range(2500):
        resources.append(
            RecordedResource(
                urn=f"urn:pulumi:dev::p::aws:ec2/launchTemplate:LaunchTemplate::lt{i}",
                type="aws:ec2/launchTemplate:LaunchTemplate",
                name=f"lt{i}",
                custom=True,
                parent=None,
                inputs={
                    "metadataOptions": {"httpTokens": "required", "httpPutResponseHopLimit": 1.0},
                    "instanceType": "g6e.xlarge",
                    "tags": tags,
                    "blockDeviceMappings": [{"ebs": {"encrypted": "true"}}],
                },
            )
        )
        resources.append(
            RecordedResource(
                urn=f"urn:pulumi:dev::p::aws:s3/bucket:Bucket::b{i}",
                type="aws:s3/bucket:Bucket",
                name=f"b{i}",
                custom=True,
                parent=None,
                inputs={"tags": tags},
                outputs={"bucket": f"b{i}"},
            )
        )
        resources.append(
            RecordedResource(
                urn=f"urn:pulumi:dev::p::aws:eks/nodeGroup:NodeGroup::ng{i}",
                type="aws:eks/nodeGroup:NodeGroup",
                name=f"ng{i}",
                custom=True,
                parent=None,
                inputs={
                    "instanceTypes": ["g6e.xlarge"],
                    "scalingConfig": {"maxSize": 2.0, "minSize": 0.0},
                    "tags": tags,
                },
            )
        )
        resources.append(
            RecordedResource(
                urn=f"urn:pulumi:dev::p::aws:iam/role:Role::r{i}",
                type="aws:iam/role:Role",
                name=f"r{i}",
                custom=True,
                parent=None,
                inputs={"assumeRolePolicy": "{}"},
            )
        )
    run = ProgramRun("p", "dev", True, tuple(resources), {})
    result = evaluate(run)
    assert result.resources_checked == 10_000
    assert {v["resource"] for v in result.violations if v["policy_id"] == "AIP-NODE-001"} == set()
