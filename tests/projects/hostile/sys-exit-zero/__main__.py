import sys

import pulumi_aws as aws

OPEN = [{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}]
aws.ec2.SecurityGroup("open", description="ssh from anywhere", ingress=OPEN)

sys.exit(0)
aws.s3.Bucket("never")
