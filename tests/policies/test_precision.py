"""Precision (issue 26, point 5): a rule meant for one service stays off others. AIP-OBS-007 judges roles
Managed Grafana assumes; an IRSA-style role whose trust policy is unknown at preview is not one of them and
gets no *unknown* verdict, while a Grafana role with an unknown inline policy still does."""

from __future__ import annotations

from policy_fixtures import Fixture, Spec
from test_policy_rules import run_fixture, verdict

from aiinfra.engine.model import UNKNOWN

GRAFANA_TRUST = (
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
    '"Principal": {"Service": "grafana.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'
)
QUERY = (
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "aps:QueryMetrics", '
    '"Resource": "*"}]}'
)


def role(name: str, trust=GRAFANA_TRUST, policy=QUERY) -> Spec:
    return Spec(
        "aws:iam/role:Role",
        name,
        {"assumeRolePolicy": trust, "inlinePolicies": [{"name": "q", "policy": policy}]},
    )


def test_role_with_unknown_trust_policy_is_not_a_grafana_role() -> None:
    findings, _ = run_fixture("AIP-OBS-007", Fixture([role("irsa", trust=UNKNOWN)]))
    assert verdict(findings) == "pass" and findings == []


def test_grafana_role_with_unknown_inline_policy_stays_unknown() -> None:
    findings, _ = run_fixture("AIP-OBS-007", Fixture([role("grafana", policy=UNKNOWN)]))
    assert verdict(findings) == "unknown"


def test_default_vpc_rule_gives_no_unknown_for_a_non_accelerator_instance() -> None:
    """AIP-NET-010 read a web server's unknown subnetId (from an awsx Vpc) before asking whether it is an
    accelerator: an *unknown* on pulumi/training's aws-*/3_component-resources t2.micro."""
    web = Spec("aws:ec2/instance:Instance", "web", {"instanceType": "t2.micro", "subnetId": UNKNOWN})
    findings, _ = run_fixture("AIP-NET-010", Fixture([web]))
    assert findings == []
    gpu = Spec("aws:ec2/instance:Instance", "gpu", {"instanceType": "p5.48xlarge", "subnetId": UNKNOWN})
    assert verdict(run_fixture("AIP-NET-010", Fixture([gpu]))[0]) == "unknown"
