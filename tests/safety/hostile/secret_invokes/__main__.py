"""Secret-bearing data sources, read in both forms, flowing into inputs no schema marks secret."""

import pulumi_aws as aws
import pulumi_gcp as gcp

aws_secret = aws.secretsmanager.get_secret_version_output(secret_id="db")
aws.s3.BucketObject("from-output", bucket="b", key="k1", content=aws_secret.secret_string)
plain = aws.secretsmanager.get_secret_version(secret_id="db")
aws.s3.BucketObject("from-plain", bucket="b", key="k2", content=plain.secret_string)
gcp_secret = gcp.secretmanager.get_secret_version_output(secret="db")
aws.s3.BucketObject("from-gcp", bucket="b", key="k3", content=gcp_secret.secret_data)
auth = aws.eks.get_cluster_auth(name="c")
aws.s3.BucketObject("from-token", bucket="b", key="k4", content=auth.token)
aws.s3.BucketObject("plain-version", bucket="b", key="k5", content=plain.version_id)
