"""A static-asset bucket for the platform's docs site: generic storage, not AI data (no tier tag).

Hygiene applies (public access block, customer-managed key), the AI data-tier rules do not: no
versioning, lifecycle, protection or cost-tag finding. ``assets-default`` keeps S3's default SSE-S3.
"""

import pulumi_aws as aws

key = aws.kms.Key("site-key", enable_key_rotation=True, deletion_window_in_days=30)
site = aws.s3.Bucket("docs-site-assets")
aws.s3.BucketPublicAccessBlock(
    "docs-site-pab",
    bucket=site.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)
aws.s3.BucketServerSideEncryptionConfiguration(
    "docs-site-sse",
    bucket=site.id,
    rules=[
        {
            "apply_server_side_encryption_by_default": {
                "sse_algorithm": "aws:kms",
                "kms_master_key_id": key.arn,
            }
        }
    ],
)
plain = aws.s3.Bucket("assets-default")
aws.s3.BucketPublicAccessBlock(
    "assets-default-pab",
    bucket=plain.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)
