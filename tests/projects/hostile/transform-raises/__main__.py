import pulumi
import pulumi_aws as aws


def refuse(args: pulumi.ResourceTransformArgs):
    if args.type_ == "aws:ec2/securityGroup:SecurityGroup":
        raise RuntimeError("not this one")
    return None


pulumi.runtime.register_resource_transform(refuse)
aws.ec2.SecurityGroup(
    "open",
    description="ssh from anywhere",
    ingress=[{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}],
)
aws.s3.Bucket("kept")
