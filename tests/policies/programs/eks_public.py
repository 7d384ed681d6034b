"""An EKS cluster whose API endpoint is public (everything else hardened)."""

import pulumi_aws as aws

key = aws.kms.Key("eks-key", enable_key_rotation=True)
aws.eks.Cluster(
    "public",
    role_arn="arn:aws:iam::123456789012:role/eks",
    version="1.33",
    vpc_config={"subnet_ids": ["subnet-1", "subnet-2"], "endpoint_public_access": True},
    encryption_config={"resources": ["secrets"], "provider": {"key_arn": key.arn}},
    enabled_cluster_log_types=["api", "audit", "authenticator"],
)
