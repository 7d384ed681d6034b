import sys

import pulumi
import pulumi_aws as aws
from naming import bucket_name

config = pulumi.Config()  # the project's own namespace
site = config.require("siteName")
index = config.get("indexDocument")
print(f"planning {site} with {config.get_int('replicas')} replicas, mode={config.get('mode')}")
print("a warning from the program", file=sys.stderr)

ami = aws.ec2.get_ami(
    owners=["amazon"], most_recent=True, filters=[{"name": "name", "values": ["al2023-ami-*"]}]
)
vpc = aws.ec2.get_vpc(default=True)
subnets = aws.ec2.get_subnets(filters=[{"name": "vpc-id", "values": [vpc.id]}])
itype = aws.ec2.get_instance_type(instance_type="g6e.12xlarge")  # no hand-written fixture: synthetic

bucket = aws.s3.Bucket("content", bucket=bucket_name(site, pulumi.get_stack()))
aws.s3.BucketObject(
    "index",
    bucket=bucket.id,
    key=index,
    source=pulumi.FileAsset(f"www/{index}"),  # relative to the project directory
    content_type="text/html",
)
pulumi.export("token", config.require_secret("apiToken"))
pulumi.export("ami", ami.image_id)
pulumi.export("subnet", subnets.ids[0])
pulumi.export("gpus", itype.gpuses[0].count)
