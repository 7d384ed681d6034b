"""An IAM policy whose Condition nests 10,000 objects deep: Python's json parser recursed once per level
and the judge crashed with RecursionError (exit 1, "violations") instead of reporting the document."""

import json

import pulumi_aws as aws

DEPTH = 10_000
condition = '{"a":' * DEPTH + "1" + "}" * DEPTH
statement = '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":' + condition + "}"
aws.iam.Policy("deep", policy='{"Version":"2012-10-17","Statement":[' + statement + "]}")
aws.iam.Policy("plain", policy=json.dumps({"Version": "2012-10-17", "Statement": []}))
