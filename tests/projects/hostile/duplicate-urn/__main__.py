import pulumi_aws as aws

aws.s3.Bucket("data")
aws.s3.Bucket("data")
