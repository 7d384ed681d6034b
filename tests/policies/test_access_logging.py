"""AIP-DATA-007 beyond its three fixtures: the audit records that count as a bucket's access log."""

from __future__ import annotations

import pytest
from policy_fixtures import UNKNOWN, Fixture, bucket, data_event_trail, gcs, storage_audit
from test_policy_rules import run_fixture, verdict


@pytest.mark.parametrize(
    ("resources", "expected"),
    [
        ([gcs(logging={}), storage_audit("DATA_READ", "DATA_WRITE")], "pass"),
        ([gcs(logging={}), storage_audit("DATA_READ")], "fail"),  # writes unrecorded
        ([gcs(logging={}), storage_audit("DATA_READ", UNKNOWN)], "unknown"),
        (
            [bucket("ckpt"), data_event_trail({"values": ["arn:aws:s3:::ckpt-1234/"]})],
            "pass",
        ),  # All by default
        ([bucket("ckpt"), data_event_trail({"readWriteType": "ReadOnly", "values": ["arn:aws:s3"]})], "fail"),
        (
            [bucket("ckpt"), data_event_trail({"readWriteType": "All", "values": ["arn:aws:s3:::other/"]})],
            "fail",
        ),
    ],
    ids=[
        "gcs-audit",
        "gcs-audit-reads-only",
        "gcs-audit-unknown",
        "trail",
        "trail-reads-only",
        "trail-other-bucket",
    ],
)
def test_audit_records_as_access_logs(resources, expected) -> None:
    findings, _ = run_fixture("AIP-DATA-007", Fixture(resources))
    assert verdict(findings) == expected, [f.message for f in findings]
