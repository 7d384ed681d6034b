"""AWS CloudTrail: a multi-region, validated, KMS-encrypted trail delivering to a locked-down bucket.

The trail records management events in every region plus S3 object-level (data) events on the
platform's dataset buckets. Its bucket is protected, versioned, owner-enforced, public-access
blocked, encrypted with the platform's logs key, TLS-only, writable by CloudTrail only for this
trail (``aws:SourceArn``), and ages logs from S3 Standard to the archive class, then expires them
at the retention the spec validated. Bucket policy statements follow the CloudTrail User Guide
"Amazon S3 bucket policy for CloudTrail" (recalled, not re-read 2026-12-01: unverified).

CloudWatch Logs delivery (AIP-AUD-050, Checkov CKV2_AWS_10) is opt-in (``cloudwatch_logs_days``):
CloudTrail sends every event the trail records to the group, and this trail records the S3 object
reads of the dataset buckets, which a training job issues by the million. CloudWatch Logs ingestion
(about $0.50 per GB, us-east-1 Standard class, recalled 2026-12-07: unverified) costs about 20 times a
month of S3 Standard storage (about $0.023 per GB-month, same caveat) for the same bytes; the S3 copy is
kept either way. Turn it on for metric filters and alarms on management events (CIS AWS section 5
style monitoring), knowing that data events ride along.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from ..aws.common import policy_json
from ..aws.private_bucket import private_bucket_settings
from ..aws.storage import tls_only_policy
from ..base import Component
from .spec import AuditSpec

CLOUDTRAIL = "cloudtrail.amazonaws.com"


def trail_arn(region: str, account_id: str, trail_name: str) -> str:
    """The ARN CloudTrail gives trail ``trail_name`` in its home region (commercial partition)."""
    return f"arn:aws:cloudtrail:{region}:{account_id}:trail/{trail_name}"


def trail_bucket_policy(bucket_arn: str, source_arn: str) -> str:
    """TLS-only plus CloudTrail's ACL check and log delivery, both scoped to this trail's ARN."""
    condition = {"StringEquals": {"aws:SourceArn": source_arn}}
    statements = json.loads(tls_only_policy(bucket_arn))["Statement"]
    statements += [
        {
            "Sid": "CloudTrailAclCheck",
            "Effect": "Allow",
            "Principal": {"Service": CLOUDTRAIL},
            "Action": "s3:GetBucketAcl",
            "Resource": bucket_arn,
            "Condition": condition,
        },
        {
            "Sid": "CloudTrailWrite",
            "Effect": "Allow",
            "Principal": {"Service": CLOUDTRAIL},
            "Action": "s3:PutObject",
            "Resource": f"{bucket_arn}/AWSLogs/*",
            "Condition": {
                "StringEquals": {
                    "s3:x-amz-acl": "bucket-owner-full-control",
                    "aws:SourceArn": source_arn,
                }
            },
        },
    ]
    return policy_json(statements)


def lifecycle_rules(spec: AuditSpec) -> list[dict[str, Any]]:
    """Standard for ``online_days``, then the archive class, expired at ``days`` (old versions too)."""
    retention = spec.retention
    rule: dict[str, Any] = {
        "id": "aiinfra-audit-retention",
        "status": "Enabled",
        "filter": {"prefix": ""},
        "expiration": {"days": retention.days},
        "noncurrent_version_expiration": {"noncurrent_days": retention.days},
        "abort_incomplete_multipart_upload": {"days_after_initiation": 7},
    }
    if retention.online_days < retention.days:
        rule["transitions"] = [{"days": retention.online_days, "storage_class": spec.archive_class}]
    return [rule]


def data_event_selectors(bucket_arns: Sequence[pulumi.Input[str]]) -> list[dict[str, Any]]:
    """Management events plus S3 object-level events on every bucket in ``bucket_arns``."""
    selector: dict[str, Any] = {"read_write_type": "All", "include_management_events": True}
    if bucket_arns:
        values = [pulumi.Output.from_input(a).apply(lambda arn: f"{arn}/") for a in bucket_arns]
        selector["data_resources"] = [{"type": "AWS::S3::Object", "values": values}]
    return [selector]


class AuditTrail(Component):
    """The platform's CloudTrail trail and its log bucket.

    Children: ``{name}-bucket`` (protected, retained), ``{name}-bucket-ownership``,
    ``{name}-bucket-public-access-block``, ``{name}-bucket-versioning``, ``{name}-bucket-encryption``,
    ``{name}-bucket-policy``, ``{name}-bucket-lifecycle`` and ``{name}-trail`` (named ``name``); with
    ``cloudwatch_logs_days`` also ``{name}-logs`` (the log group) and ``{name}-logs-role`` /
    ``{name}-logs-write`` (the role CloudTrail writes with).
    """

    trail_arn: pulumi.Output[str]
    bucket_name: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        spec: AuditSpec,
        *,
        log_key_arn: pulumi.Input[str],
        data_bucket_arns: Sequence[pulumi.Input[str]],
        tags: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:audit:AuditTrail", name, opts)
        import pulumi_aws as aws

        tags = {**tags, "aiinfra:purpose": "audit-logs"}
        identity = aws.get_caller_identity_output(opts=pulumi.InvokeOutputOptions(parent=self))
        region = aws.get_region_output(opts=pulumi.InvokeOutputOptions(parent=self))
        source_arn = pulumi.Output.all(region.region, identity.account_id).apply(
            lambda a: trail_arn(a[0], a[1], name)
        )
        bucket = aws.s3.Bucket(
            f"{name}-bucket",
            force_destroy=False,
            tags={**tags, "tier": "logs"},  # a log bucket: no access log of its own (AIP-DATA-007)
            opts=self.data_opts(spec.allow_destroy),
        )
        settings = private_bucket_settings(self, f"{name}-bucket", bucket, log_key_arn)
        policy = aws.s3.BucketPolicy(
            f"{name}-bucket-policy",
            bucket=bucket.id,
            policy=pulumi.Output.all(bucket.arn, source_arn).apply(lambda a: trail_bucket_policy(a[0], a[1])),
            opts=self.child_opts(depends_on=[settings.public_access_block]),
        )
        aws.s3.BucketLifecycleConfiguration(
            f"{name}-bucket-lifecycle",
            bucket=bucket.id,
            rules=lifecycle_rules(spec),
            opts=self.child_opts(depends_on=[settings.versioning]),
        )
        delivery: dict[str, Any] = {}
        waits: list[Any] = []
        if spec.cloudwatch_logs_days is not None:
            delivery, write = self._cloudwatch_delivery(name, spec.cloudwatch_logs_days, log_key_arn, tags)
            waits.append(write)
        trail = aws.cloudtrail.Trail(
            f"{name}-trail",
            name=name,
            s3_bucket_name=bucket.id,
            is_multi_region_trail=True,
            include_global_service_events=True,
            enable_log_file_validation=True,
            enable_logging=True,
            kms_key_id=log_key_arn,
            is_organization_trail=spec.organization_trail,
            event_selectors=data_event_selectors(data_bucket_arns),
            **delivery,
            tags=tags,
            opts=self.child_opts(depends_on=[policy, settings.encryption, settings.ownership, *waits]),
        )
        self.bucket = bucket
        self.trail = trail
        self.trail_arn = trail.arn
        self.bucket_name = bucket.bucket
        self.register_outputs({"trail_arn": self.trail_arn, "bucket_name": self.bucket_name})

    def _cloudwatch_delivery(
        self, name: str, days: int, key_arn: pulumi.Input[str], tags: Mapping[str, str]
    ) -> tuple[dict[str, Any], Any]:
        """The log group (KMS-encrypted with the logs key) and the role CloudTrail writes to it with:
        the trail arguments that point at them, and the role's policy (the trail waits for it)."""
        import pulumi_aws as aws

        group = aws.cloudwatch.LogGroup(
            f"{name}-logs",
            name=f"/aiinfra/{name}/cloudtrail",
            retention_in_days=days,
            kms_key_id=key_arn,
            tags=tags,
            opts=self.child_opts(),
        )
        role = aws.iam.Role(
            f"{name}-logs-role",
            assume_role_policy=policy_json(
                [{"Effect": "Allow", "Principal": {"Service": CLOUDTRAIL}, "Action": "sts:AssumeRole"}]
            ),
            tags=tags,
            opts=self.child_opts(),
        )
        write = aws.iam.RolePolicy(
            f"{name}-logs-write",
            role=role.id,
            policy=group.arn.apply(
                lambda arn: policy_json(
                    [
                        {
                            "Effect": "Allow",
                            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                            "Resource": f"{arn}:log-stream:*",
                        }
                    ]
                )
            ),
            opts=self.child_opts(),
        )
        args = {
            "cloud_watch_logs_group_arn": group.arn.apply(lambda arn: f"{arn}:*"),
            "cloud_watch_logs_role_arn": role.arn,
        }
        return args, write
