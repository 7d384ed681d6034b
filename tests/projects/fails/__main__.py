import pulumi_aws as aws
import settings

aws.s3.Bucket("logs", bucket=f"logs-{settings.region()}")
