"""AIP-PERF: the performance envelope (fabric a multi-node training pool gets, where it reads its data)."""

from __future__ import annotations

from collections.abc import Iterator

from ..access import as_float, as_list, get, strings
from ..registry import Res, RuleContext, StackView, rule, string_list
from .common import (
    EKS_NODE_GROUP,
    FSX_LUSTRE,
    GCP_LUSTRE,
    GKE_NODE_POOL,
    LAUNCH_TEMPLATE,
    SUBNET,
    catalog_entry,
    efa_interfaces,
    is_accelerator_node_group,
    node_group_types,
)

GCP_NETWORK = "gcp:compute/network:Network"
_GPUDIRECT = ("tcpx", "tcpxo", "rdma")


def _training(labels: object, ctx: RuleContext) -> bool:
    workload = str(get(labels, "workload") or "").lower() if labels is not None else ""
    return workload not in ctx.words("statelessWorkloads")


def _zones_of(stack: StackView, urns: list[str]) -> set[str]:
    return {
        str(get(s.props, "availabilityZoneId") or get(s.props, "availabilityZone"))
        for s in stack.resolve(urns, SUBNET)
    }


def _aws_pool(ng: Res, stack: StackView, ctx: RuleContext, hot_zones: set[str]) -> Iterator[str]:
    if (as_float(get(ng.props, "scalingConfig", "maxSize")) or 0) <= 1:
        return
    if not _training(get(ng.props, "labels"), ctx):
        return
    if not is_accelerator_node_group(ng):  # e.g. the CPU system node group: runs no training
        return
    templates = stack.resolve(ng.deps_of("launchTemplate"), LAUNCH_TEMPLATE)
    types = node_group_types(ng) or [t for lt in templates for t in strings(get(lt.props, "instanceType"))]
    machine = next((m for m in map(catalog_entry, types) if m is not None), None)
    if machine is not None and machine.fabric == "efa" and machine.fabric_interfaces > 0:
        wired = max((len(efa_interfaces(lt.props)) for lt in templates), default=0)
        if wired < machine.fabric_interfaces:
            yield (
                f"multi-node training pool '{ng.name}' wires {wired} of the {machine.fabric_interfaces} EFA "
                f"interfaces of {machine.machine_type} ({100 * wired // machine.fabric_interfaces}% of its fabric)."
            )
    zones = _zones_of(stack, ng.deps_of("subnetIds"))
    if hot_zones and zones and zones != hot_zones:
        yield (
            f"multi-node training pool '{ng.name}' runs in {', '.join(sorted(zones))} but the hot tier is in "
            f"{', '.join(sorted(hot_zones))}: data is read across zones."
        )


def _gpudirect_wired(pool: Res, fabric: str, stack: StackView) -> int:
    configs = as_list(get(pool.props, "networkConfig", "additionalNodeNetworkConfigs"))
    if fabric != "rdma":
        return len(configs)
    roce = {
        get(n.props, "name")
        for n in stack.of(GCP_NETWORK)
        if "roce" in str(get(n.props, "networkProfile") or "")
    }
    return sum(1 for c in configs if get(c, "network") in roce)


def _gcp_pool(pool: Res, stack: StackView, ctx: RuleContext, hot_zones: set[str]) -> Iterator[str]:
    autoscaling = get(pool.props, "autoscaling")
    largest = max(
        (
            as_float(v) or 0
            for v in (
                get(autoscaling, "totalMaxNodeCount") if autoscaling is not None else None,
                get(autoscaling, "maxNodeCount") if autoscaling is not None else None,
                get(pool.props, "nodeCount"),
            )
        ),
        default=0,
    )
    if largest <= 1 or not _training(get(pool.props, "nodeConfig", "labels"), ctx):
        return
    machine = catalog_entry(str(get(pool.props, "nodeConfig", "machineType") or ""))
    if machine is not None and machine.fabric in _GPUDIRECT and machine.fabric_interfaces > 0:
        wired = _gpudirect_wired(pool, machine.fabric, stack)
        if (
            get(pool.props, "networkConfig", "acceleratorNetworkProfile") == "auto"
            and machine.fabric == "rdma"
        ):
            wired = machine.fabric_interfaces  # DRANET: GKE attaches every RDMA NIC of the machine
        if wired < machine.fabric_interfaces:
            yield (
                f"multi-node training pool '{pool.name}' wires {wired} of the {machine.fabric_interfaces} "
                f"{machine.fabric.upper()} GPU NICs of {machine.machine_type} "
                f"({100 * wired // machine.fabric_interfaces}% of its fabric)."
            )
    zones = set(strings(get(pool.props, "nodeLocations")))
    if hot_zones and zones and zones != hot_zones:
        yield (
            f"multi-node training pool '{pool.name}' runs in {', '.join(sorted(zones))} but the hot tier is in "
            f"{', '.join(sorted(hot_zones))}: data is read across zones."
        )


@rule(
    "AIP-PERF-001",
    "fabric-envelope",
    title="Multi-node training pools get all of their fabric and read data in their zone",
    severity="medium",
    enforcement="advisory",
    types=(EKS_NODE_GROUP, GKE_NODE_POOL, LAUNCH_TEMPLATE, FSX_LUSTRE, GCP_LUSTRE),
    stack=True,
    description="Multi-node training pools (more than one node, not labelled workload=inference/serving) wire every EFA interface or GPUDirect NIC their machine type has (from the catalog) and run in the zone of the file-system hot tier.",
    remediation="Enable the pool's fabric with all interfaces (fabric.type efa/tcpx/tcpxo/rdma, no fabric.interfaces cap) and pin the pool and the hot tier (FSx subnet, Managed Lustre zone) to the same zone; `aiinfra plan` shows the envelope per pool.",
    unknown="Unknown machine types, interfaces, labels, node counts or zones give an unknown verdict; zones are resolved through the subnets' property dependencies (AWS).",
    references=("AWS EC2 DescribeInstanceTypes EfaInfo", "GCP GPU network bandwidth"),
    config={"statelessWorkloads": string_list(["inference", "serving"])},
)
def perf_001(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    aws_hot: set[str] = set()
    for fs in stack.of(FSX_LUSTRE):
        aws_hot |= _zones_of(stack, fs.deps_of("subnetIds"))
    gcp_hot = {str(get(fs.props, "location")) for fs in stack.of(GCP_LUSTRE)}
    for ng in stack.of(EKS_NODE_GROUP):
        for message in _aws_pool(ng, stack, ctx, aws_hot):
            yield ng.urn, message
    for pool in stack.of(GKE_NODE_POOL):
        for message in _gcp_pool(pool, stack, ctx, gcp_hot):
            yield pool.urn, message
