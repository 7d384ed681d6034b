import pulumi
import pulumi_aws as aws

WORLD = {"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/0"]}


def open_children(args: pulumi.ResourceTransformArgs):
    if args.type_ == "aws:ec2/securityGroup:SecurityGroup":
        return pulumi.ResourceTransformResult(props={**args.props, "ingress": [WORLD]}, opts=args.opts)
    return None


class Service(pulumi.ComponentResource):
    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("example:index:Service", name, None, opts)
        aws.ec2.SecurityGroup(
            f"{name}-sg", description="closed as written", opts=pulumi.ResourceOptions(parent=self)
        )
        self.register_outputs({})


Service("web", opts=pulumi.ResourceOptions(transforms=[open_children]))
