"""Pass, fail and unknown-value fixtures of the trail-bucket, log-retention and control-plane audit
rules (AIP-AUD-004..008). Imported by ``policy_fixtures`` (merged into ``FIXTURES``)."""

from __future__ import annotations

from policy_fixtures import BUCKET, EKS, LIFE, TAGS, F, Fixture, P, Spec, U, gke, pab, setting, versioning

from aiinfra.engine.model import UNKNOWN

TRAIL = "aws:cloudtrail/trail:Trail"
LOG_BUCKET = "gcp:logging/projectBucketConfig:ProjectBucketConfig"
SINK = "gcp:logging/projectSink:ProjectSink"
HARDENED = {
    "isMultiRegionTrail": True,
    "enableLogFileValidation": True,
    "kmsKeyId": "arn:aws:kms:us-east-1:1:key/k",
}


def trail_to(bucket: str = "logs", **extra) -> Spec:
    """A hardened trail delivering to bucket ``bucket`` of the fixture (by dependency)."""
    return Spec(
        TRAIL, "trail", {"s3BucketName": UNKNOWN, **HARDENED, **extra}, deps={"s3BucketName": [bucket]}
    )


def logs_bucket(protect: bool = True) -> Spec:
    return Spec(BUCKET, "logs", {"tags": TAGS}, protect=protect, outputs={"bucket": "logs-1234"})


def lifecycle(days) -> Spec:
    rules = [
        {
            "status": "Enabled",
            "expiration": {"days": days},
            "noncurrentVersionExpiration": {"noncurrentDays": days},
        }
    ]
    return setting(LIFE, "logs-life", "logs", {"rules": rules})


def log_bucket(locked=True, days=400.0) -> Spec:
    return Spec(
        LOG_BUCKET,
        "audit",
        {"bucketId": "p-audit", "locked": locked, "retentionDays": days, "location": "us"},
    )


def sink(filter_='logName:"cloudaudit.googleapis.com"') -> Spec:
    return Spec(
        SINK,
        "sink",
        {"destination": "logging.googleapis.com/projects/p/locations/us/buckets/p-audit", "filter": filter_},
    )


UNROUTED = Spec(LOG_BUCKET, "app", {"bucketId": "app"})
"""A log bucket no audit sink routes into: not judged (short retention, unlocked)."""

AUDIT_FIXTURES: dict[str, dict[str, Fixture]] = {
    "AIP-AUD-004": {
        P: Fixture([trail_to(), logs_bucket(), versioning("logs"), pab("logs")]),
        F: Fixture(
            [trail_to(), logs_bucket(protect=False), versioning("logs", "Suspended"), pab("logs", False)]
        ),
        U: Fixture([Spec(TRAIL, "trail", {"s3BucketName": UNKNOWN, **HARDENED}), logs_bucket()], expect=U),
    },
    "AIP-AUD-005": {
        P: Fixture([trail_to(), logs_bucket(), lifecycle(400.0)]),
        F: Fixture([trail_to(), logs_bucket(), lifecycle(30.0)]),
        U: Fixture([trail_to(), logs_bucket(), lifecycle(UNKNOWN)], expect=U),
    },
    "AIP-AUD-006": {
        P: Fixture([log_bucket(), sink(), UNROUTED]),
        F: Fixture([log_bucket(locked=False, days=30.0), sink()]),
        U: Fixture([log_bucket(locked=UNKNOWN), sink()], expect=U),
    },
    "AIP-AUD-007": {
        P: Fixture([Spec(EKS, "eks", {"enabledClusterLogTypes": ["api", "audit", "authenticator"]})]),
        F: Fixture([Spec(EKS, "eks", {"enabledClusterLogTypes": ["api"]})]),
        U: Fixture([Spec(EKS, "eks", {"enabledClusterLogTypes": UNKNOWN})], expect=U),
    },
    "AIP-AUD-008": {
        P: Fixture(
            [gke(loggingConfig={"enableComponents": ["SYSTEM_COMPONENTS", "APISERVER", "WORKLOADS"]})]
        ),
        F: Fixture([gke(loggingConfig={"enableComponents": ["SYSTEM_COMPONENTS", "WORKLOADS"]})]),
        U: Fixture([gke(loggingConfig={"enableComponents": UNKNOWN})], expect=U),
    },
}
