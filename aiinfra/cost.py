"""The hourly cost estimate of a planned stack: each pool by its capacity kind, plus fixed costs.

Honest by construction: a pool is priced at a sourced rate for its capacity kind where
aiinfra/pricing.py holds one (Capacity Blocks), otherwise at the catalog's on-demand list price and
labelled "on-demand list price used"; a pool without any price is listed as unpriced and the total
says how many pools it excludes. Fixed costs (control planes, NAT gateways, interface endpoints, the
hot file system's provisioned capacity) are read from the resources the plan actually registers, each
line with its source and date, or marked excluded with the reason. Owned (on-prem) hardware has no
dollar figure at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from aiinfra import billing, pricing

USAGE_EXCLUDED = (
    "usage-based charges excluded: data transfer, NAT and endpoint data processing, object and block "
    "storage, KMS keys and requests, logs"
)


@dataclass(frozen=True)
class PoolCost:
    """One pool's hourly cost at full scale and how it was priced."""

    pool: str
    capacity: str
    nodes: int
    usd_per_hour: float | None
    basis: str
    source: str | None = None
    as_of: str | None = None


@dataclass(frozen=True)
class FixedCost:
    """A cost that does not scale with the pools; ``usd_per_hour`` None means excluded (``basis`` says why)."""

    item: str
    quantity: int
    usd_per_hour: float | None
    basis: str
    source: str | None = None
    as_of: str | None = None


def pool_cost(capacity: Any, region: str | None) -> PoolCost:
    """Price one resolved pool (``PoolCapacity``) by its capacity kind."""
    machine, nodes, kind = capacity.machine, capacity.max_nodes, capacity.capacity
    base = {"pool": capacity.pool, "capacity": kind, "nodes": nodes}
    if machine.cloud == "onprem":
        return PoolCost(**base, usd_per_hour=None, basis="owned hardware: no cloud charge")
    if kind == "capacity_block" and region is not None:
        rate = pricing.CAPACITY_BLOCK_RATES.get((machine.machine_type, region))
        if rate is not None:
            return PoolCost(
                **base,
                usd_per_hour=rate.usd * nodes,
                basis="Capacity Block rate",
                source=rate.source,
                as_of=rate.as_of,
            )
    price = machine.price
    if price is None or not price.published:
        what = "no public price" if price is not None and price.verified else "no sourced price"
        source = price.source if price is not None else None
        as_of = price.as_of if price is not None else None
        return PoolCost(**base, usd_per_hour=None, basis=f"unpriced: {what}", source=source, as_of=as_of)
    reason = {
        "on_demand": "",
        "spot": " (no sourced spot price: spot prices move daily)",
        "capacity_block": f" (no sourced Capacity Block rate for {machine.machine_type} in {region})",
        # unverified: that reserved capacity bills at the on-demand rate (AWS On-Demand Capacity
        # Reservations, GCP reservations without a commitment) is not backed by a source read here.
        "reservation": " (reservations bill at the on-demand rate; discounts not modelled)",
        "flex_start": " (no sourced flex-start price)",
    }.get(kind, "")
    basis = "on-demand list price" if kind == "on_demand" else f"on-demand list price used{reason}"
    if not price.verified:
        basis += "; catalog price unverified"
    return PoolCost(
        **base, usd_per_hour=price.usd_per_hour * nodes, basis=basis, source=price.source, as_of=price.as_of
    )


def _count(resources: Iterable[Any], type_: str) -> list[Any]:
    return [r for r in resources if r.custom and r.type == type_]


def _per_region(table: dict[str, pricing.Rate], region: str | None) -> pricing.Rate | None:
    return table.get(region) if region is not None else None


