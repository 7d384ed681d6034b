"""20 pulumi_aws resources, as a team's own small program (bench/speed.py times ``check --program``)."""

import json

import pulumi
import pulumi_aws as aws

tags = {"team": "research", "env": "dev"}
key = aws.kms.Key("data-key", description="data", enable_key_rotation=True, tags=tags)
aws.kms.Alias("data-key-alias", name="alias/data", target_key_id=key.key_id)
vpc = aws.ec2.Vpc("vpc", cidr_block="10.0.0.0/16", enable_dns_hostnames=True, tags=tags)
subnets = [
    aws.ec2.Subnet(f"private-{i}", vpc_id=vpc.id, cidr_block=f"10.0.{i}.0/24", tags=tags) for i in range(4)
]
sg = aws.ec2.SecurityGroup("nodes", vpc_id=vpc.id, description="nodes", tags=tags)
aws.vpc.SecurityGroupIngressRule(
    "nodes-self", security_group_id=sg.id, ip_protocol="-1", referenced_security_group_id=sg.id
)
aws.vpc.SecurityGroupEgressRule("nodes-out", security_group_id=sg.id, ip_protocol="-1", cidr_ipv4="0.0.0.0/0")
bucket = aws.s3.Bucket("datasets", tags=tags)
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
aws.s3.BucketOwnershipControls(
    "datasets-owner", bucket=bucket.id, rule={"object_ownership": "BucketOwnerEnforced"}
)
role = aws.iam.Role(
    "trainer",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
    ),
    tags=tags,
)
aws.iam.RolePolicyAttachment(
    "trainer-ssm", role=role.name, policy_arn="arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
)
aws.cloudwatch.LogGroup("training-logs", retention_in_days=30, kms_key_id=key.arn, tags=tags)
aws.ecr.Repository(
    "images",
    image_tag_mutability="IMMUTABLE",
    encryption_configurations=[{"encryption_type": "KMS", "kms_key": key.arn}],
    image_scanning_configuration={"scan_on_push": True},
    tags=tags,
)
aws.sns.Topic("alerts", kms_master_key_id=key.id, tags=tags)
pulumi.export("bucket", bucket.id)
