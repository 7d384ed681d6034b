"""A GPU launch template that still allows IMDSv1 (and no explicit hop limit)."""

import pulumi_aws as aws

aws.ec2.LaunchTemplate(
    "gpu",
    instance_type="g6e.12xlarge",
    metadata_options={"http_tokens": "optional", "http_put_response_hop_limit": 1},
    block_device_mappings=[{"device_name": "/dev/xvda", "ebs": {"encrypted": "true", "volume_size": 200}}],
    tag_specifications=[
        {
            "resource_type": "instance",
            "tags": {"team": "ml", "project": "demo", "environment": "dev", "cost-center": "42"},
        }
    ],
)
