"""Every AWS check with a passing and a failing answer, through botocore's Stubber (no network)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from .support import RESERVATION, run_check, stubbed, training_target

NOW = datetime.now(UTC)


def _block(**changes: object) -> dict:
    block = {
        "CapacityReservationId": RESERVATION,
        "InstanceType": "p5.48xlarge",
        "AvailabilityZoneId": "usw2-az2",
        "TotalInstanceCount": 8,
        "AvailableInstanceCount": 8,
        "State": "active",
        "StartDate": NOW - timedelta(days=1),
        "EndDate": NOW + timedelta(days=13),
        "ReservationType": "capacity-block",
    }
    block.update(changes)
    return block


def _reservation(**changes: object):
    context, stubs = stubbed(("ec2",))
    stubs["ec2"].add_response(
        "describe_capacity_reservations",
        {"CapacityReservations": [_block(**changes)]},
        {"CapacityReservationIds": [RESERVATION]},
    )
    [result] = run_check("capacity-reservation", context)
    stubs["ec2"].assert_no_pending_responses()
    return result


def test_reservation_active_passes() -> None:
    result = _reservation()
    assert result.status == "pass"
    assert result.message.startswith(
        "Capacity Block cr-0a1b2c3d4e5f67890: active, 8 x p5.48xlarge in usw2-az2 from "
    )
    assert result.detail["end"] == (NOW + timedelta(days=13)).isoformat(timespec="minutes")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"AvailabilityZoneId": "usw2-az1"}, "is in usw2-az1, the pool is pinned to usw2-az2"),
        ({"InstanceType": "p4d.24xlarge"}, "holds p4d.24xlarge, the pool runs p5.48xlarge"),
        ({"TotalInstanceCount": 4}, "holds 4 instances but the pool's max_nodes is 8; lower max_nodes to 4"),
        ({"State": "expired", "EndDate": NOW - timedelta(days=1)}, "is expired from "),
        ({"State": "cancelled"}, "is cancelled from "),
        (
            {"ReservationType": "default"},
            "is a capacity reservation but the pool's capacity is 'capacity_block'",
        ),
    ],
)
def test_reservation_failures(changes: dict, expected: str) -> None:
    result = _reservation(**changes)
    assert result.status == "fail"
    assert expected in result.message


def test_capacity_block_not_started_warns_with_dates() -> None:
    start, end = NOW + timedelta(days=2), NOW + timedelta(days=9)
    result = _reservation(State="scheduled", StartDate=start, EndDate=end)
    assert result.status == "warn"
    assert result.message == (
        f"Capacity Block {RESERVATION} is scheduled from {start.isoformat(timespec='minutes')} to "
        f"{end.isoformat(timespec='minutes')}; nodes cannot start before it is active."
    )


def test_reservation_partly_used_warns() -> None:
    result = _reservation(AvailableInstanceCount=5)
    assert result.status == "warn"
    assert "only 5 of 8 reserved instances are free" in result.message


def test_reservation_missing_fails() -> None:
    context, stubs = stubbed(("ec2",))
    stubs["ec2"].add_client_error(
        "describe_capacity_reservations", "InvalidCapacityReservationId.NotFound", "not found", 400
    )
    [result] = run_check("capacity-reservation", context)
    assert (result.status, result.pool) == ("fail", "h100-train")
    assert result.message.startswith(f"{RESERVATION} does not exist in us-west-2")


def test_no_reservation_pool_is_skipped() -> None:
    target = training_target()
    target = replace(target, pools=tuple(replace(p, reservation_id=None) for p in target.pools))
    context, _ = stubbed(("ec2",), target)
    [result] = run_check("capacity-reservation", context)
    assert result.status == "skipped"


def _quota_target(*capacities: str):
    target = training_target()
    pools = [
        replace(p, capacity=c, reservation_id=None) for p, c in zip(target.pools, capacities, strict=True)
    ]
    return replace(target, pools=tuple(pools))


def test_quota_sums_pools_sharing_it() -> None:
    # h100-train 8 x p5 (192 vCPU) and a second P pool on demand share L-417A185B.
    target = training_target()
    p5 = replace(target.pools[0], capacity="on_demand", reservation_id=None)
    target = replace(target, pools=(p5, replace(p5, name="h100-more", max_nodes=2)))
    context, stubs = stubbed(("service-quotas",), target)
    stubs["service-quotas"].add_response(
        "get_service_quota",
        {"Quota": {"QuotaCode": "L-417A185B", "QuotaName": "Running On-Demand P instances", "Value": 1536.0}},
        {"ServiceCode": "ec2", "QuotaCode": "L-417A185B"},
    )
    [result] = run_check("vcpu-quota", context)
    assert result.status == "fail"
    assert result.pool == "h100-train,h100-more"
    assert result.message.startswith(
        "pools need 1920 vCPUs (h100-train 8 x 192 + h100-more 2 x 192) but quota L-417A185B "
        "'Running On-Demand P instances' is 1536 vCPUs (applied)"
    )


def test_quota_large_enough_passes() -> None:
    context, stubs = stubbed(("service-quotas",), _quota_target("spot", "spot"))
    stubs["service-quotas"].add_response(
        "get_service_quota",
        {"Quota": {"QuotaCode": "L-7212CCBC", "QuotaName": "All P Spot", "Value": 1536.0}},
    )
    stubs["service-quotas"].add_response(
        "get_service_quota",
        {"Quota": {"QuotaCode": "L-3819A6DF", "QuotaName": "All G and VT Spot", "Value": 192.0}},
    )
    results = run_check("vcpu-quota", context)
    assert [(r.pool, r.status) for r in results] == [("h100-train", "pass"), ("l40s-infer", "pass")]


def test_quota_falls_back_to_default_value() -> None:
    context, stubs = stubbed(("service-quotas",))
    stubs["service-quotas"].add_client_error(
        "get_service_quota", "NoSuchResourceException", "no applied value"
    )
    stubs["service-quotas"].add_response(
        "get_aws_default_service_quota",
        {
            "Quota": {
                "QuotaCode": "L-3819A6DF",
                "QuotaName": "All G and VT Spot Instance Requests",
                "Value": 0.0,
            }
        },
    )
    [result] = run_check("vcpu-quota", context)
    assert result.status == "fail"
    assert "is 0 vCPUs (AWS default; no applied value)" in result.message


def test_offered_and_not_offered() -> None:
    context, stubs = stubbed(("ec2",))
    for azs in (["usw2-az2"], ["usw2-az1"]):
        stubs["ec2"].add_response(
            "describe_instance_type_offerings",
            {
                "InstanceTypeOfferings": [
                    {"InstanceType": "x", "LocationType": "availability-zone-id", "Location": a} for a in azs
                ]
            },
        )
    results = run_check("instance-type-offered", context)
    assert [(r.pool, r.status) for r in results] == [("h100-train", "pass"), ("l40s-infer", "warn")]
    assert (
        results[1].message
        == "g6e.12xlarge is not offered in ['usw2-az2', 'usw2-az3']; nodes can only start in ['usw2-az1']."
    )


def test_offered_by_region_when_no_az_ids() -> None:
    target = training_target()
    target = replace(target, az_ids=None, pools=(replace(target.pools[1], zone=None),))
    context, stubs = stubbed(("ec2",), target)
    stubs["ec2"].add_response(
        "describe_instance_type_offerings",
        {"InstanceTypeOfferings": []},
        {"LocationType": "region", "Filters": [{"Name": "instance-type", "Values": ["g6e.12xlarge"]}]},
    )
    [result] = run_check("instance-type-offered", context)
    assert (result.status, result.message) == (
        "fail",
        "g6e.12xlarge is not offered in us-west-2; choose another region or type.",
    )


def _efa(network: dict):
    context, stubs = stubbed(("ec2",))
    stubs["ec2"].add_response(
        "describe_instance_types",
        {"InstanceTypes": [{"InstanceType": "p5.48xlarge", "NetworkInfo": network}]},
        {"InstanceTypes": ["p5.48xlarge"]},
    )
    [result] = run_check("efa", context)
    return result


def test_efa_matches_catalog() -> None:
    result = _efa({"EfaSupported": True, "EfaInfo": {"MaximumEfaInterfaces": 32}})
    assert (result.status, result.message) == (
        "pass",
        "p5.48xlarge supports 32 EFA interfaces, as the catalog says; the pool wires 32",
    )


def test_efa_count_differs_from_catalog() -> None:
    result = _efa({"EfaSupported": True, "EfaInfo": {"MaximumEfaInterfaces": 16}})
    assert result.status == "fail"
    assert result.message.startswith(
        "EC2 reports 16 EFA interfaces for p5.48xlarge, the aiinfra catalog says 32"
    )


def test_efa_unsupported() -> None:
    result = _efa({"EfaSupported": False})
    assert result.status == "fail"
    assert result.message.startswith("p5.48xlarge does not support EFA here")


def test_identity_pass_and_mismatch() -> None:
    answer = {"Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/ci", "UserId": "AIDA"}
    context, stubs = stubbed(("sts",), expected_account_id="123456789012")
    stubs["sts"].add_response("get_caller_identity", answer)
    assert run_check("identity", context)[0].status == "pass"
    context, stubs = stubbed(("sts",), expected_account_id="999999999999")
    stubs["sts"].add_response("get_caller_identity", answer)
    [result] = run_check("identity", context)
    assert result.status == "fail"
    assert "but the stack expects 999999999999 (aiinfra:expectedAccountId)" in result.message


def _zones(*ids: str) -> dict:
    return {
        "AvailabilityZones": [
            {
                "ZoneId": z,
                "ZoneName": f"us-west-2{'abcd'[i]}",
                "State": "available",
                "ZoneType": "availability-zone",
            }
            for i, z in enumerate(ids)
        ]
    }


def test_region_az_ids_present_and_missing() -> None:
    context, stubs = stubbed(("ec2",))
    stubs["ec2"].add_response("describe_availability_zones", _zones("usw2-az1", "usw2-az2", "usw2-az3"))
    assert run_check("region", context)[0].status == "pass"
    context, stubs = stubbed(("ec2",))
    stubs["ec2"].add_response("describe_availability_zones", _zones("usw2-az1", "usw2-az2"))
    [result] = run_check("region", context)
    assert result.status == "fail"
    assert result.message.startswith("network.az_ids ['usw2-az3'] are not availability zones of us-west-2")


def test_kms_alias_free_and_taken() -> None:
    context, stubs = stubbed(("kms",))
    stubs["kms"].add_response(
        "list_aliases", {"Aliases": [{"AliasName": "alias/other", "TargetKeyId": "k1"}]}
    )
    assert run_check("kms-aliases", context)[0].status == "pass"
    context, stubs = stubbed(("kms",))
    stubs["kms"].add_response(
        "list_aliases", {"Aliases": [{"AliasName": "alias/llm-train-keys-logs", "TargetKeyId": "k2"}]}
    )
    stubs["kms"].add_response("list_resource_tags", {"Tags": []}, {"KeyId": "k2"})
    [result] = run_check("kms-aliases", context)
    assert result.status == "fail"
    assert result.message.startswith("alias/llm-train-keys-logs already exists (key k2)")


def _key(meta: dict, rotation: bool | None = None):
    context, stubs = stubbed(("kms",), kms_keys=("alias/data",))
    full = {
        "KeyId": "k1",
        "KeyState": "Enabled",
        "KeyManager": "CUSTOMER",
        "KeySpec": "SYMMETRIC_DEFAULT",
        "Origin": "AWS_KMS",
    }
    full.update(meta)
    stubs["kms"].add_response("describe_key", {"KeyMetadata": full}, {"KeyId": "alias/data"})
    if rotation is not None:
        stubs["kms"].add_response(
            "get_key_rotation_status", {"KeyRotationEnabled": rotation}, {"KeyId": "k1"}
        )
    [result] = run_check("kms-keys", context)
    return result


def test_kms_key_enabled_rotating_passes() -> None:
    assert _key({}, rotation=True).status == "pass"


def test_kms_key_disabled_fails() -> None:
    result = _key({"KeyState": "PendingDeletion"})
    assert (result.status, result.message) == (
        "fail",
        "KMS key alias/data is PendingDeletion; enable it (or cancel its deletion) before deploying.",
    )


def test_kms_key_missing_fails() -> None:
    context, stubs = stubbed(("kms",), kms_keys=("alias/gone",))
    stubs["kms"].add_client_error("describe_key", "NotFoundException", "Alias not found", 400)
    [result] = run_check("kms-keys", context)
    assert (result.status, result.message) == (
        "fail",
        "KMS key alias/gone does not exist in us-west-2; create it or fix the reference.",
    )


def _cold_named():
    return training_target(cold_bucket="llm-train-datasets")


@pytest.mark.parametrize(
    ("status_code", "status", "message"),
    [
        (404, "pass", "bucket name llm-train-datasets is free"),
        (403, "fail", "bucket llm-train-datasets exists and belongs to another account (HeadBucket 403)"),
    ],
)
def test_bucket_name(status_code: int, status: str, message: str) -> None:
    context, stubs = stubbed(("s3",), _cold_named())
    stubs["s3"].add_client_error("head_bucket", str(status_code), "", status_code)
    [result] = run_check("bucket-name", context)
    assert result.status == status
    assert result.message.startswith(message)


def test_bucket_name_of_this_platform_passes() -> None:
    context, stubs = stubbed(("s3",), _cold_named())
    stubs["s3"].add_response("head_bucket", {})
    stubs["s3"].add_response(
        "get_bucket_tagging", {"TagSet": [{"Key": "aiinfra:platform", "Value": "llm-train"}]}
    )
    [result] = run_check("bucket-name", context)
    assert (result.status, result.message) == (
        "pass",
        "bucket llm-train-datasets exists and is this platform's (update)",
    )


def test_referenced_bucket_forbidden_fails() -> None:
    context, stubs = stubbed(("s3",), buckets=("corp-data",))
    stubs["s3"].add_client_error("head_bucket", "403", "", 403)
    [result] = run_check("buckets", context)
    assert result.status == "fail"
    assert result.message.startswith(
        "bucket corp-data exists but these credentials cannot reach it (HeadBucket 403)"
    )


def test_referenced_bucket_in_other_region_warns() -> None:
    context, stubs = stubbed(("s3",), buckets=("corp-data",))
    stubs["s3"].add_response("head_bucket", {"BucketRegion": "eu-west-1"})
    [result] = run_check("buckets", context)
    assert result.status == "warn"
    assert result.message.startswith("bucket corp-data is in eu-west-1, the stack in us-west-2")
