import pulumi
import pulumi_aws as aws

OFFICE = {"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["203.0.113.0/24"]}


def office_only(args: pulumi.ResourceTransformArgs):
    return pulumi.ResourceTransformResult(props={**args.props, "ingress": [OFFICE]}, opts=args.opts)


aws.ec2.SecurityGroup(
    "app",
    description="open as written",
    ingress=[{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}],
    opts=pulumi.ResourceOptions(transforms=[office_only]),
)
