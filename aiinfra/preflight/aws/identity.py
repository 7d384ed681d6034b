"""Checks that the credentials and region are the ones the stack expects."""

from __future__ import annotations

from collections.abc import Iterator

from aiinfra.preflight.aws.session import AwsContext
from aiinfra.preflight.aws.verdict import verdict
from aiinfra.preflight.model import CheckResult
from aiinfra.preflight.registry import register
from aiinfra.preflight.settings import ACCOUNT_KEY


@register(
    "aws", "identity", "caller account (STS) matches the expected account id", ["sts:GetCallerIdentity"]
)
def identity(ctx: AwsContext) -> Iterator[CheckResult]:
    """STS GetCallerIdentity, compared with ``aiinfra:expectedAccountId`` when the stack sets it."""
    answer = ctx.aws.call("sts", "GetCallerIdentity")
    account, arn = answer["Account"], answer["Arn"]
    expected = ctx.settings.expected_account_id
    detail = {"account": account, "arn": arn, "expected_account_id": expected}
    fails = []
    if expected is not None and account != expected:
        fails.append(
            f"the credentials are for account {account} ({arn}) but the stack expects {expected} "
            f"({ACCOUNT_KEY}); switch profile or fix {ACCOUNT_KEY}."
        )
    pin = f"matches {ACCOUNT_KEY}" if expected else f"set {ACCOUNT_KEY} in the stack to pin it"
    yield verdict("identity", f"account {account} as {arn}; {pin}", fails=fails, warns=[], detail=detail)


@register(
    "aws",
    "region",
    "the region is the stack's and its AZ ids exist and are available",
    ["ec2:DescribeAvailabilityZones"],
)
def region(ctx: AwsContext) -> Iterator[CheckResult]:
    """The checked region is the stack's; ``network.az_ids`` name available zones of this account."""
    target, session = ctx.target, ctx.aws
    warns = []
    if session.region != target.region:
        warns.append(
            f"checking {session.region} (--region) but the stack deploys to {target.region}; "
            "these results describe the wrong region."
        )
    zones = {
        z["ZoneId"]: z
        for z in session.call("ec2", "DescribeAvailabilityZones").get("AvailabilityZones", [])
        if z.get("ZoneType", "availability-zone") == "availability-zone"
    }
    fails = []
    wanted = target.az_ids or ()
    missing = [a for a in wanted if a not in zones]
    if missing:
        fails.append(
            f"network.az_ids {missing} are not availability zones of {session.region} for this account "
            f"(its AZ ids: {', '.join(sorted(zones)) or 'none'})."
        )
    down = [a for a in wanted if a in zones and zones[a].get("State") != "available"]
    if down:
        fails.append(f"availability zones {down} are not 'available' in {session.region}.")
    named = ", ".join(f"{a} ({zones[a]['ZoneName']})" for a in wanted if a in zones)
    ok = (
        f"{session.region}: AZ ids {named} available"
        if wanted
        else (f"{session.region}: {len(zones)} availability zones; network.az_ids not pinned")
    )
    detail = {"region": session.region, "zones": {a: zones[a].get("ZoneName") for a in sorted(zones)}}
    yield verdict("region", ok, fails=fails, warns=warns, detail=detail)
