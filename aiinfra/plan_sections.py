"""Plan sections that show what a stack promised: storage tiers, pool zones and placement, findings.

Read from the validated config (what was asked for) and the recorded resources (where it landed:
the FSx subnet's availability zone, the placement groups and policies that were created, the keys).
"""

from __future__ import annotations

from typing import Any

_PLACEMENT_TYPES = ("aws:ec2/placementGroup:PlacementGroup", "gcp:compute/resourcePolicy:ResourcePolicy")


def _parts(config: Any) -> list[tuple[str, Any]]:
    """(label, blueprint config) for a stack: itself, or a hybrid's on-prem and cloud halves."""
    if getattr(config, "blueprint", None) == "hybrid":
        parts = [("onprem", config.onprem)] if config.onprem is not None else []
        return [*parts, ("cloud", config.cloud)]
    return [("", config)]


def _key(config: Any, tier: str, resources: list[Any]) -> str:
    encryption = config.encryption
    if hasattr(encryption, "key_for"):
        name = f"{config.name}-keys-{encryption.key_for(tier)}"
        known = {r.name for r in resources if r.type in ("aws:kms/key:Key", "gcp:kms/cryptoKey:CryptoKey")}
        return name if name in known else f"{name} (not in plan)"
    return f"Vault transit ({encryption.vault.id})"


def _fsx_zone(resources: list[Any], name: str) -> str | None:
    subnets = {
        r.id: r.inputs.get("availabilityZoneId") for r in resources if r.type == "aws:ec2/subnet:Subnet"
    }
    for r in resources:
        if r.type == "aws:fsx/lustreFileSystem:LustreFileSystem" and r.name.startswith(name):
            ids = r.inputs.get("subnetIds")
            first = ids[0] if isinstance(ids, list) and ids else ids
            return subnets.get(first)
    return None


def storage_rows(config: Any, resources: list[Any]) -> list[dict[str, Any]]:
    """One row per storage tier: tier, kind, size, throughput, zone, key."""
    rows: list[dict[str, Any]] = []
    for label, part in _parts(config):
        prefix = f"{label} " if label else ""
        storage, blueprint = part.storage, part.blueprint
        if blueprint == "onprem":
            rows += _onprem_rows(prefix, part, resources)
            continue
        region = part.region
        hot, warm, cold = storage.hot, storage.warm, storage.cold
        if hot is not None:
            total = hot.capacity_gib / 1024 * hot.throughput_mb_per_tib
            kind = {"lustre": "FSx for Lustre PERSISTENT_2" if blueprint == "aws" else "Managed Lustre"}.get(
                hot.kind, hot.kind
            )
            zone = _fsx_zone(resources, part.name) if blueprint == "aws" else part.hot_zone
            rows.append(
                {
                    "tier": f"{prefix}hot",
                    "kind": kind,
                    "size": f"{hot.capacity_gib} GiB",
                    "throughput": f"{hot.throughput_mb_per_tib} MB/s/TiB (~{total:,.0f} MB/s)",
                    "zone": zone or "unknown",
                    "key": _key(part, "hot", resources),
                }
            )
        if warm is not None:
            perf = ", ".join(
                p
                for p in (
                    f"{warm.iops} IOPS" if warm.iops else "",
                    f"{warm.throughput_mibps} MiB/s" if warm.throughput_mibps else "",
                )
                if p
            )
            rows.append(
                {
                    "tier": f"{prefix}warm",
                    "kind": f"{warm.volume_type} StorageClass",
                    "size": "per volume",
                    "throughput": perf or "volume type default",
                    "zone": "the pod's zone (WaitForFirstConsumer)",
                    "key": _key(part, "warm", resources),
                }
            )
        if cold is not None:
            rows.append(
                {
                    "tier": f"{prefix}cold",
                    "kind": "S3 bucket" if blueprint == "aws" else "GCS bucket",
                    "size": "elastic",
                    "throughput": "-",
                    "zone": f"region {region}",
                    "key": _key(part, "cold", resources),
                }
            )
    return rows


