"""Capacity checks: the type is offered where the pool runs, quotas cover it, the reservation holds it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from aiinfra.preflight.aws.quotas import Quota, family_class, quota_for
from aiinfra.preflight.aws.session import AwsContext
from aiinfra.preflight.aws.target import PoolTarget
from aiinfra.preflight.aws.verdict import each, verdict
from aiinfra.preflight.model import CannotVerify, CheckResult
from aiinfra.preflight.registry import register

RESERVED = ("reservation", "capacity_block")
_NOT_YET = {"scheduled", "pending", "assessing", "delayed", "payment-pending"}
_GONE = {"expired", "cancelled", "cancelling", "failed", "payment-failed", "unsupported", "unavailable"}


@register(
    "aws",
    "instance-type-offered",
    "each pool's instance type is offered in its AZ id (or the stack's AZs / region)",
    ["ec2:DescribeInstanceTypeOfferings"],
)
def offered(ctx: AwsContext) -> Iterator[CheckResult]:
    """DescribeInstanceTypeOfferings by AZ id for pinned pools and the stack's AZ ids, else by region."""
    yield from each("instance-type-offered", ctx.target.pools, lambda p: _offered(ctx, p), lambda p: p.name)


def _offered(ctx: AwsContext, pool: PoolTarget) -> CheckResult:
    session, target = ctx.aws, ctx.target
    by_zone = pool.zone is not None or target.az_ids is not None
    offers = session.paginate(
        "ec2",
        "DescribeInstanceTypeOfferings",
        "InstanceTypeOfferings",
        LocationType="availability-zone-id" if by_zone else "region",
        Filters=[{"Name": "instance-type", "Values": [pool.instance_type]}],
    )
    where = sorted({o["Location"] for o in offers})
    detail = {"instance_type": pool.instance_type, "offered_in": where}
    if not by_zone:
        fails = (
            []
            if session.region in where
            else [f"{pool.instance_type} is not offered in {session.region}; choose another region or type."]
        )
        return verdict(
            "instance-type-offered",
            f"{pool.instance_type} is offered in {session.region}",
            fails=fails,
            warns=[],
            pool=pool.name,
            detail=detail,
        )
    elsewhere = (
        f"it is offered in: {', '.join(where)}" if where else f"it is offered in no AZ of {session.region}"
    )
    if pool.zone is not None:
        fails = (
            []
            if pool.zone in where
            else [
                f"{pool.instance_type} is not offered in {pool.zone} ({session.region}); {elsewhere}; "
                "pin the pool's zone to one of those."
            ]
        )
        return verdict(
            "instance-type-offered",
            f"{pool.instance_type} is offered in {pool.zone}",
            fails=fails,
            warns=[],
            pool=pool.name,
            detail=detail,
        )
    wanted = target.az_ids or ()
    usable = [a for a in wanted if a in where]
    lacking = [a for a in wanted if a not in where]
    fails = (
        []
        if usable
        else [f"{pool.instance_type} is offered in none of network.az_ids {list(wanted)}; {elsewhere}."]
    )
    warns = (
        [f"{pool.instance_type} is not offered in {lacking}; nodes can only start in {usable}."]
        if lacking and usable
        else []
    )
    return verdict(
        "instance-type-offered",
        f"{pool.instance_type} is offered in {', '.join(usable)}",
        fails=fails,
        warns=warns,
        pool=pool.name,
        detail=detail,
    )


