"""AWS network edges, data services and audit mistakes (each must get a mandatory finding)."""

import pulumi_aws as aws

TAGS = {"team": "ml", "project": "demo", "environment": "dev", "cost-center": "42"}
IMDS = {"http_tokens": "required", "http_put_response_hop_limit": 1, "http_endpoint": "enabled"}

vpc = aws.ec2.Vpc("ml", cidr_block="10.0.0.0/16", tags=TAGS)
public = aws.ec2.Subnet(
    "public-a", vpc_id=vpc.id, cidr_block="10.0.0.0/24", map_public_ip_on_launch=True, tags=TAGS
)
sg = aws.ec2.SecurityGroup("jupyter", vpc_id=vpc.id, description="notebooks", tags=TAGS)
# 1. a separate rule resource opening Jupyter to the internet
aws.vpc.SecurityGroupIngressRule(
    "jupyter-world",
    security_group_id=sg.id,
    ip_protocol="tcp",
    from_port=8888,
    to_port=8888,
    cidr_ipv4="0.0.0.0/0",
)
# 2. GPU nodes in a subnet that maps public IPs
aws.eks.NodeGroup(
    "gpu",
    cluster_name="ml",
    node_role_arn="arn:aws:iam::123456789012:role/node",
    subnet_ids=[public.id],
    instance_types=["g6e.12xlarge"],
    ami_type="AL2023_x86_64_NVIDIA",
    capacity_type="SPOT",
    scaling_config={"min_size": 0, "max_size": 2, "desired_size": 0},
    taints=[{"key": "nvidia.com/gpu", "value": "true", "effect": "NO_SCHEDULE"}],
    tags=TAGS,
)
# 3. a GPU instance with no subnet: it lands in the default VPC with a public IP
aws.ec2.Instance(
    "gpu-box",
    ami="ami-0123456789abcdef0",
    instance_type="g6e.xlarge",
    metadata_options=IMDS,
    root_block_device={"encrypted": True},
    tags=TAGS,
)
# 4. an experiment-tracking database: public, unencrypted, no deletion protection
aws.rds.Instance(
    "mlflow",
    engine="postgres",
    instance_class="db.t4g.medium",
    allocated_storage=20,
    username="mlflow",
    manage_master_user_password=True,
    publicly_accessible=True,
    skip_final_snapshot=True,
)
# 5. an API token written into the program
token = aws.secretsmanager.Secret("hf-token")
aws.secretsmanager.SecretVersion("hf-token-v1", secret_id=token.id, secret_string="hf_abcdefghijklmnop")
# 6. a weak CloudTrail (single region, no validation, no CMK) and no data events on the dataset bucket
aws.s3.Bucket("datasets", tags={**TAGS, "tier": "dataset"})
aws.cloudtrail.Trail("audit", s3_bucket_name="org-trail-logs")