def fixed_costs(resources: Iterable[Any], aws_region: str | None, gcp_region: str | None) -> list[FixedCost]:
    """Fixed hourly costs of what the plan registers (or excluded, with the reason)."""
    resources = list(resources)
    lines: list[FixedCost] = []
    eks = _count(resources, "aws:eks/cluster:Cluster")
    if eks:
        extended = sum(
            1 for r in eks if (r.inputs.get("upgradePolicy") or {}).get("supportType") == "EXTENDED"
        )
        note = (
            f"; ${pricing.EKS_EXTENDED.usd:.2f}/h per cluster once its version is in extended support"
            if extended
            else ""
        )
        rate = pricing.EKS_STANDARD
        lines.append(
            FixedCost(
                "EKS control plane",
                len(eks),
                rate.usd * len(eks),
                f"standard support{note}",
                rate.source,
                rate.as_of,
            )
        )
    nats = _count(resources, "aws:ec2/natGateway:NatGateway")
    if nats:
        rate = _per_region(pricing.NAT_GATEWAY_RATES, aws_region)
        lines.append(
            FixedCost(
                "NAT gateways",
                len(nats),
                rate.usd * len(nats),
                "hourly charge per gateway",
                rate.source,
                rate.as_of,
            )
            if rate
            else FixedCost(
                "NAT gateways", len(nats), None, f"excluded: no sourced NAT gateway rate for {aws_region}"
            )
        )
    endpoints = [
        r
        for r in _count(resources, "aws:ec2/vpcEndpoint:VpcEndpoint")
        if r.inputs.get("vpcEndpointType") == "Interface"
    ]
    if endpoints:
        az_hours = sum(len(r.inputs.get("subnetIds") or []) or 1 for r in endpoints)
        rate = _per_region(pricing.INTERFACE_ENDPOINT_RATES, aws_region)
        lines.append(
            FixedCost(
                "interface VPC endpoints",
                len(endpoints),
                rate.usd * az_hours,
                f"{az_hours} endpoint-AZs",
                rate.source,
                rate.as_of,
            )
            if rate
            else FixedCost(
                "interface VPC endpoints",
                len(endpoints),
                None,
                f"excluded: no sourced endpoint rate for {aws_region}",
            )
        )
    for fs in _count(resources, "aws:fsx/lustreFileSystem:LustreFileSystem"):
        gib = int(fs.inputs.get("storageCapacity") or 0)
        tier = int(fs.inputs.get("perUnitStorageThroughput") or 0)
        rate = pricing.FSX_LUSTRE_RATES.get((aws_region or "", tier))
        item = f"FSx for Lustre {fs.name} ({gib} GiB at {tier} MB/s/TiB)"
        lines.append(
            FixedCost(
                item,
                1,
                rate.usd * gib / pricing.HOURS_PER_MONTH,
                "provisioned capacity",
                rate.source,
                rate.as_of,
            )
            if rate
            else FixedCost(
                item, 1, None, f"excluded: no sourced FSx for Lustre rate for {tier} MB/s/TiB in {aws_region}"
            )
        )
    gke = _count(resources, "gcp:container/cluster:Cluster")
    if gke:
        rate = pricing.GKE_MANAGEMENT
        lines.append(
            FixedCost(
                "GKE cluster management fee",
                len(gke),
                rate.usd * len(gke),
                "per cluster",
                rate.source,
                rate.as_of,
            )
        )
    lines += system_node_costs(resources, aws_region, gcp_region)
    lines += database_costs(resources)
    for type_, (item, reason) in billing.EXCLUDED_HOURLY.items():
        found = _count(resources, type_)
        if found:
            lines.append(FixedCost(item, len(found), None, f"excluded: {reason}"))
    return lines


def _accelerated(machine_type: Any) -> bool:
    from aiinfra.components.catalog import find

    entry = find(machine_type) if isinstance(machine_type, str) else None
    return entry is not None and entry.accelerator_count > 0


def _max_nodes(value: Any) -> int | None:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def system_node_costs(
    resources: list[Any], aws_region: str | None, gcp_region: str | None
) -> list[FixedCost]:
    """Node groups and node pools without accelerators (the system pools): priced per node at full
    scale where a general-purpose rate is sourced, else excluded by name. Accelerator pools are priced
    as pools (``pool_cost``), never here."""
    lines: list[FixedCost] = []
    for ng in _count(resources, "aws:eks/nodeGroup:NodeGroup"):
        types = [t for t in ng.inputs.get("instanceTypes") or [] if isinstance(t, str)]
        if not types or any(_accelerated(t) for t in types):
            continue  # accelerator pools (Capacity Block pools keep their type in the launch template)
        nodes = _max_nodes((ng.inputs.get("scalingConfig") or {}).get("maxSize"))
        item = f"EKS node group {ng.name} ({nodes or '?'} x {types[0]})"
        rate = pricing.EC2_US_EAST_1_RATES.get(types[0])
        if rate is None or nodes is None:
            why = "unknown node count" if nodes is None else f"no sourced rate for {types[0]}"
            lines.append(FixedCost(item, 1, None, f"excluded: {why}"))
            continue
        where = "" if aws_region in (None, "us-east-1") else f"; us-east-1 list price used for {aws_region}"
        lines.append(
            FixedCost(item, 1, rate.usd * nodes, f"{nodes} nodes at max{where}", rate.source, rate.as_of)
        )
    for pool in _count(resources, "gcp:container/nodePool:NodePool"):
        machine = (pool.inputs.get("nodeConfig") or {}).get("machineType")
        if not isinstance(machine, str) or _accelerated(machine):
            continue
        auto = pool.inputs.get("autoscaling") or {}
        per_zone = _max_nodes(auto.get("maxNodeCount") or pool.inputs.get("nodeCount"))
        total = _max_nodes(auto.get("totalMaxNodeCount"))
        locations = [z for z in pool.inputs.get("nodeLocations") or [] if isinstance(z, str)]
        location = pool.inputs.get("location")
        regional = isinstance(location, str) and location.count("-") == 1
        zones = len(locations) or (3 if regional else 1)
        zone_note = "" if locations or not regional else "; 3 zones assumed (a regional cluster's default)"
        nodes = total if total is not None else (per_zone * zones if per_zone is not None else None)
        item = f"GKE node pool {pool.name} ({nodes or '?'} x {machine})"
        region = location if regional else gcp_region
        rate = pricing.GCE_RATES.get((machine, str(region)))
        if rate is None or nodes is None:
            why = "unknown node count" if nodes is None else f"no sourced rate for {machine} in {region}"
            lines.append(FixedCost(item, 1, None, f"excluded: {why}"))
            continue
        lines.append(
            FixedCost(item, 1, rate.usd * nodes, f"{nodes} nodes at max{zone_note}", rate.source, rate.as_of)
        )
    return lines


