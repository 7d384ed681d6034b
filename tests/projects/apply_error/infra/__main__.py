"""A program whose naming helper (in the team's own library beside the project) fails inside an apply
on a value read from a data source (a Secrets Manager value the team keeps as 'team/name')."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "teamlib"))

import pulumi_aws as aws
from naming import bucket_name

prefix = aws.secretsmanager.get_secret_version_output(secret_id="ml/artifact-prefix")
bucket = aws.s3.BucketV2("artifacts", bucket=prefix.secret_string.apply(lambda value: bucket_name(value)))
