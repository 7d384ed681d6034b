import contextlib

import pulumi_aws as aws
from pulumi.runtime.proto import resource_pb2
from pulumi.runtime.settings import get_monitor

OPEN = [{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}]
aws.ec2.SecurityGroup("open", description="ssh from anywhere", ingress=OPEN)

request = resource_pb2.RegisterResourceRequest(type="pulumi:pulumi:Stack", name="other")
get_monitor().RegisterResource(request)
with contextlib.suppress(Exception):  # the judge still fails the run
    get_monitor().RegisterResource(request)
