"""A weak audit trail next to a dataset bucket: single-region, no log-file validation, no KMS key, no
data events, delivering to an unprotected, unversioned, public-readable-by-default bucket that expires
logs after 30 days. Its GCP twin: a sink routing audit logs into an unlocked 30-day log bucket."""

import pulumi
import pulumi_aws as aws
import pulumi_gcp as gcp

TAGS = {"team": "ml", "project": "demo", "environment": "dev", "cost-center": "42"}

datasets = aws.s3.Bucket("datasets", tags={**TAGS, "tier": "dataset"})
logs = aws.s3.Bucket("trail-logs", tags=TAGS)
aws.s3.BucketLifecycleConfiguration(
    "trail-logs-expiry",
    bucket=logs.id,
    rules=[{"id": "expire", "status": "Enabled", "filter": {"prefix": ""}, "expiration": {"days": 30}}],
)
aws.cloudtrail.Trail(
    "weak",
    s3_bucket_name=logs.id,
    is_multi_region_trail=False,
    enable_log_file_validation=False,
)
aws.eks.Cluster(
    "quiet",
    role_arn="arn:aws:iam::123456789012:role/eks",
    vpc_config={"subnet_ids": ["subnet-1"], "endpoint_private_access": True, "endpoint_public_access": False},
    enabled_cluster_log_types=["api"],
    tags=TAGS,
)
audit_bucket = gcp.logging.ProjectBucketConfig(
    "audit", project="demo-project", location="us-central1", bucket_id="audit", retention_days=30
)
gcp.logging.ProjectSink(
    "audit-sink",
    project="demo-project",
    destination="logging.googleapis.com/projects/demo-project/locations/us-central1/buckets/audit",
    filter='logName:"cloudaudit.googleapis.com"',
    opts=pulumi.ResourceOptions(depends_on=[audit_bucket]),
)
