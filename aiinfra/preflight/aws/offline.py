"""AWS ``--offline``: vCPU totals per quota code, EFA interfaces per node, reservations from the spec."""

from __future__ import annotations

from typing import Any

from aiinfra.preflight.aws.capacity import RESERVED
from aiinfra.preflight.aws.quotas import Quota, quota_for
from aiinfra.preflight.model import CheckResult
from aiinfra.preflight.offline import not_verified


def offline_results(target: Any) -> list[CheckResult]:
    """Every AWS check in report order, computed from the stack alone."""
    results = [
        not_verified("identity", "the account of the credentials"),
        not_verified("region", f"region {target.region}, AZ ids {list(target.az_ids or [])} available"),
    ]
    for pool in target.pools:
        where = pool.zone or f"the zones of {target.region}"
        results.append(
            not_verified("instance-type-offered", f"{pool.instance_type} offered in {where}", pool.name)
        )
    groups: dict[Quota, list[Any]] = {}
    for pool in target.pools:
        if pool.capacity in RESERVED:
            continue
        quota = quota_for(pool.instance_type, "spot" if pool.capacity == "spot" else "on_demand")
        if quota is not None:
            groups.setdefault(quota, []).append(pool)
    for quota, pools in groups.items():
        total = sum(p.vcpus for p in pools)
        parts = " + ".join(f"{p.name} {p.max_nodes} x {p.machine.vcpus}" for p in pools)
        results.append(
            not_verified(
                "vcpu-quota",
                f"needs {total} vCPUs of {quota.code} ({quota.name}): {parts}",
                ",".join(p.name for p in pools),
                quota_code=quota.code,
                vcpus=total,
            )
        )
    for pool in target.pools:
        if pool.reservation_id:
            results.append(
                not_verified(
                    "capacity-reservation",
                    f"{pool.capacity} {pool.reservation_id} for {pool.max_nodes} x {pool.instance_type} in {pool.zone}; "
                    "its state and window come from the account",
                    pool.name,
                    reservation_id=pool.reservation_id,
                )
            )
    for pool in target.pools:
        if pool.efa:
            results.append(
                not_verified(
                    "efa",
                    f"{pool.efa_interfaces} EFA interfaces per node on {pool.instance_type} "
                    f"(catalog: {pool.machine.fabric_interfaces})",
                    pool.name,
                    interfaces=pool.efa_interfaces,
                )
            )
    results.append(not_verified("kms-aliases", f"aliases {', '.join(target.key_aliases)} free or ours"))
    results.append(not_verified("kms-keys", "referenced keys exist, are enabled and rotate"))
    bucket = target.cold_bucket or "(auto-named)"
    results.append(not_verified("bucket-name", f"cold bucket {bucket} free or ours"))
    results.append(not_verified("buckets", "referenced buckets exist"))
    return results