def _onprem_rows(prefix: str, part: Any, resources: list[Any]) -> list[dict[str, Any]]:
    storage, rows = part.storage, []
    key = _key(part, "hot", resources)
    if storage.hot is not None:
        rows.append(
            {
                "tier": f"{prefix}hot",
                "kind": f"{storage.hot.provisioner} node-local NVMe ({storage.hot.fs_type})",
                "size": "per node",
                "throughput": "local NVMe",
                "zone": "the pod's node",
                "key": "node disk encryption (not managed here)",
            }
        )
    if storage.warm is not None:
        rows.append(
            {
                "tier": f"{prefix}warm",
                "kind": f"Rook-Ceph RBD x{storage.warm.replicas} ({storage.warm.failure_domain})",
                "size": "per volume",
                "throughput": "-",
                "zone": "cluster",
                "key": key,
            }
        )
    if storage.cold is not None:
        kind = "Ceph RGW" if storage.cold.kind == "rgw" else f"external S3 {storage.cold.endpoint}"
        rows.append(
            {
                "tier": f"{prefix}cold",
                "kind": f"{kind} bucket {storage.cold.bucket}",
                "size": "elastic",
                "throughput": "-",
                "zone": "cluster",
                "key": key,
            }
        )
    return rows


def service_rows(config: Any) -> list[dict[str, Any]]:
    """One row per enabled platform service (components/services): endpoint, stores, identity."""
    from aiinfra.components.services.summary import service_rows as rows_of
    from aiinfra.components.services.workloads import workload_rows

    rows: list[dict[str, Any]] = []
    for label, part in _parts(config):
        if getattr(part, "services", None) is not None:
            part_rows = [*rows_of(part.services, part.service_facts()), *workload_rows(part)]
            rows += [{**r, "side": label} if label else r for r in part_rows]
    return rows


def pool_placements(config: Any, resources: list[Any]) -> dict[str, dict[str, Any]]:
    """pool name -> {"zones", "placement", "fabric"} as asked for and as created."""
    out: dict[str, dict[str, Any]] = {}
    placements = [r.name for r in resources if r.custom and r.type in _PLACEMENT_TYPES]
    for _, part in _parts(config):
        if part.blueprint == "onprem":
            for pool in part.pools:
                selector = ",".join(f"{k}={v}" for k, v in pool.node_selector.items())
                out[pool.name] = {
                    "zones": f"nodes {selector}",
                    "placement": "existing racks",
                    "fabric_pool": False,
                }
            continue
        region = part.region
        for pool in (*part.pools, *getattr(part, "tpu_slices", ())):
            created = next((f"placement group {n}" for n in placements if f"-{pool.name}-" in f"{n}-"), None)
            created = created or _gke_placement(resources, pool.name)
            asked = pool.fabric.placement
            placement = (
                f"{asked}: {created}" if created else (asked if asked == "none" else f"{asked}: none created")
            )
            out[pool.name] = {
                "zones": pool.zone or f"any zone of {region}",
                "placement": placement,
                "fabric_pool": pool.fabric.type != "none",
                "zone": pool.zone,
            }
    return out


def _gke_placement(resources: list[Any], pool: str) -> str | None:
    for r in resources:
        if r.type == "gcp:container/nodePool:NodePool" and r.name.endswith(f"-{pool}-np"):
            policy = r.inputs.get("placementPolicy") or {}
            if policy:
                extra = ", ".join(f"{k} {v}" for k, v in sorted(policy.items()) if k != "type")
                return f"{policy.get('type', 'policy')} placement" + (f" ({extra})" if extra else "")
    return None


def storage_findings(rows: list[dict[str, Any]], placements: dict[str, dict[str, Any]]) -> list[str]:
    """Findings: the hot tier in another zone than a fabric pool (cross-zone traffic, latency, cost)."""
    findings = []
    hot_zones = [
        r["zone"]
        for r in rows
        if r["tier"].endswith("hot") and r["zone"] not in ("unknown", "the pod's node")
    ]
    for pool, info in placements.items():
        zone = info.get("zone")
        if not info["fabric_pool"] or zone is None:
            continue
        for hot in hot_zones:
            if hot != zone:
                findings.append(
                    f"hot tier is in {hot} but fabric pool {pool} is in {zone}: every read crosses zones "
                    "(latency and inter-zone transfer charges); put the file system in the pool's zone"
                )
    return findings
