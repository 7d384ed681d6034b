"""Misconfigured on purpose: each resource mirrors one in ../typescript/index.ts, line for line in spirit."""

import json

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
env = config.get("env") or "dev"


class WebTier(pulumi.ComponentResource):
    """A component wrapping an instance, as ../typescript/index.ts's WebTier does."""

    def __init__(
        self,
        name: str,
        sg_id: pulumi.Input[str],
        role_name: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("twin:index:WebTier", name, {}, opts)
        aws.ec2.Instance(
            f"{name}-vm",
            ami="ami-0123456789abcdef0",
            instance_type="t3.micro",
            vpc_security_group_ids=[sg_id],
            associate_public_ip_address=True,
            metadata_options={"http_tokens": "optional"},
            tags={"role": role_name},  # not known until the role exists
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.register_outputs({})


vpc = aws.ec2.get_vpc(default=True)
sg = aws.ec2.SecurityGroup(
    "ssh-open",
    vpc_id=vpc.id,
    ingress=[{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}],
    egress=[{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}],
)
bucket = aws.s3.Bucket(f"{env}-data")
aws.s3.BucketPublicAccessBlock(
    "data-pab",
    bucket=bucket.id,
    block_public_acls=False,
    block_public_policy=False,
    ignore_public_acls=False,
    restrict_public_buckets=False,
)
aws.ebs.Volume("scratch", availability_zone="us-east-1a", size=100, encrypted=False)
aws.iam.Policy(
    "admin",
    policy=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
        separators=(",", ":"),  # as JSON.stringify writes it
    ),
)
aws.rds.Instance(
    "db",
    engine="postgres",
    instance_class="db.t3.micro",
    allocated_storage=20,
    username="app",
    password=config.require_secret("dbPassword"),
    publicly_accessible=True,
    storage_encrypted=False,
    skip_final_snapshot=True,
)
aws.kms.Key("data-key", enable_key_rotation=False)
role = aws.iam.Role(
    "app-role",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        },
        separators=(",", ":"),
    ),
)
WebTier("web", sg.id, role.name)

pulumi.export("bucketName", bucket.id)
