"""A program using a multi-language component, registered the way pulumi_awsx's Vpc registers one."""

import pulumi
import pulumi_aws as aws


class Vpc(pulumi.ComponentResource):
    """Look-alike of a generated MLC SDK class: a component registered with remote=True."""

    def __init__(self, name: str, cidr_block: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(
            "lookalike:ec2:Vpc", name, {"cidr_block": cidr_block, "vpc_id": None}, opts, remote=True
        )


vpc = Vpc("network", "10.0.0.0/16")
aws.ec2.SecurityGroup("web", description="web", vpc_id=vpc.vpc_id)
