"""Pass, fail and unknown-value fixtures of the Amazon Managed Grafana rules (AIP-OBS-004..007).
Imported by ``policy_fixtures`` (merged into ``FIXTURES``)."""

from __future__ import annotations

import json

from policy_fixtures import F, Fixture, P, Spec, U

from aiinfra.engine.model import UNKNOWN

WORKSPACE = "aws:grafana/workspace:Workspace"
ROLE = "aws:iam/role:Role"
KEY = "arn:aws:kms:us-west-2:1:key/k"
AMP = "arn:aws:aps:us-west-2:1:workspace/ws-1"
PRIVATE = {"vpceIds": ["vpce-0123456789abcdef0"], "prefixListIds": []}


def workspace(name: str = "grafana", **extra) -> Spec:
    """A hardened workspace; ``extra`` overrides (None removes a key)."""
    inputs = {
        "accountAccessType": "CURRENT_ACCOUNT",
        "authenticationProviders": ["AWS_SSO"],
        "permissionType": "CUSTOMER_MANAGED",
        "roleArn": "arn:aws:iam::1:role/grafana",
        "dataSources": ["PROMETHEUS"],
        "kmsKeyId": KEY,
        "networkAccessControl": PRIVATE,
    }
    inputs.update(extra)
    return Spec(WORKSPACE, name, {k: v for k, v in inputs.items() if v is not None})


def _doc(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


GRAFANA_TRUST = _doc(
    {
        "Effect": "Allow",
        "Principal": {"Service": "grafana.amazonaws.com"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": "1"}},
    }
)
EC2_TRUST = _doc(
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
)
QUERY = _doc(
    {
        "Effect": "Allow",
        "Action": ["aps:QueryMetrics", "aps:GetSeries", "aps:GetLabels", "aps:GetMetricMetadata"],
        "Resource": AMP,
    }
)


def role(name: str, trust=GRAFANA_TRUST, policy=QUERY, **extra) -> Spec:
    return Spec(
        ROLE, name, {"assumeRolePolicy": trust, "inlinePolicies": [{"name": "q", "policy": policy}], **extra}
    )


OBS_FIXTURES = {
    "AIP-OBS-004": {
        P: Fixture(
            [
                workspace(),
                workspace(
                    "pl", networkAccessControl={"vpceIds": [UNKNOWN], "prefixListIds": ["pl-0a1b2c3d"]}
                ),
            ]
        ),
        F: Fixture(
            [
                workspace(networkAccessControl=None),
                workspace("no-vpce", networkAccessControl={"vpceIds": [], "prefixListIds": ["pl-0a1b2c3d"]}),
            ],
            expect=F,
        ),
        U: Fixture([workspace(networkAccessControl=UNKNOWN)], expect=U),
    },
    "AIP-OBS-005": {
        P: Fixture([workspace()]),
        F: Fixture([workspace(kmsKeyId=None)], expect=F),
        U: Fixture([workspace(kmsKeyId=UNKNOWN)], expect=P),
    },
    "AIP-OBS-006": {
        P: Fixture([workspace(), workspace("computed-role", roleArn=UNKNOWN)]),
        F: Fixture(
            [workspace(permissionType="SERVICE_MANAGED"), workspace("no-role", roleArn=None)],
            expect=F,
        ),
        U: Fixture([workspace(permissionType=UNKNOWN)], expect=U),
    },
    "AIP-OBS-007": {
        P: Fixture(
            [
                role("grafana"),
                # not a Grafana role: its admin rights are AIP-IAM-001's business, not this rule's
                role(
                    "other",
                    trust=EC2_TRUST,
                    policy=_doc({"Effect": "Allow", "Action": "aps:*", "Resource": AMP}),
                ),
            ]
        ),
        F: Fixture(
            [
                role(
                    "writer",
                    policy=_doc(
                        {"Effect": "Allow", "Action": ["aps:QueryMetrics", "aps:*"], "Resource": AMP}
                    ),
                ),
                role("full", managedPolicyArns=["arn:aws:iam::aws:policy/AmazonPrometheusFullAccess"]),
                role("s3", policy=_doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})),
            ],
            expect=F,
        ),
        U: Fixture([role("grafana", policy=UNKNOWN)], expect=U),
    },
}
