"""Faults: throttling (retried, then reported), access denied, endpoints that cannot answer.

Faults are injected at the HTTP layer with a ``before-send`` hook on the boto3 Session, so botocore's
real retry handler sees them; every other call reaches the moto server on 127.0.0.1.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse

from aiinfra.preflight import PreflightOptions, run_preflight

from .support import RESERVATION, Gaps, capacity_block

EC2_ERROR = (
    "<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors>"
    "<RequestID>r-1</RequestID></Response>"
)


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any):
        yield self._body


def inject(session: boto3.Session, event: str, status: int, body: str, times: int) -> list[int]:
    """Answer the first ``times`` calls of ``event`` (``service.Operation``) with an error response."""
    calls: list[int] = []

    def handler(request: Any, **_: Any) -> AWSResponse | None:
        calls.append(1)
        if len(calls) > times:
            return None
        return AWSResponse(request.url, status, {}, _Raw(body.encode()))

    session.events.register(f"before-send.{event}", handler)
    return calls


def _run(moto: str, session: boto3.Session, attempts: int = 3):
    return run_preflight(
        "aws-training", PreflightOptions(endpoint_url=moto, session=session, max_attempts=attempts)
    )


def _one(report: Any, name: str, pool: str | None = None) -> Any:
    [result] = [c for c in report.checks if c.name == name and (pool is None or c.pool == pool)]
    return result


@pytest.fixture
def healthy(moto_gaps: Gaps) -> Gaps:
    moto_gaps.reservations[RESERVATION] = capacity_block()
    moto_gaps.quotas["L-3819A6DF"] = ("All G and VT Spot Instance Requests", 256.0)
    return moto_gaps


def test_throttling_is_retried_then_passes(healthy: Gaps, moto: str, no_backoff: None) -> None:
    session = boto3.Session()
    throttle = EC2_ERROR.format(code="RequestLimitExceeded", message="Request limit exceeded.")
    calls = inject(session, "ec2.DescribeCapacityReservations", 503, throttle, times=2)
    report = _run(moto, session, attempts=3)
    assert len(calls) == 3  # two throttled answers, then moto's
    assert _one(report, "capacity-reservation").status == "pass"


def test_throttling_past_max_attempts_cannot_verify(healthy: Gaps, moto: str, no_backoff: None) -> None:
    session = boto3.Session()
    throttle = EC2_ERROR.format(code="RequestLimitExceeded", message="Request limit exceeded.")
    calls = inject(session, "ec2.DescribeCapacityReservations", 503, throttle, times=99)
    report = _run(moto, session, attempts=3)
    assert len(calls) == 3
    result = _one(report, "capacity-reservation")
    assert (result.status, result.pool) == ("warn", "h100-train")
    assert result.message == (
        "cannot verify: AWS throttled ec2:DescribeCapacityReservations (RequestLimitExceeded) after 3 attempts; "
        "run preflight again later or raise --max-attempts"
    )
    assert not report.failed


def test_adaptive_retry_mode_is_accepted(healthy: Gaps, moto: str, no_backoff: None) -> None:
    session = boto3.Session()
    throttle = '{"__type": "ThrottlingException", "message": "Rate exceeded"}'
    inject(session, "service-quotas.GetServiceQuota", 400, throttle, times=1)
    options = PreflightOptions(endpoint_url=moto, session=session, retry_mode="adaptive", max_attempts=3)
    report = run_preflight("aws-training", options)
    assert _one(report, "vcpu-quota").status == "pass"


@pytest.mark.parametrize(
    ("event", "status", "body", "check", "message"),
    [
        (
            "ec2.DescribeCapacityReservations",
            403,
            EC2_ERROR.format(code="UnauthorizedOperation", message="You are not authorized"),
            "capacity-reservation",
            "cannot verify: missing permission ec2:DescribeCapacityReservations (UnauthorizedOperation)",
        ),
        (
            "service-quotas.GetServiceQuota",
            400,
            '{"__type": "AccessDeniedException", "message": "not authorized"}',
            "vcpu-quota",
            "cannot verify: missing permission servicequotas:GetServiceQuota (AccessDeniedException)",
        ),
        (
            "kms.ListAliases",
            400,
            '{"__type": "AccessDeniedException", "message": "not authorized"}',
            "kms-aliases",
            "cannot verify: missing permission kms:ListAliases (AccessDeniedException)",
        ),
        (
            "ec2.DescribeInstanceTypes",
            403,
            EC2_ERROR.format(code="UnauthorizedOperation", message="You are not authorized"),
            "efa",
            "cannot verify: missing permission ec2:DescribeInstanceTypes (UnauthorizedOperation)",
        ),
    ],
)
def test_access_denied_names_the_permission(
    healthy: Gaps, moto: str, event: str, status: int, body: str, check: str, message: str
) -> None:
    session = boto3.Session()
    inject(session, event, status, body, times=99)
    report = _run(moto, session)
    result = _one(report, check)
    assert (result.status, result.message) == ("warn", message)
    assert result.detail["permission"] == message.split("permission ")[1].split(" ")[0]
    # the other checks still ran
    assert _one(report, "identity").status == "pass"


def test_access_denied_on_one_pool_keeps_the_other(healthy: Gaps, moto: str) -> None:
    session = boto3.Session()
    denied = EC2_ERROR.format(code="UnauthorizedOperation", message="You are not authorized")
    inject(session, "ec2.DescribeInstanceTypeOfferings", 403, denied, times=1)
    report = _run(moto, session)
    first = _one(report, "instance-type-offered", "h100-train")
    second = _one(report, "instance-type-offered", "l40s-infer")
    assert (
        first.message
        == "cannot verify: missing permission ec2:DescribeInstanceTypeOfferings (UnauthorizedOperation)"
    )
    assert second.status == "pass"


def test_moto_without_reservations_or_ec2_quotas_cannot_verify(moto: str, no_backoff: None) -> None:
    """Plain moto 5.2.5: DescribeCapacityReservations -> HTTP 500 page; ec2 quotas -> NoSuchResource."""
    report = run_preflight("aws-training", PreflightOptions(endpoint_url=moto, max_attempts=2))
    reservation = _one(report, "capacity-reservation")
    assert reservation.status == "warn"
    assert reservation.message.startswith(
        "cannot verify: the endpoint gave no valid AWS answer to ec2:DescribeCapacityReservations "
        "(it may not implement it)"
    )
    quota = _one(report, "vcpu-quota")
    assert quota.status == "warn"
    assert quota.message.startswith(
        "cannot verify: Service Quotas has no applied value for ec2/L-3819A6DF (This service is not available "
        "in the current Region."
    )
    assert (
        "the endpoint failed on servicequotas:GetAWSDefaultServiceQuota with HTTP 500 after 2 attempts"
        in (quota.message)
    )
    assert not report.failed


def test_rejected_credentials_stop_further_calls(moto: str) -> None:
    session = boto3.Session()
    expired = (
        "<ErrorResponse><Error><Code>ExpiredToken</Code><Message>expired</Message></Error></ErrorResponse>"
    )
    seen = inject(session, "sts.GetCallerIdentity", 403, expired, times=99)
    ec2_calls = inject(session, "ec2.DescribeAvailabilityZones", 200, "", times=0)
    report = _run(moto, session)
    assert len(seen) == 1
    assert ec2_calls == []  # short-circuited: no call after the credentials were rejected
    verified = [c for c in report.checks if c.status != "skipped"]
    assert {c.message for c in verified} == {
        "cannot verify: the credentials were rejected (ExpiredToken: expired); refresh them and retry"
    }
