"""Team data policies evaluated by moto's IAM policy engine (in-process, no network): a team's
credentials reach objects under its own prefix of the cold bucket and nothing else.

moto evaluates actions and resources but not the ``s3:prefix`` condition of ``ListBucket``; that
statement is asserted as a document in test_objects.py.
"""

from __future__ import annotations

import os

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.core import set_initial_no_auth_action_count

from aiinfra.components.aws.teams import team_data_policy

REGION = "us-west-2"
ADMIN = {"region_name": REGION, "aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
SETUP_CALLS = (
    5  # create_bucket, put_object (other team's file), create_user, put_user_policy, create_access_key
)


@pytest.fixture(autouse=True)
def _offline(monkeypatch) -> None:
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_PROFILE", raising=False)


def _allowed(call) -> bool:
    try:
        call()
    except ClientError as exc:
        assert exc.response["Error"]["Code"] == "AccessDenied", exc
        return False
    return True


@set_initial_no_auth_action_count(SETUP_CALLS)
@mock_aws
def test_team_credentials_reach_only_their_prefix() -> None:
    assert os.environ["AWS_EC2_METADATA_DISABLED"] == "true"
    s3_admin, iam = boto3.client("s3", **ADMIN), boto3.client("iam", **ADMIN)
    s3_admin.create_bucket(Bucket="cold", CreateBucketConfiguration={"LocationConstraint": REGION})
    s3_admin.put_object(Bucket="cold", Key="teams/evals/results.json", Body=b"{}")
    iam.create_user(UserName="pretrain")
    policy = team_data_policy(
        "pretrain", "arn:aws:s3:::cold", f"arn:aws:kms:{REGION}:123456789012:key/k", REGION
    )
    iam.put_user_policy(UserName="pretrain", PolicyName="data", PolicyDocument=policy)
    key = iam.create_access_key(UserName="pretrain")["AccessKey"]
    s3 = boto3.client(
        "s3",
        region_name=REGION,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )

    assert _allowed(lambda: s3.put_object(Bucket="cold", Key="teams/pretrain/ckpt/step-1", Body=b"w"))
    assert _allowed(lambda: s3.get_object(Bucket="cold", Key="teams/pretrain/ckpt/step-1"))
    assert _allowed(lambda: s3.delete_object(Bucket="cold", Key="teams/pretrain/ckpt/step-1"))
    assert not _allowed(lambda: s3.get_object(Bucket="cold", Key="teams/evals/results.json"))
    assert not _allowed(lambda: s3.put_object(Bucket="cold", Key="teams/evals/x", Body=b"w"))
    assert not _allowed(lambda: s3.put_object(Bucket="cold", Key="teams/pretrain-old/x", Body=b"w"))
    assert not _allowed(lambda: s3.put_object(Bucket="cold", Key="datasets/x", Body=b"w"))
    assert not _allowed(lambda: s3.delete_bucket(Bucket="cold"))


@pytest.mark.parametrize(
    ("resource_type", "name", "granted"),
    [
        ("storage.googleapis.com/Object", "projects/_/buckets/cold/objects/teams/pretrain/ckpt/1", True),
        ("storage.googleapis.com/Bucket", "projects/_/buckets/cold", True),  # listing is bucket-level
        ("storage.googleapis.com/Object", "projects/_/buckets/cold/objects/teams/evals/results.json", False),
        ("storage.googleapis.com/Object", "projects/_/buckets/cold/objects/teams/pretrain-old/x", False),
        ("storage.googleapis.com/Object", "projects/_/buckets/cold/objects/datasets/x", False),
        ("storage.googleapis.com/Object", "projects/_/buckets/other/objects/teams/pretrain/x", False),
    ],
)
def test_gcs_condition_grants_only_the_team_prefix(resource_type: str, name: str, granted: bool) -> None:
    """The IAM condition of a GKE team's bucket binding, evaluated as CEL (cel-python)."""
    import celpy

    from aiinfra.components.gcp.teams import prefix_condition

    env = celpy.Environment()
    program = env.program(env.compile(prefix_condition("cold", "pretrain")["expression"]))
    result = program.evaluate({"resource": celpy.json_to_cel({"type": resource_type, "name": name})})
    assert bool(result) is granted
