"""A bucket with no encryption, no public access block and no versioning."""

import pulumi_aws as aws

aws.s3.Bucket(
    "raw-data",
    tags={"team": "ml", "project": "demo", "environment": "dev", "cost-center": "42", "tier": "dataset"},
)