def database_costs(resources: list[Any]) -> list[FixedCost]:
    """Managed database instances: named with their class, excluded until a rate is sourced."""
    lines: list[FixedCost] = []
    for db in _count(resources, "aws:rds/instance:Instance"):
        i = db.inputs
        multi = ", Multi-AZ: two instances" if i.get("multiAz") is True else ""
        item = f"RDS {db.name} ({i.get('instanceClass')}, {i.get('engine')}{multi})"
        lines.append(FixedCost(item, 1, None, f"excluded: no sourced RDS rate for {i.get('instanceClass')}"))
    for db in _count(resources, "gcp:sql/databaseInstance:DatabaseInstance"):
        settings = db.inputs.get("settings") or {}
        tier, ha = settings.get("tier"), settings.get("availabilityType")
        item = f"Cloud SQL {db.name} ({tier}{', ' + str(ha) if ha else ''})"
        lines.append(FixedCost(item, 1, None, f"excluded: no sourced Cloud SQL rate for {tier}"))
    return lines


def estimate(config: Any, resources: Iterable[Any]) -> dict[str, Any]:
    """The ``cost`` section of a plan summary (JSON-able)."""
    context = config.offline_context() if hasattr(config, "offline_context") else {}
    aws_region, gcp_region = context.get("aws_region"), context.get("gcp_region")
    region = aws_region or gcp_region
    capacities = config.capacity_at_scale() if hasattr(config, "capacity_at_scale") else []
    pools = [pool_cost(c, region) for c in capacities]
    owned = [p for p in pools if p.basis.startswith("owned")]
    cloud_pools = [p for p in pools if p not in owned]
    resources = list(resources)
    fixed = fixed_costs(resources, aws_region, gcp_region)
    if not cloud_pools and not fixed:
        return {
            "applicable": False,
            "note": (
                "owned hardware: no cloud charge is estimated"
                if owned
                else "no hourly-priced resources in this plan"
            ),
            "unclassified_types": billing.unclassified(r.type for r in resources if r.custom),
            "pools": [asdict(p) for p in pools],
            "fixed": [],
        }
    priced = [p.usd_per_hour for p in cloud_pools if p.usd_per_hour is not None]
    fixed_priced = [f.usd_per_hour for f in fixed if f.usd_per_hour is not None]
    by_basis: dict[str, int] = defaultdict(int)
    for p in cloud_pools:
        by_basis[p.basis.split(" (")[0].split(";")[0]] += 1
    return {
        "applicable": True,
        "pools": [asdict(p) for p in pools],
        "fixed": [asdict(f) for f in fixed],
        "pools_usd_per_hour": round(sum(priced), 2),
        "fixed_usd_per_hour": round(sum(fixed_priced), 2),
        "total_usd_per_hour": round(sum(priced) + sum(fixed_priced), 2),
        "excluded_pools": [p.pool for p in cloud_pools if p.usd_per_hour is None],
        "excluded_fixed": [f.item for f in fixed if f.usd_per_hour is None],
        "unclassified_types": billing.unclassified(r.type for r in resources if r.custom),
        "pool_bases": dict(sorted(by_basis.items())),
        "note": USAGE_EXCLUDED,
    }
