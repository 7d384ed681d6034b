"""Small helpers shared by the AWS components."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


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
