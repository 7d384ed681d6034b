"""GCP checks (Compute Engine API, read-only): machine types and accelerators per zone, GPU quotas
per accelerator family, reservations. Verdicts as on AWS: pass, fail, or warn "cannot verify: ..."."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aiinfra.preflight.aws.verdict import each, verdict
from aiinfra.preflight.gcp.session import GcpContext
from aiinfra.preflight.gcp.target import GcpPoolTarget
from aiinfra.preflight.model import CannotVerify, CheckResult
from aiinfra.preflight.registry import register

# Compute Engine regional quota metric per GKE accelerator type. The metric names follow the
# Compute Engine quotas page's GPU list (NVIDIA_<MODEL>_GPUS, PREEMPTIBLE_ for Spot); unverified
# against a live project from this machine: an absent metric is reported as "cannot verify".
GPU_QUOTA_METRICS: dict[str, str] = {
    "nvidia-tesla-a100": "NVIDIA_A100_GPUS",
    "nvidia-a100-80gb": "NVIDIA_A100_80GB_GPUS",
    "nvidia-h100-80gb": "NVIDIA_H100_GPUS",
    "nvidia-h100-mega-80gb": "NVIDIA_H100_MEGA_GPUS",
    "nvidia-h200-141gb": "NVIDIA_H200_GPUS",
    "nvidia-b200": "NVIDIA_B200_GPUS",
    "nvidia-l4": "NVIDIA_L4_GPUS",
}
RESERVED = ("reservation",)


def quota_metric(pool: GcpPoolTarget) -> str | None:
    """The regional quota metric a GPU pool draws on (``PREEMPTIBLE_`` prefix for Spot)."""
    base = GPU_QUOTA_METRICS.get(str(pool.machine.accelerator_type))
    if base is None:
        return None
    return f"PREEMPTIBLE_{base}" if pool.capacity == "spot" else base


@register(
    "gcp", "machine-type", "each pool's machine type is offered in its zone", ["compute.machineTypes.get"]
)
def machine_type(ctx: GcpContext) -> Iterator[CheckResult]:
    """machineTypes.get in each pinned pool's zone."""
    yield from each("machine-type", ctx.target.pools, lambda p: _machine_type(ctx, p), lambda p: p.name)


def _machine_type(ctx: GcpContext, pool: GcpPoolTarget) -> CheckResult:
    if pool.zone is None:
        return CheckResult(
            "machine-type", "skipped", "pool pins no zone; GKE picks zones of the region", pool.name
        )
    found = ctx.gcp.get(
        "machineTypes", "compute.machineTypes.get", zone=pool.zone, machineType=pool.machine.machine_type
    )
    if found is None:
        return CheckResult(
            "machine-type", "fail", f"{pool.machine.machine_type} is not offered in {pool.zone}", pool.name
        )
    cpus = found.get("guestCpus")
    fails = []
    if cpus is not None and int(cpus) != pool.machine.vcpus:
        fails.append(
            f"{pool.machine.machine_type} has {cpus} vCPUs in {pool.zone}, the catalog says {pool.machine.vcpus}."
        )
    if found.get("deprecated", {}).get("state") in ("OBSOLETE", "DELETED"):
        fails.append(f"{pool.machine.machine_type} is {found['deprecated']['state']} in {pool.zone}.")
    return verdict(
        "machine-type",
        f"{pool.machine.machine_type} is offered in {pool.zone}",
        fails=fails,
        warns=[],
        pool=pool.name,
    )


@register(
    "gcp",
    "accelerator",
    "each GPU pool's accelerator type is offered in its zone",
    ["compute.acceleratorTypes.get"],
)
def accelerator(ctx: GcpContext) -> Iterator[CheckResult]:
    """acceleratorTypes.get for every GPU pool (TPU slices are covered by machine-type)."""
    gpu = [p for p in ctx.target.pools if p.machine.accelerator_kind == "gpu"]
    yield from each("accelerator", gpu, lambda p: _accelerator(ctx, p), lambda p: p.name)


def _accelerator(ctx: GcpContext, pool: GcpPoolTarget) -> CheckResult:
    kind = str(pool.machine.accelerator_type)
    if pool.zone is None:
        return CheckResult("accelerator", "skipped", "pool pins no zone", pool.name)
    found = ctx.gcp.get(
        "acceleratorTypes", "compute.acceleratorTypes.get", zone=pool.zone, acceleratorType=kind
    )
    if found is None:
        return CheckResult("accelerator", "fail", f"{kind} is not offered in {pool.zone}", pool.name)
    most = found.get("maximumCardsPerInstance")
    fails = []
    if most is not None and int(most) < pool.machine.accelerator_count:
        fails.append(
            f"{kind} allows {most} per VM in {pool.zone}; {pool.machine.machine_type} needs {pool.machine.accelerator_count}."
        )
    return verdict("accelerator", f"{kind} is offered in {pool.zone}", fails=fails, warns=[], pool=pool.name)


