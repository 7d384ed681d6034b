"""GCP ``--offline``: accelerators per quota metric and reservations from the spec; nothing verified."""

from __future__ import annotations

from typing import Any

from aiinfra.preflight.gcp.checks import RESERVED, quota_metric
from aiinfra.preflight.model import CheckResult
from aiinfra.preflight.offline import not_verified


def offline_results(target: Any) -> list[CheckResult]:
    """Every GCP check in report order, computed from the stack alone."""
    results = []
    for pool in target.pools:
        where = pool.zone or f"the zones of {target.region}"
        results.append(
            not_verified("machine-type", f"{pool.machine.machine_type} offered in {where}", pool.name)
        )
    for pool in target.pools:
        if pool.machine.accelerator_kind == "gpu":
            results.append(
                not_verified(
                    "accelerator",
                    f"{pool.machine.accelerator_type} offered in {pool.zone or target.region}",
                    pool.name,
                )
            )
    needs: dict[str, list[Any]] = {}
    for pool in target.pools:
        metric = quota_metric(pool) if pool.capacity not in RESERVED else None
        if metric:
            needs.setdefault(metric, []).append(pool)
    for pool in target.pools:
        if pool.machine.accelerator_kind == "tpu" and pool.capacity not in RESERVED:
            results.append(
                not_verified(
                    "gpu-quota",
                    f"{pool.accelerators} TPU chips; TPU quota is not read by preflight",
                    pool.name,
                )
            )
    for metric, pools in needs.items():
        total = sum(p.accelerators for p in pools)
        results.append(
            not_verified(
                "gpu-quota",
                f"needs {total} of {metric} in {target.region}",
                ",".join(p.name for p in pools),
                metric=metric,
                needed=total,
            )
        )
    for pool in target.pools:
        if pool.reservation_id:
            results.append(
                not_verified(
                    "reservation",
                    f"{pool.reservation_id} in {pool.zone} for {pool.max_nodes} x {pool.machine.machine_type}",
                    pool.name,
                )
            )
    return results
