"""The settings every aiinfra S3 bucket gets: owner-enforced, public access blocked, versioned,
SSE-KMS with a customer-managed key and bucket keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from ..base import Component


@dataclass(frozen=True)
class BucketSettings:
    """The setting resources of one bucket (for ``depends_on``)."""

    ownership: Any
    public_access_block: Any
    versioning: Any
    encryption: Any


def private_bucket_settings(
    owner: Component, prefix: str, bucket: aws.s3.Bucket, key_arn: pulumi.Input[str]
) -> BucketSettings:
    """Children ``{prefix}-ownership``, ``-public-access-block``, ``-versioning``, ``-encryption`` of ``owner``."""
    opts = owner.child_opts()
    ownership = aws.s3.BucketOwnershipControls(
        f"{prefix}-ownership",
        bucket=bucket.id,
        rule={"object_ownership": "BucketOwnerEnforced"},
        opts=opts,
    )
    public = aws.s3.BucketPublicAccessBlock(
        f"{prefix}-public-access-block",
        bucket=bucket.id,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
        opts=opts,
    )
    versioning = aws.s3.BucketVersioning(
        f"{prefix}-versioning",
        bucket=bucket.id,
        versioning_configuration={"status": "Enabled"},
        opts=opts,
    )
    encryption = aws.s3.BucketServerSideEncryptionConfiguration(
        f"{prefix}-encryption",
        bucket=bucket.id,
        rules=[
            {
                "apply_server_side_encryption_by_default": {
                    "sse_algorithm": "aws:kms",
                    "kms_master_key_id": key_arn,
                },
                "bucket_key_enabled": True,
            }
        ],
        opts=opts,
    )
    return BucketSettings(ownership, public, versioning, encryption)
