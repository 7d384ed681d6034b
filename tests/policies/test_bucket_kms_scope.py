"""AIP-ENC-001's scope (issue 26 precision review): buckets where a customer-managed key cannot work —
static websites, load-balancer access-log targets, CloudFront origins read through an origin access
identity — are not judged; every other bucket, a CloudFront origin behind origin access control too, is."""

from __future__ import annotations

import pytest
from policy_fixtures import BUCKET, Fixture, Spec
from test_policy_rules import run_fixture, verdict

from aiinfra.engine.model import UNKNOWN

WEBSITE = "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration"
LB = "aws:lb/loadBalancer:LoadBalancer"
CF = "aws:cloudfront/distribution:Distribution"


def bucket(name: str = "b", **inputs) -> Spec:
    return Spec(BUCKET, name, {"bucket": UNKNOWN, **inputs})


def origin(**extra) -> dict:
    return {"domainName": UNKNOWN, "originId": "site", **extra}


CASES = [
    ("website inline (v6-style input)", [bucket(website={"indexDocument": "index.html"})], "pass"),
    (
        "website configuration resource",
        [bucket(), Spec(WEBSITE, "w", {"bucket": UNKNOWN}, deps={"bucket": ["b"]})],
        "pass",
    ),
    (
        "ALB access-log bucket",
        [
            bucket(),
            Spec(LB, "alb", {"accessLogs": {"bucket": UNKNOWN, "enabled": True}}, deps={"accessLogs": ["b"]}),
        ],
        "pass",
    ),
    (
        "ALB access-log bucket named literally",
        [
            Spec(BUCKET, "b", {"bucket": "acme-alb-logs"}),
            Spec(LB, "alb", {"accessLogs": {"bucket": "acme-alb-logs"}}),
        ],
        "pass",
    ),
    (
        "CloudFront origin through an OAI",
        [
            bucket(),
            Spec(
                CF,
                "cdn",
                {"origins": [origin(s3OriginConfig={"originAccessIdentity": UNKNOWN})]},
                deps={"origins": ["b"]},
            ),
        ],
        "pass",
    ),
    (
        "CloudFront origin through OAC stays in scope",
        [
            bucket(),
            Spec(CF, "cdn", {"origins": [origin(originAccessControlId=UNKNOWN)]}, deps={"origins": ["b"]}),
        ],
        "fail",
    ),
    ("a data bucket stays in scope", [bucket()], "fail"),
    (
        "another bucket's website does not exempt this one",
        [bucket(), bucket("site", website={"indexDocument": "index.html"})],
        "fail",
    ),
]


@pytest.mark.parametrize(("label", "resources", "expected"), CASES, ids=[c[0] for c in CASES])
def test_enc_001_scope(label: str, resources: list, expected: str) -> None:
    findings, _ = run_fixture("AIP-ENC-001", Fixture(resources))
    assert verdict(findings) == expected, [f.message for f in findings]
