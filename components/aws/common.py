"""Small helpers shared by the AWS components."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

SYSTEM_LABEL = {"aiinfra.io/role": "system"}
"""Node label of the system node group; the platform's controllers select it."""


def with_name(tags: Mapping[str, str], name: str, **extra: str) -> dict[str, str]:
    """The platform tags plus ``Name`` (what the EC2 console shows) and any extra tags."""
    return {**tags, "Name": name, **extra}


def policy_json(statements: list[dict[str, Any]]) -> str:
    """An IAM policy document as JSON (built locally: no data-source call needed)."""
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))


def assume_role_policy(service: str) -> str:
    """Trust policy letting one AWS service assume a role."""
    return policy_json(
        [
            {
                "Effect": "Allow",
                "Principal": {"Service": service},
                "Action": ["sts:AssumeRole", "sts:TagSession"],
            }
        ]
    )


def managed_policy(name: str) -> str:
    """ARN of an AWS managed policy (commercial partition)."""
    return f"arn:aws:iam::aws:policy/{name}"


def https_from_vpc_security_group(
    parent: Any,
    name: str,
    rule_name: str,
    *,
    vpc_id: Any,
    cidr: str,
    description: str,
    group_tags: Mapping[str, str],
    rule_tags: Mapping[str, str],
) -> Any:
    """A security group for interface endpoints: HTTPS (443) from the VPC's CIDR only; returns the group."""
    import pulumi_aws as aws

    group = aws.ec2.SecurityGroup(
        name, vpc_id=vpc_id, description=description, tags=dict(group_tags), opts=parent.child_opts()
    )
    aws.vpc.SecurityGroupIngressRule(
        rule_name,
        security_group_id=group.id,
        ip_protocol="tcp",
        from_port=443,
        to_port=443,
        cidr_ipv4=cidr,
        description="HTTPS from the VPC",
        tags=dict(rule_tags),
        opts=parent.child_opts(),
    )
    return group


def irsa_trust_policy(oidc_arn: str, issuer: str, namespace: str, service_account: str) -> str:
    """IRSA trust: only ``service_account`` in ``namespace`` may assume the role, for the STS audience."""
    host = issuer.removeprefix("https://")
    return policy_json(
        [
            {
                "Effect": "Allow",
                "Principal": {"Federated": oidc_arn},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {
                    "StringEquals": {
                        f"{host}:sub": f"system:serviceaccount:{namespace}:{service_account}",
                        f"{host}:aud": "sts.amazonaws.com",
                    }
                },
            }
        ]
    )