@register(
    "aws",
    "vcpu-quota",
    "on-demand / spot vCPU quotas of each family class cover max nodes x vCPUs (pools sharing a quota summed)",
    ["servicequotas:GetServiceQuota", "servicequotas:GetAWSDefaultServiceQuota"],
)
def vcpu_quota(ctx: AwsContext) -> Iterator[CheckResult]:
    """Service Quotas per (class, market): sum of ``max_nodes x vCPUs`` of the pools that share it."""
    groups: dict[Quota, list[PoolTarget]] = {}
    for pool in ctx.target.pools:
        if pool.capacity in RESERVED:
            continue  # the reservation already holds the capacity; checked by capacity-reservation
        market = "spot" if pool.capacity == "spot" else "on_demand"
        quota = quota_for(pool.instance_type, market)
        if quota is None:
            yield CannotVerify(
                f"no {market} vCPU quota code is known for the {family_class(pool.instance_type)!r} family"
            ).result("vcpu-quota", pool.name)
            continue
        groups.setdefault(quota, []).append(pool)
    if not groups:
        yield CheckResult(
            "vcpu-quota",
            "skipped",
            "no pool needs on-demand or spot quota: every pool draws on a reservation or Capacity Block",
        )
        return
    yield from each("vcpu-quota", groups.items(), lambda g: _quota(ctx, *g), lambda g: _pools_label(g[1]))


def _pools_label(pools: list[PoolTarget]) -> str:
    return ",".join(p.name for p in pools)


def _quota(ctx: AwsContext, quota: Quota, pools: list[PoolTarget]) -> CheckResult:
    session = ctx.aws
    need = sum(p.vcpus for p in pools)
    value, name, source = _quota_value(ctx, quota)
    parts = " + ".join(f"{p.name} {p.max_nodes} x {p.machine.vcpus}" for p in pools)
    head = f"quota {quota.code} {name!r} is {value:g} vCPUs ({source})"
    detail = {"quota_code": quota.code, "quota_name": name, "value": value, "required_vcpus": need}
    fails = []
    if value < need:
        fails.append(
            f"pools need {need} vCPUs ({parts}) but {head}; request an increase: aws service-quotas "
            f"request-service-quota-increase --service-code ec2 --quota-code {quota.code} "
            f"--desired-value {need} --region {session.region}"
        )
    ok = f"pools need {need} vCPUs ({parts}); {head}; instances already running count against it too"
    return verdict("vcpu-quota", ok, fails=fails, warns=[], pool=_pools_label(pools), detail=detail)


def _quota_value(ctx: AwsContext, quota: Quota) -> tuple[float, str, str]:
    from botocore.exceptions import ClientError

    session = ctx.aws
    missing = ("NoSuchResourceException",)
    try:
        answer = session.call(
            "service-quotas", "GetServiceQuota", expect=missing, ServiceCode="ec2", QuotaCode=quota.code
        )
        source = "applied"
    except ClientError as exc:
        applied = (
            f"no applied value for ec2/{quota.code} ({exc.response.get('Error', {}).get('Message', '')})"
        )
        try:
            answer = session.call(
                "service-quotas",
                "GetAWSDefaultServiceQuota",
                expect=missing,
                ServiceCode="ec2",
                QuotaCode=quota.code,
            )
            source = "AWS default; no applied value"
        except ClientError as exc2:
            message = exc2.response.get("Error", {}).get("Message", "")
            raise CannotVerify(
                f"Service Quotas has {applied} and no default either ({message}) in {session.region}",
                quota_code=quota.code,
            ) from None
        except CannotVerify as exc2:
            raise CannotVerify(
                f"Service Quotas has {applied}; and {exc2.reason}", quota_code=quota.code
            ) from None
    entry = answer["Quota"]
    return float(entry["Value"]), str(entry.get("QuotaName") or quota.name), source


@register(
    "aws",
    "capacity-reservation",
    "a referenced capacity reservation / Capacity Block exists, is active, in the pool's AZ, "
    "of the pool's type and large enough",
    ["ec2:DescribeCapacityReservations"],
)
def capacity_reservation(ctx: AwsContext) -> Iterator[CheckResult]:
    """DescribeCapacityReservations for every pool with ``reservation_id``."""
    pools = [p for p in ctx.target.pools if p.reservation_id]
    if not pools:
        yield CheckResult(
            "capacity-reservation", "skipped", "no pool references a reservation or Capacity Block"
        )
        return
    yield from each("capacity-reservation", pools, lambda p: _reservation(ctx, p), lambda p: p.name)


