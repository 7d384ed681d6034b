"""Fixtures for preflight tests: isolated fake AWS credentials, a moto server on 127.0.0.1, stack files.

moto 5.2.5 does not implement DescribeCapacityReservations (its server answers HTTP 500) and its
Service Quotas backend only knows the ``vpc`` service (``ec2`` codes answer NoSuchResourceException).
``moto_gaps`` fills exactly those two gaps inside the in-process moto server with dict-backed fakes
the test controls; everything else is seeded with boto3 calls against the server.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from .support import Gaps, xml_item


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake credentials from the environment only; no shared files, profile or instance metadata."""
    for name in (
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_REGION",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-2")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries keep their count but not their sleep, so fault tests stay fast."""
    from botocore.retries import standard

    monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount", lambda self, context: 0)


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    """A moto server on 127.0.0.1 with a free port, shared by the tests (state reset per test)."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def moto(moto_url: str) -> str:
    """The moto server URL, with its state reset."""
    urllib.request.urlopen(urllib.request.Request(f"{moto_url}/moto-api/reset", method="POST"), timeout=60)
    return moto_url


@pytest.fixture
def moto_gaps(monkeypatch: pytest.MonkeyPatch, moto: str) -> Gaps:
    """Teach the in-process moto server DescribeCapacityReservations and EC2 quotas, from a dict."""
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.responses import EC2Response
    from moto.servicequotas.models import ServiceQuotasBackend

    gaps = Gaps()

    def describe_capacity_reservations(self: Any) -> str:
        ids = self._get_param("CapacityReservationIds", [])
        missing = [i for i in ids if i not in gaps.reservations]
        if missing:
            raise EC2ClientError(
                "InvalidCapacityReservationId.NotFound",
                f"The capacity reservation '{missing[0]}' does not exist",
            )
        items = "".join(xml_item(gaps.reservations[i]) for i in ids)
        return (
            '<DescribeCapacityReservationsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">'
            f"<requestId>r-1</requestId><capacityReservationSet>{items}</capacityReservationSet>"
            "</DescribeCapacityReservationsResponse>"
        )

    original = ServiceQuotasBackend.get_service_quota

    def get_service_quota(self: Any, service_code: str, quota_code: str) -> dict[str, Any]:
        if service_code == "ec2" and quota_code in gaps.quotas:
            name, value = gaps.quotas[quota_code]
            return {"ServiceCode": "ec2", "QuotaCode": quota_code, "QuotaName": name, "Value": value}
        return original(self, service_code, quota_code)

    monkeypatch.setattr(
        EC2Response, "describe_capacity_reservations", describe_capacity_reservations, raising=False
    )
    monkeypatch.setattr(ServiceQuotasBackend, "get_service_quota", get_service_quota)
    return gaps
