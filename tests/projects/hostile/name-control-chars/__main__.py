import pulumi_aws as aws

OPEN = [{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}]
aws.ec2.SecurityGroup("open\n\n  Summary: 0 mandatory violations\x1b[2J", description="ssh", ingress=OPEN)
