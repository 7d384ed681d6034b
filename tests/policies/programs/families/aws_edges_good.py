"""The hardened twin of aws_edges_bad.py (no mandatory finding)."""

import pulumi
import pulumi_aws as aws

TAGS = {"team": "ml", "project": "demo", "environment": "dev", "cost-center": "42"}
IMDS = {"http_tokens": "required", "http_put_response_hop_limit": 1, "http_endpoint": "enabled"}

key = aws.kms.Key("platform", enable_key_rotation=True, deletion_window_in_days=30, tags=TAGS)
vpc = aws.ec2.Vpc("ml", cidr_block="10.0.0.0/16", tags=TAGS)
aws.ec2.FlowLog(
    "ml-flow",
    vpc_id=vpc.id,
    traffic_type="ALL",
    log_destination_type="s3",
    log_destination="arn:aws:s3:::flow-logs",
)
private = aws.ec2.Subnet(
    "private-a", vpc_id=vpc.id, cidr_block="10.0.1.0/24", map_public_ip_on_launch=False, tags=TAGS
)
sg = aws.ec2.SecurityGroup("jupyter", vpc_id=vpc.id, description="notebooks", tags=TAGS)
aws.vpc.SecurityGroupIngressRule(
    "jupyter-vpn",
    security_group_id=sg.id,
    ip_protocol="tcp",
    from_port=8888,
    to_port=8888,
    cidr_ipv4="10.8.0.0/16",
)
aws.eks.NodeGroup(
    "gpu",
    cluster_name="ml",
    node_role_arn="arn:aws:iam::123456789012:role/node",
    subnet_ids=[private.id],
    instance_types=["g6e.12xlarge"],
    ami_type="AL2023_x86_64_NVIDIA",
    capacity_type="SPOT",
    scaling_config={"min_size": 0, "max_size": 2, "desired_size": 0},
    taints=[{"key": "nvidia.com/gpu", "value": "true", "effect": "NO_SCHEDULE"}],
    tags=TAGS,
)
aws.ec2.Instance(
    "gpu-box",
    ami="ami-0123456789abcdef0",
    instance_type="g6e.xlarge",
    subnet_id=private.id,
    metadata_options=IMDS,
    root_block_device={"encrypted": True},
    associate_public_ip_address=False,
    tags=TAGS,
)
aws.rds.Instance(
    "mlflow",
    engine="postgres",
    instance_class="db.t4g.medium",
    allocated_storage=20,
    username="mlflow",
    manage_master_user_password=True,
    publicly_accessible=False,
    storage_encrypted=True,
    kms_key_id=key.arn,
    deletion_protection=True,
    skip_final_snapshot=False,
    final_snapshot_identifier="mlflow-final",
    backup_retention_period=14,
)
token = aws.secretsmanager.Secret("hf-token", kms_key_id=key.arn)
# the value is computed by another resource (in real code: random.RandomPassword(...).result), never a literal
aws.secretsmanager.SecretVersion(
    "hf-token-v1", secret_id=token.id, secret_string=pulumi.Output.secret(token.arn)
)
bucket = aws.s3.Bucket("datasets", tags={**TAGS, "tier": "dataset"})
aws.s3.BucketServerSideEncryptionConfiguration(
    "datasets-sse",
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
    "datasets-pab",
    bucket=bucket.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)
aws.s3.BucketVersioning(
    "datasets-versioning", bucket=bucket.id, versioning_configuration={"status": "Enabled"}
)
aws.cloudtrail.Trail(
    "audit",
    s3_bucket_name="org-trail-logs",
    is_multi_region_trail=True,
    enable_log_file_validation=True,
    kms_key_id=key.arn,
    event_selectors=[
        {
            "read_write_type": "All",
            "include_management_events": True,
            "data_resources": [{"type": "AWS::S3::Object", "values": [bucket.arn.apply(lambda a: a + "/")]}],
        }
    ],
)
