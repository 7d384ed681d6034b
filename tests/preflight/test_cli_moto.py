"""`aiinfra preflight aws-training --endpoint-url` against a moto server on 127.0.0.1.

State moto implements is seeded with boto3 calls against the server (KMS aliases, S3 buckets); the
reservation and the EC2 vCPU quota go through the ``moto_gaps`` fakes (moto lacks both APIs).
"""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest

from .support import RESERVATION, Gaps, by_name, capacity_block, cli_json, write_stack

G_SPOT = "L-3819A6DF"
EVERY_CHECK = [
    "identity",
    "region",
    "instance-type-offered",
    "vcpu-quota",
    "capacity-reservation",
    "efa",
    "kms-aliases",
    "kms-keys",
    "bucket-name",
    "buckets",
]


@pytest.fixture
def healthy(moto_gaps: Gaps) -> Gaps:
    """An account that can take aws-training: the Capacity Block and 256 G/VT spot vCPUs."""
    moto_gaps.reservations[RESERVATION] = capacity_block()
    moto_gaps.quotas[G_SPOT] = ("All G and VT Spot Instance Requests", 256.0)
    return moto_gaps


def test_reports_every_check_and_passes(healthy: Gaps, moto: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = cli_json(capsys, "aws-training", "--endpoint-url", moto)
    assert code == 0
    assert doc["stack"] == "aws-training"
    assert list(dict.fromkeys(c["name"] for c in doc["checks"])) == EVERY_CHECK
    statuses = {(c["name"], c.get("pool")): c["status"] for c in doc["checks"]}
    assert statuses == {
        ("identity", None): "pass",
        ("region", None): "pass",
        ("instance-type-offered", "h100-train"): "pass",
        ("instance-type-offered", "l40s-infer"): "pass",
        ("vcpu-quota", "l40s-infer"): "pass",
        ("capacity-reservation", "h100-train"): "pass",
        ("efa", "h100-train"): "pass",
        ("kms-aliases", None): "pass",
        ("kms-keys", None): "skipped",
        ("bucket-name", None): "skipped",
        ("buckets", None): "skipped",
    }
    quota = by_name(doc, "vcpu-quota")[0]
    assert quota["detail"]["required_vcpus"] == 4 * 48  # l40s-infer: 4 x g6e.12xlarge on spot
    assert (
        "Capacity Block cr-0a1b2c3d4e5f67890: active, 8 x p5.48xlarge in usw2-az2"
        in by_name(doc, "capacity-reservation")[0]["message"]
    )


def test_fails_when_the_reservation_is_removed(
    healthy: Gaps, moto: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del healthy.reservations[RESERVATION]
    code, doc = cli_json(capsys, "aws-training", "--endpoint-url", moto)
    assert code == 1
    [result] = by_name(doc, "capacity-reservation")
    assert result["status"] == "fail"
    assert result["message"] == (
        "cr-0a1b2c3d4e5f67890 does not exist in us-west-2 for this account "
        "(InvalidCapacityReservationId.NotFound); purchase it or fix the pool's reservation_id."
    )


def test_fails_when_the_quota_is_lowered(
    healthy: Gaps, moto: str, capsys: pytest.CaptureFixture[str]
) -> None:
    healthy.quotas[G_SPOT] = ("All G and VT Spot Instance Requests", 96.0)
    code, doc = cli_json(capsys, "aws-training", "--endpoint-url", moto)
    assert code == 1
    [result] = by_name(doc, "vcpu-quota")
    assert result["status"] == "fail"
    assert "pools need 192 vCPUs (l40s-infer 4 x 48) but quota L-3819A6DF" in result["message"]
    assert "--quota-code L-3819A6DF --desired-value 192 --region us-west-2" in result["message"]


def test_fails_when_reservation_sits_in_another_az(
    healthy: Gaps, moto: str, capsys: pytest.CaptureFixture[str]
) -> None:
    healthy.reservations[RESERVATION] = capacity_block(availabilityZoneId="usw2-az1")
    code, doc = cli_json(capsys, "aws-training", "--endpoint-url", moto)
    assert code == 1
    assert (
        "is in usw2-az1, the pool is pinned to usw2-az2; set the pool's zone to usw2-az1."
        in by_name(doc, "capacity-reservation")[0]["message"]
    )


def test_fails_when_a_key_alias_is_taken(
    healthy: Gaps, moto: str, capsys: pytest.CaptureFixture[str]
) -> None:
    kms = boto3.client("kms", region_name="us-west-2", endpoint_url=moto)
    key = kms.create_key(Tags=[{"TagKey": "aiinfra:platform", "TagValue": "someone-else"}])["KeyMetadata"]
    kms.create_alias(AliasName="alias/llm-train-keys-cold", TargetKeyId=key["KeyId"])
    code, doc = cli_json(capsys, "aws-training", "--endpoint-url", moto)
    assert code == 1
    [result] = by_name(doc, "kms-aliases")
    assert result["status"] == "fail"
    assert result["message"].startswith(f"alias/llm-train-keys-cold already exists (key {key['KeyId']})")


def test_alias_of_this_platform_passes(healthy: Gaps, moto: str, capsys: pytest.CaptureFixture[str]) -> None:
    kms = boto3.client("kms", region_name="us-west-2", endpoint_url=moto)
    key = kms.create_key(Tags=[{"TagKey": "aiinfra:platform", "TagValue": "llm-train"}])["KeyMetadata"]
    kms.create_alias(AliasName="alias/llm-train-keys-cold", TargetKeyId=key["KeyId"])
    code, doc = cli_json(capsys, "aws-training", "--endpoint-url", moto)
    assert code == 0
    assert "1 already belong to this platform (update)" in by_name(doc, "kms-aliases")[0]["message"]


@pytest.mark.parametrize(("zone", "status"), [("usw2-az3", "pass"), ("usw2-az2", "fail")])
def test_type_offered_only_in_some_zones(
    healthy: Gaps, moto: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], zone: str, status: str
) -> None:
    """moto's offerings put p5e.48xlarge in usw2-az3 only (of us-west-2's AZ ids)."""

    def p5e(platform: dict) -> None:
        platform["pools"][0]["machine_type"] = "p5e.48xlarge"
        platform["pools"][0]["zone"] = zone

    healthy.reservations[RESERVATION] = capacity_block(instanceType="p5e.48xlarge", availabilityZoneId=zone)
    code, doc = cli_json(capsys, str(write_stack(tmp_path, mutate=p5e)), "--endpoint-url", moto)
    result = by_name(doc, "instance-type-offered")[0]
    assert (result["pool"], result["status"], code) == ("h100-train", status, 0 if status == "pass" else 1)
    if status == "fail":
        assert result["message"] == (
            "p5e.48xlarge is not offered in usw2-az2 (us-west-2); it is offered in: usw2-az3; "
            "pin the pool's zone to one of those."
        )


def test_unreachable_endpoint_is_cannot_verify(capsys: pytest.CaptureFixture[str], no_backoff: None) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    code, doc = cli_json(capsys, "aws-training", "--endpoint-url", url, "--max-attempts", "2")
    assert code == 0
    verified = [c for c in doc["checks"] if c["status"] != "skipped"]
    assert verified and all(c["status"] == "warn" for c in verified)
    assert all(
        c["message"].startswith(f"cannot verify: {url} is unreachable (EndpointConnectionError)")
        for c in verified
    )


def test_offline_makes_no_call(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = cli_json(capsys, "aws-training", "--offline", "--endpoint-url", "http://127.0.0.1:9")
    assert code == 0
    assert list(dict.fromkeys(c["name"] for c in doc["checks"])) == EVERY_CHECK
    assert doc["offline"] is True and {c["status"] for c in doc["checks"]} == {"skipped"}
    assert all(c["message"].startswith("not verified (offline): ") for c in doc["checks"])
    messages = {(c["name"], c.get("pool")): c["message"] for c in doc["checks"]}
    assert messages[("vcpu-quota", "l40s-infer")] == (
        "not verified (offline): needs 192 vCPUs of L-3819A6DF (All G and VT Spot Instance Requests): l40s-infer 4 x 48"
    )
    assert messages[("efa", "h100-train")] == (
        "not verified (offline): 32 EFA interfaces per node on p5.48xlarge (catalog: 32)"
    )
    assert "cr-" in messages[("capacity-reservation", "h100-train")]


def test_no_credentials_exits_2_saying_how_to_provide_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from aiinfra.cli.main import main

    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    assert main(["preflight", "aws-training", "--endpoint-url", "http://127.0.0.1:9"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(
        "aiinfra preflight: no AWS credentials found; provide them with AWS_PROFILE"
    )
    assert "--offline" in captured.err


def test_text_output_names_checks_and_summary(
    healthy: Gaps, moto: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from aiinfra.cli.main import main

    assert main(["preflight", "aws-training", "--endpoint-url", moto]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"preflight aws-training (aws, us-west-2 via {moto})"
    assert "PASS     capacity-reservation   h100-train" in out
    assert out.rstrip().endswith("8 pass, 0 warn, 0 fail, 3 skipped")


def test_unknown_stack_is_invalid_input(capsys: pytest.CaptureFixture[str]) -> None:
    from aiinfra.cli.main import main

    assert main(["preflight", "no-such-stack"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("aiinfra preflight: stack 'no-such-stack' not found")
    assert "Traceback" not in err


def test_bad_expected_account_is_invalid_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from aiinfra.cli.main import main

    stack = write_stack(tmp_path, extra={"aiinfra:expectedAccountId": 123456789012})
    assert main(["preflight", str(stack), "--offline"]) == 2
    assert "aiinfra:expectedAccountId: quote the 12-digit account id" in capsys.readouterr().err


def test_expected_account_mismatch_fails(
    healthy: Gaps, moto: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stack = write_stack(tmp_path, extra={"aiinfra:expectedAccountId": "210987654321"})
    code, doc = cli_json(capsys, str(stack), "--endpoint-url", moto)
    assert code == 1
    [result] = by_name(doc, "identity")
    assert result["status"] == "fail"
    assert result["message"].startswith(
        "the credentials are for account 123456789012 (arn:aws:sts::123456789012:user/moto) but the stack "
        "expects 210987654321"
    )


def test_referenced_key_and_bucket(
    healthy: Gaps, moto: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kms = boto3.client("kms", region_name="us-west-2", endpoint_url=moto)
    good = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=good)
    kms.create_alias(AliasName="alias/shared-data", TargetKeyId=good)
    lazy = kms.create_key()["KeyMetadata"]["KeyId"]
    s3 = boto3.client("s3", region_name="us-west-2", endpoint_url=moto)
    s3.create_bucket(Bucket="corp-datasets", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    settings = {"kms_keys": ["alias/shared-data", lazy], "buckets": ["corp-datasets", "corp-missing"]}
    stack = write_stack(tmp_path, extra={"aiinfra:preflight": settings})
    code, doc = cli_json(capsys, str(stack), "--endpoint-url", moto)
    assert code == 1
    keys = by_name(doc, "kms-keys")
    assert [k["status"] for k in keys] == ["pass", "fail"]
    assert keys[1]["message"].startswith(
        f"KMS key {lazy} has automatic rotation off; aws kms enable-key-rotation"
    )
    buckets = by_name(doc, "buckets")
    assert [(b["status"], b["message"]) for b in buckets] == [
        ("pass", "bucket corp-datasets exists and is reachable"),
        ("fail", "bucket corp-missing does not exist; create it or fix aiinfra:preflight.buckets."),
    ]


def test_cold_bucket_name_taken(
    healthy: Gaps, moto: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def named(platform: dict) -> None:
        platform["storage"]["cold"]["bucket_name"] = "llm-train-datasets"

    stack = write_stack(tmp_path, mutate=named)
    code, doc = cli_json(capsys, str(stack), "--endpoint-url", moto)
    assert (code, by_name(doc, "bucket-name")[0]["status"]) == (0, "pass")
    s3 = boto3.client("s3", region_name="us-west-2", endpoint_url=moto)
    s3.create_bucket(
        Bucket="llm-train-datasets", CreateBucketConfiguration={"LocationConstraint": "us-west-2"}
    )
    code, doc = cli_json(capsys, str(stack), "--endpoint-url", moto)
    assert code == 1
    assert (
        "bucket llm-train-datasets already exists in an account these credentials can read"
        in by_name(doc, "bucket-name")[0]["message"]
    )
