import os

import pulumi
import pulumi_aws as aws

OPEN = [{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}]
aws.ec2.SecurityGroup("open", description="ssh from anywhere", ingress=OPEN)

pidfile = pulumi.Config().get("pidfile")
if pidfile:  # lets a test see that the judge stopped this process
    with open(pidfile, "w") as out:
        out.write(str(os.getpid()))
while True:
    pass