def _reservation(ctx: AwsContext, pool: PoolTarget) -> CheckResult:
    from botocore.exceptions import ClientError

    name, rid, region = "capacity-reservation", pool.reservation_id, ctx.aws.region
    missing = (
        "InvalidCapacityReservationId.NotFound",
        "InvalidCapacityReservationId.Malformed",
        "InvalidReservationID.NotFound",
    )
    try:
        answer = ctx.aws.call(
            "ec2", "DescribeCapacityReservations", expect=missing, CapacityReservationIds=[rid]
        )
        found = answer.get("CapacityReservations", [])
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        found, why = [], f" ({code})"
    else:
        why = ""
    if not found:
        return CheckResult(
            name,
            "fail",
            f"{rid} does not exist in {region} for this account{why}; purchase it or fix the pool's reservation_id.",
            pool.name,
        )
    cr: dict[str, Any] = found[0]
    kind, state = cr.get("ReservationType", "default"), cr.get("State", "")
    zone, itype = cr.get("AvailabilityZoneId"), cr.get("InstanceType")
    total, available = int(cr.get("TotalInstanceCount", 0)), int(cr.get("AvailableInstanceCount", 0))
    start, end = cr.get("StartDate"), cr.get("EndDate")
    label = "Capacity Block" if kind == "capacity-block" else "capacity reservation"
    window = _window(start, end)
    detail = {
        "reservation_id": rid,
        "reservation_type": kind,
        "state": state,
        "availability_zone_id": zone,
        "instance_type": itype,
        "total_instances": total,
        "available_instances": available,
        "start": _iso(start),
        "end": _iso(end),
    }
    fails, warns = [], []
    wanted_kind = "capacity-block" if pool.capacity == "capacity_block" else "default"
    if kind != wanted_kind:
        fix = "capacity_block" if kind == "capacity-block" else "reservation"
        fails.append(f"{rid} is a {label} but the pool's capacity is {pool.capacity!r}; set capacity: {fix}.")
    if itype != pool.instance_type:
        fails.append(
            f"{rid} holds {itype}, the pool runs {pool.instance_type}; use a reservation for that type."
        )
    if pool.zone is not None and zone != pool.zone:
        fails.append(f"{rid} is in {zone}, the pool is pinned to {pool.zone}; set the pool's zone to {zone}.")
    elif pool.zone is None:
        warns.append(f"the pool is not pinned to an AZ; set zone: {zone} so its nodes start where {rid} is.")
    if state in _GONE or (end is not None and end <= datetime.now(UTC)):
        fails.append(f"{rid} is {state or 'over'}{window}; purchase new capacity.")
    elif state in _NOT_YET:
        warns.append(f"{label} {rid} is {state}{window}; nodes cannot start before it is active.")
    elif state != "active":
        warns.append(f"{rid} is in state {state!r}{window}.")
    if total < pool.max_nodes:
        fails.append(
            f"{rid} holds {total} instances but the pool's max_nodes is {pool.max_nodes}; "
            f"lower max_nodes to {total} or extend the reservation."
        )
    elif state == "active" and available < pool.max_nodes:
        warns.append(
            f"only {available} of {total} reserved instances are free (others are running); "
            f"the pool needs {pool.max_nodes}."
        )
    ok = f"{label} {rid}: {state}, {total} x {itype} in {zone}{window}"
    return verdict(name, ok, fails=fails, warns=warns, pool=pool.name, detail=detail)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="minutes")


def _window(start: datetime | None, end: datetime | None) -> str:
    if start is None and end is None:
        return ""
    text = f" from {_iso(start)}" if start is not None else ""
    return text + (f" to {_iso(end)}" if end is not None else " (no end date)")
