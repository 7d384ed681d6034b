"""An EFA launch template whose security group does not reference itself."""

import pulumi_aws as aws

sg = aws.ec2.SecurityGroup("nodes", vpc_id="vpc-123", description="node group")
aws.vpc.SecurityGroupIngressRule(
    "nodes-https",
    security_group_id=sg.id,
    cidr_ipv4="10.0.0.0/8",
    ip_protocol="tcp",
    from_port=443,
    to_port=443,
)
aws.ec2.LaunchTemplate(
    "efa",
    metadata_options={
        "http_tokens": "required",
        "http_put_response_hop_limit": 1,
        "http_endpoint": "enabled",
    },
    network_interfaces=[
        {"interface_type": "efa", "network_card_index": 0, "device_index": 0, "security_groups": [sg.id]}
    ],
    instance_market_options={"market_type": "capacity-block"},
    tags={"team": "ml", "project": "demo", "environment": "dev", "cost-center": "42"},
)
