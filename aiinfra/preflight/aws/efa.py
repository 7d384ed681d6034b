"""EFA check: EC2 reports for each EFA pool's type the interface count the catalog claims."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aiinfra.preflight.aws.session import AwsContext
from aiinfra.preflight.aws.target import PoolTarget
from aiinfra.preflight.aws.verdict import each, verdict
from aiinfra.preflight.model import CheckResult
from aiinfra.preflight.registry import register


@register(
    "aws",
    "efa",
    "EFA pools: the type supports EFA with the catalog's MaximumEfaInterfaces",
    ["ec2:DescribeInstanceTypes"],
)
def efa(ctx: AwsContext) -> Iterator[CheckResult]:
    """DescribeInstanceTypes once for every EFA pool type; compare ``EfaInfo`` with the catalog."""
    from botocore.exceptions import ClientError

    pools = [p for p in ctx.target.pools if p.efa]
    if not pools:
        yield CheckResult("efa", "skipped", "no pool uses EFA")
        return
    types = sorted({p.instance_type for p in pools})
    try:
        answer = ctx.aws.call(
            "ec2", "DescribeInstanceTypes", expect=("InvalidInstanceType",), InstanceTypes=types
        )
        known = {t["InstanceType"]: t for t in answer.get("InstanceTypes", [])}
    except ClientError:
        known = {}  # one unknown type fails the whole call; each pool reports it below
    yield from each("efa", pools, lambda p: _efa(ctx, p, known.get(p.instance_type)), lambda p: p.name)


def _efa(ctx: AwsContext, pool: PoolTarget, info: dict[str, Any] | None) -> CheckResult:
    itype, claimed = pool.instance_type, pool.machine.fabric_interfaces
    if info is None:
        return CheckResult(
            "efa",
            "fail",
            f"EC2 does not describe {itype} in {ctx.aws.region}; check the type name.",
            pool.name,
        )
    network = info.get("NetworkInfo", {})
    supported = bool(network.get("EfaSupported"))
    maximum = int(network.get("EfaInfo", {}).get("MaximumEfaInterfaces", 0)) if supported else 0
    detail = {
        "instance_type": itype,
        "efa_supported": supported,
        "maximum_efa_interfaces": maximum,
        "catalog_interfaces": claimed,
        "pool_interfaces": pool.efa_interfaces,
    }
    fails = []
    if not supported:
        fails.append(f"{itype} does not support EFA here; use an EFA-capable type or fabric.type: none.")
    elif maximum != claimed:
        fails.append(
            f"EC2 reports {maximum} EFA interfaces for {itype}, the aiinfra catalog says {claimed}; the launch "
            "template would be wrong - correct the catalog entry."
        )
    if supported and pool.efa_interfaces > maximum:
        fails.append(f"the pool wires {pool.efa_interfaces} EFA interfaces, {itype} allows {maximum}.")
    ok = f"{itype} supports {maximum} EFA interfaces, as the catalog says; the pool wires {pool.efa_interfaces}"
    return verdict("efa", ok, fails=fails, warns=[], pool=pool.name, detail=detail)
