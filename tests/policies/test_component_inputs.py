"""Rules that judge what a multi-language component declares (issue 26, point 3): a pulumi_eks
``eks:index:Cluster``/``ManagedNodeGroup`` is a remote component whose children are invisible offline, but
its own inputs (names and defaults of the pulumi-eks 4.4.0 SDK) are judged like the raw resource's."""

from __future__ import annotations

import pytest
from test_policy_rules import verdict

from aiinfra.engine.model import UNKNOWN, ProgramRun, RecordedResource
from aiinfra.policies.runner import evaluate
from aiinfra.report.coverage import coverage

CLUSTER = "eks:index:Cluster"
MNG = "eks:index:ManagedNodeGroup"
KEY_ARN = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
HARDENED = {
    "endpointPublicAccess": False,
    "endpointPrivateAccess": True,
    "enabledClusterLogTypes": ["api", "audit", "authenticator"],
    "encryptionConfigKeyArn": KEY_ARN,
}


def component(type_: str, inputs: dict) -> ProgramRun:
    record = RecordedResource(
        urn=f"urn:pulumi:dev::fixture::{type_}::c",
        type=type_,
        name="c",
        custom=False,
        parent=None,
        inputs=inputs,
        outputs={},
        remote=True,
    )
    return ProgramRun(project="fixture", stack="dev", preview=True, resources=(record,), outputs={})


def judge(rule_id: str, run: ProgramRun) -> str:
    result = evaluate(run, config=None, waivers=None, rules=None)
    return verdict([f for f in result.findings if f.rule.id == rule_id])


CASES = [
    # rule, type, inputs, verdict
    ("AIP-NET-001", CLUSTER, HARDENED, "pass"),
    ("AIP-NET-001", CLUSTER, {"publicAccessCidrs": ["203.0.113.0/24"]}, "pass"),
    ("AIP-NET-001", CLUSTER, {}, "fail"),  # pulumi-eks: endpointPublicAccess defaults to true, no CIDRs
    ("AIP-NET-001", CLUSTER, {"endpointPublicAccess": True, "publicAccessCidrs": ["0.0.0.0/0"]}, "fail"),
    (
        "AIP-NET-001",
        CLUSTER,
        {"publicAccessCidrs": ["0.0.0.0/1", "128.0.0.0/1"]},
        "fail",
    ),  # equivalent spelling
    ("AIP-NET-001", CLUSTER, {"endpointPublicAccess": UNKNOWN}, "unknown"),
    ("AIP-NODE-004", CLUSTER, HARDENED, "pass"),
    ("AIP-NODE-004", CLUSTER, {}, "fail"),  # pulumi-eks: control-plane logging off by default
    ("AIP-NODE-004", CLUSTER, {"enabledClusterLogTypes": UNKNOWN}, "unknown"),
    ("AIP-AUD-007", CLUSTER, HARDENED, "pass"),
    ("AIP-AUD-007", CLUSTER, {"enabledClusterLogTypes": ["api"]}, "fail"),
    ("AIP-AUD-007", CLUSTER, {"enabledClusterLogTypes": UNKNOWN}, "unknown"),
    ("AIP-ENC-008", CLUSTER, HARDENED, "pass"),
    ("AIP-ENC-008", CLUSTER, {"encryptionConfigKeyArn": UNKNOWN}, "pass"),  # a key of the same program
    ("AIP-ENC-008", CLUSTER, {"encryptionConfigKeyArn": "  "}, "fail"),
    ("AIP-ENC-008", CLUSTER, {}, "fail"),
    ("AIP-NODE-003", MNG, {"instanceTypes": ["p5.48xlarge"]}, "pass"),
    ("AIP-NODE-003", MNG, {"remoteAccess": {"ec2SshKey": "ops", "sourceSecurityGroupIds": ["sg-1"]}}, "pass"),
    ("AIP-NODE-003", MNG, {"remoteAccess": {"ec2SshKey": "ops"}}, "fail"),
    ("AIP-NODE-003", MNG, {"remoteAccess": {"ec2SshKey": "ops", "sourceSecurityGroupIds": UNKNOWN}}, "pass"),
]


@pytest.mark.parametrize(("rule_id", "type_", "inputs", "expected"), CASES)
def test_component_inputs_are_judged(rule_id: str, type_: str, inputs: dict, expected: str) -> None:
    assert judge(rule_id, component(type_, inputs)) == expected


def test_hardened_cluster_component_has_no_mandatory_finding() -> None:
    result = evaluate(component(CLUSTER, HARDENED), config=None, waivers=None, rules=None)
    assert [f.rule.id for f in result.findings if f.enforcement == "mandatory"] == []


def test_coverage_still_lists_the_component_and_names_the_rules_that_read_its_inputs() -> None:
    run = component(CLUSTER, {"publicAccessCidrs": ["0.0.0.0/0"]})
    result = evaluate(run, config=None, waivers=None, rules=None)
    cov = coverage(run, result)
    assert [n.type for n in cov.not_judged] == [CLUSTER]
    assert cov.not_judged[0].reason.endswith(
        "its own inputs were judged by AIP-AUD-007, AIP-ENC-008, AIP-NET-001, AIP-NODE-004"
    )
    assert (cov.resources_judged, cov.resources_total) == (0, 1)