@register(
    "gcp",
    "gpu-quota",
    "regional GPU quota of each accelerator family covers the pools' max accelerators",
    ["compute.regions.get"],
)
def gpu_quota(ctx: GcpContext) -> Iterator[CheckResult]:
    """regions.get quotas: limit - usage >= sum of accelerators of the pools drawing on each metric."""
    needs: dict[str, list[GcpPoolTarget]] = {}
    for pool in ctx.target.pools:
        if pool.capacity in RESERVED:
            continue  # the reservation already holds the capacity (checked by reservation)
        if pool.machine.accelerator_kind == "tpu":
            yield CannotVerify(
                "TPU quota is a Cloud TPU / GKE TPU quota, not a Compute Engine regional metric; not read here"
            ).result("gpu-quota", pool.name)
            continue
        metric = quota_metric(pool)
        if metric is None:
            yield CannotVerify(f"no quota metric is known for {pool.machine.accelerator_type}").result(
                "gpu-quota", pool.name
            )
            continue
        needs.setdefault(metric, []).append(pool)
    if not needs:
        return
    try:
        region = ctx.gcp.get("regions", "compute.regions.get", region=ctx.target.region)
    except CannotVerify as exc:
        for pools in needs.values():
            yield exc.result("gpu-quota", ",".join(p.name for p in pools))
        return
    quotas = {q.get("metric"): q for q in (region or {}).get("quotas", [])}
    for metric, pools in needs.items():
        label = ",".join(p.name for p in pools)
        needed = sum(p.accelerators for p in pools)
        quota = quotas.get(metric)
        if quota is None:
            yield CannotVerify(f"region {ctx.target.region} reports no {metric} quota").result(
                "gpu-quota", label
            )
            continue
        free = float(quota.get("limit", 0)) - float(quota.get("usage", 0))
        detail = {
            "metric": metric,
            "needed": needed,
            "limit": quota.get("limit"),
            "usage": quota.get("usage"),
        }
        text = (
            f"{metric} in {ctx.target.region}: {free:g} free of {quota.get('limit'):g}, pools need {needed}"
        )
        if free < needed:
            yield CheckResult("gpu-quota", "fail", text + "; request a quota increase", label, detail)
        else:
            yield CheckResult("gpu-quota", "pass", text, label, detail)


@register(
    "gcp",
    "reservation",
    "each reservation pool's reservation exists, is READY and holds max nodes of its type",
    ["compute.reservations.get"],
)
def reservation(ctx: GcpContext) -> Iterator[CheckResult]:
    """reservations.get in the pool's zone for every pool with capacity 'reservation'."""
    pools = [p for p in ctx.target.pools if p.reservation_id]
    if not pools:
        yield CheckResult("reservation", "skipped", "no pool targets a reservation")
        return
    yield from each("reservation", pools, lambda p: _reservation(ctx, p), lambda p: p.name)


def _reservation(ctx: GcpContext, pool: GcpPoolTarget) -> CheckResult:
    name = str(pool.reservation_id).rsplit("/", 1)[-1]
    if pool.zone is None:
        raise CannotVerify("the pool pins no zone; a reservation is zonal")
    found: dict[str, Any] | None = ctx.gcp.get(
        "reservations", "compute.reservations.get", zone=pool.zone, reservation=name
    )
    if found is None:
        return CheckResult(
            "reservation", "fail", f"reservation {name} does not exist in {pool.zone}", pool.name
        )
    fails, warns = [], []
    status = found.get("status")
    if status != "READY":
        fails.append(f"reservation {name} is {status}, not READY.")
    specific = found.get("specificReservation") or {}
    count = int(specific.get("count", 0))
    in_use = int(specific.get("inUseCount", 0))
    reserved_type = (specific.get("instanceProperties") or {}).get("machineType")
    if reserved_type and reserved_type != pool.machine.machine_type:
        fails.append(f"it reserves {reserved_type}, the pool runs {pool.machine.machine_type}.")
    if count < pool.max_nodes:
        fails.append(f"it holds {count} VMs, the pool scales to {pool.max_nodes}.")
    elif count - in_use < pool.max_nodes:
        warns.append(
            f"{in_use} of its {count} VMs are in use; {count - in_use} free for {pool.max_nodes} nodes."
        )
    if not found.get("specificReservationRequired", False):
        warns.append("it is not specificReservationRequired: other workloads may consume it.")
    ok = f"reservation {name} is READY in {pool.zone} with {count} x {reserved_type}"
    detail = {"count": count, "in_use": in_use, "status": status}
    return verdict("reservation", ok, fails=fails, warns=warns, pool=pool.name, detail=detail)
