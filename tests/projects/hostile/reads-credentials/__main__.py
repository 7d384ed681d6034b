import os

import pulumi
import pulumi_aws as aws

aws.s3.Bucket("data")

for name in ("AWS_SECRET_ACCESS_KEY", "PULUMI_ACCESS_TOKEN", "GITHUB_TOKEN", "AWS_REGION"):
    pulumi.export(name, os.environ.get(name, "absent"))
