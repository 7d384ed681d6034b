"""The hardened twin of aws_iam_bad.py: scoped roles, policies and resource policies (no finding)."""

import json

import pulumi_aws as aws

TAGS = {"team": "ml", "project": "demo", "environment": "dev", "cost-center": "42"}
ACCOUNT = "123456789012"

node_role = aws.iam.Role(
    "gpu-node-role",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
    ),
)
aws.iam.RolePolicyAttachment(
    "gpu-node-worker", role=node_role.name, policy_arn="arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"
)
aws.iam.Policy(
    "pipeline-read",
    policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::datasets-bucket/*"}
            ],
        }
    ),
)
scoped = aws.iam.get_policy_document(
    statements=[
        {
            "effect": "Allow",
            "actions": ["iam:PassRole"],
            "resources": [f"arn:aws:iam::{ACCOUNT}:role/training-job"],
        }
    ]
)
aws.iam.Policy("notebook-launch", policy=scoped.json)
aws.iam.Role(
    "shared-inference",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": "sts:AssumeRole",
                    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}},
                }
            ],
        }
    ),
)
aws.kms.Key(
    "weights-key",
    enable_key_rotation=True,
    tags=TAGS,
    policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                }
            ],
        }
    ),
)
aws.s3.BucketPolicy(
    "datasets-tls-only",
    bucket="datasets-bucket",
    policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": ["arn:aws:s3:::datasets-bucket", "arn:aws:s3:::datasets-bucket/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        }
    ),
)
