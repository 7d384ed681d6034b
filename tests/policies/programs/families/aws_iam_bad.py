"""Common AWS identity mistakes of an AI platform account (each must get a mandatory finding)."""

import json

import pulumi_aws as aws

TAGS = {"team": "ml", "project": "demo", "environment": "dev", "cost-center": "42"}

# 1. a node role with AdministratorAccess "to get the demo working"
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
    "gpu-node-admin", role=node_role.name, policy_arn="arn:aws:iam::aws:policy/AdministratorAccess"
)
# 2. a pipeline policy with Action "*" on Resource "*"
aws.iam.Policy(
    "pipeline-everything",
    policy=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    ),
)
# 3. a notebook policy that can pass any role (built with get_policy_document)
escalate = aws.iam.get_policy_document(
    statements=[{"effect": "Allow", "actions": ["iam:PassRole", "ec2:RunInstances"], "resources": ["*"]}]
)
aws.iam.Policy("notebook-launch", policy=escalate.json)
# 4. a role any AWS principal can assume
aws.iam.Role(
    "shared-inference",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
        }
    ),
)
# 5. a KMS key policy granting kms:* to everyone
aws.kms.Key(
    "weights-key",
    enable_key_rotation=True,
    tags=TAGS,
    policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}],
        }
    ),
)
# 6. a bucket policy for Principal "*" (TLS required, but still everyone)
aws.s3.BucketPolicy(
    "datasets-public-read",
    bucket="datasets-bucket",
    policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": "arn:aws:s3:::datasets-bucket/*",
                    "Condition": {"Bool": {"aws:SecureTransport": "true"}},
                }
            ],
        }
    ),
)
