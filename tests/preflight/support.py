"""Helpers for preflight tests: stack files, JSON runs, moto-gap state and records."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

STACK = Path(__file__).resolve().parents[2] / "stacks" / "Pulumi.aws-training.yaml"
RESERVATION = "cr-0a1b2c3d4e5f67890"


class Gaps:
    """State of the two APIs moto lacks: capacity reservations and EC2 vCPU quotas."""

    def __init__(self) -> None:
        self.reservations: dict[str, dict[str, Any]] = {}
        self.quotas: dict[str, tuple[str, float]] = {}


def capacity_block(**overrides: Any) -> dict[str, Any]:
    """An active 8 x p5.48xlarge Capacity Block in usw2-az2 (the aws-training stack's)."""
    now = datetime.now(UTC)
    block = {
        "capacityReservationId": RESERVATION,
        "instanceType": "p5.48xlarge",
        "availabilityZoneId": "usw2-az2",
        "availabilityZone": "us-west-2a",
        "totalInstanceCount": 8,
        "availableInstanceCount": 8,
        "state": "active",
        "startDate": now - timedelta(days=1),
        "endDate": now + timedelta(days=13),
        "reservationType": "capacity-block",
    }
    block.update(overrides)
    return block


def xml_item(values: dict[str, Any]) -> str:
    cells = "".join(
        f"<{k}>{v.strftime('%Y-%m-%dT%H:%M:%S.000Z') if isinstance(v, datetime) else v}</{k}>"
        for k, v in values.items()
    )
    return f"<item>{cells}</item>"


def write_stack(
    folder: Path, name: str = "aws-training", mutate: Any = None, extra: dict | None = None
) -> Path:
    """Copy the shipped aws-training stack into ``folder``, optionally changing its platform/config."""
    data = yaml.safe_load(STACK.read_text())
    if mutate is not None:
        mutate(data["config"]["aiinfra:platform"])
    data["config"].update(extra or {})
    path = folder / f"Pulumi.{name}.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    """Run ``aiinfra preflight ... --format json``; (exit code, document)."""
    from aiinfra.cli.main import main

    code = main(["preflight", *argv, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def by_name(doc: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The results of check ``name`` in a JSON report."""
    return [c for c in doc["checks"] if c["name"] == name]


def training_target(**changes: Any) -> Any:
    """The aws-training stack as an AwsTarget (optionally with fields replaced)."""
    from dataclasses import replace

    from aiinfra.plan import validated_config
    from aiinfra.preflight.aws.target import from_aws_config
    from aiinfra.stacks import load_stack

    target = from_aws_config(validated_config(load_stack(str(STACK))))
    return replace(target, **changes) if changes else target


def stubbed(services: tuple[str, ...], target: Any = None, **settings: Any) -> tuple[Any, dict[str, Any]]:
    """(AwsContext, {service: Stubber}) with activated Stubbers on real boto3 clients (no network)."""
    import boto3
    from botocore.stub import Stubber

    from aiinfra.preflight.aws.session import AwsContext, AwsSession
    from aiinfra.preflight.settings import PreflightSettings

    session = AwsSession(boto3.Session(region_name="us-west-2"), region="us-west-2")
    stubs = {}
    for service in services:
        stub = Stubber(session.client(service))
        stub.activate()
        stubs[service] = stub
    context = AwsContext(target or training_target(), PreflightSettings(**settings), session)
    return context, stubs


def run_check(name: str, context: Any) -> list[Any]:
    """Run registered AWS check ``name`` the way the runner does."""
    from aiinfra.preflight.registry import checks
    from aiinfra.preflight.run import _run_check

    [spec] = [s for s in checks("aws") if s.name == name]
    return _run_check(spec, context)
