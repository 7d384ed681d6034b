"""An application stack that reads its network from another stack, as split-stack programs do."""

import pulumi
import pulumi_aws as aws

network = pulumi.StackReference("acme/network/prod")
vpc_id = network.require_output("vpcId")
cidrs = network.get_output("adminCidrs")
aws.ec2.SecurityGroup(
    "admin",
    description="admin access",
    vpc_id=vpc_id,
    ingress=[
        {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": cidrs.apply(lambda c: list(c))}
    ],
)
pulumi.export("vpc", vpc_id)
