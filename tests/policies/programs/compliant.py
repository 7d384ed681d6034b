"""A small compliant program: encrypted, private, versioned bucket, KMS key and a hardened GPU template."""

import pulumi
import pulumi_aws as aws

TAGS = {"team": "ml", "project": "demo", "environment": "dev", "cost-center": "42"}

key = aws.kms.Key("data-key", enable_key_rotation=True, deletion_window_in_days=30, tags=TAGS)
bucket = aws.s3.Bucket("checkpoints", tags={**TAGS, "tier": "checkpoint"})
aws.s3.BucketServerSideEncryptionConfiguration(
    "checkpoints-sse",
    bucket=bucket.id,
    rules=[
        {
            "apply_server_side_encryption_by_default": {
                "sse_algorithm": "aws:kms",
                "kms_master_key_id": key.arn,
            }
        }
    ],
)
aws.s3.BucketPublicAccessBlock(
    "checkpoints-pab",
    bucket=bucket.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)
aws.s3.BucketVersioning(
    "checkpoints-versioning", bucket=bucket.id, versioning_configuration={"status": "Enabled"}
)
lt = aws.ec2.LaunchTemplate(
    "gpu",
    instance_type="g6e.12xlarge",
    metadata_options={
        "http_tokens": "required",
        "http_put_response_hop_limit": 1,
        "http_endpoint": "enabled",
    },
    block_device_mappings=[{"device_name": "/dev/xvda", "ebs": {"encrypted": "true", "kms_key_id": key.arn}}],
    tag_specifications=[{"resource_type": "instance", "tags": TAGS}],
)
pulumi.export("bucket", bucket.bucket)
