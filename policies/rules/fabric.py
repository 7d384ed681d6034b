"""Scale-out fabric on multi-node accelerator pools (AIP-NET-090).

A multi-node pool of a fabric-capable machine type (EFA on AWS; GPUDirect TCPX / TCPXO / RDMA on
GCP, per the accelerator catalog) that is planned without that fabric runs multi-node jobs over the
primary NIC only. The blueprints give such pools their fabric by default; turning it off is allowed
(inference replicas need no GPU-to-GPU traffic) and reported here with the bandwidth given up.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from ..access import as_float, as_list, get
from ..registry import RuleContext, StackView, rule
from .common import (
    EKS_NODE_GROUP,
    GKE_NODE_POOL,
    LAUNCH_TEMPLATE,
    catalog_entry,
    efa_interfaces,
    node_group_types,
)

GPUDIRECT = ("tcpx", "tcpxo", "rdma")


@cache
def _entry(machine_type: str) -> Any:
    """Catalog entry of a machine type, looked up once per type (fleets repeat a few types)."""
    return catalog_entry(machine_type)


def _given_up(entry: Any) -> str:
    fabric = str(entry.fabric).upper()
    return (
        f"its {entry.fabric_interfaces} {fabric} interface(s) ({entry.network_gbps:g} Gbps per node with the "
        f"fabric, catalog); multi-node jobs would run over the primary NIC only"
    )


def _first(*values: Any) -> float | None:
    for value in values:
        number = as_float(value)
        if number is not None:
            return number
    return None


@rule(
    "AIP-NET-090",
    "multinode-pool-without-fabric",
    title="Multi-node pools of fabric-capable machines use their fabric",
    severity="medium",
    enforcement="advisory",
    types=(EKS_NODE_GROUP, GKE_NODE_POOL),
    stack=True,
    description="An EKS node group or GKE node pool that can grow beyond one node, on a machine type whose "
    "catalog entry has a scale-out fabric (EFA, TCPX, TCPXO, RDMA), carries that fabric: EFA interfaces in "
    "its launch template, or GPUDirect additional node networks (or a DRANET accelerator network profile).",
    remediation="Leave fabric.type unset (multi-node pools get their fabric by default) or set it to the "
    "machine's fabric; keep fabric.type: none only for pools whose jobs never span nodes (e.g. inference).",
    unknown="An unknown machine type, size or network setting gives an unknown verdict.",
    references=("aiinfra catalog (components/catalog)", "GCP GPUDirect-TCPX/TCPXO, AWS EFA user guides"),
)
def net_090(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    for ng in stack.of(EKS_NODE_GROUP):
        types = node_group_types(ng)
        template = None
        if not types or any(
            _entry(t) is not None and _entry(t).efa_capable for t in types if isinstance(t, str)
        ):
            templates = stack.resolve(ng.deps_of("launchTemplate"), LAUNCH_TEMPLATE)
            template = templates[0] if templates else None
        types = types or ([get(template.props, "instanceType")] if template else [])
        capable = [e for e in map(_entry, (t for t in types if isinstance(t, str))) if e and e.efa_capable]
        if not capable:
            continue
        size = _first(
            get(ng.props, "scalingConfig", "maxSize"), get(ng.props, "scalingConfig", "desiredSize")
        )
        if size is None or size <= 1:
            continue
        if template is not None and efa_interfaces(template.props):
            continue
        entry = capable[0]
        yield (
            ng.urn,
            f"node group '{ng.name}' can run {size:g} x {entry.machine_type} without EFA: it gives up "
            + _given_up(entry)
            + ".",
        )
    for pool in stack.of(GKE_NODE_POOL):
        machine = get(pool.props, "nodeConfig", "machineType")
        entry = _entry(machine) if isinstance(machine, str) else None
        if entry is None or entry.fabric not in GPUDIRECT:
            continue
        size = _first(
            get(pool.props, "autoscaling", "totalMaxNodeCount"),
            get(pool.props, "autoscaling", "maxNodeCount"),
            get(pool.props, "nodeCount"),
            get(pool.props, "initialNodeCount"),
        )
        if size is None or size <= 1:
            continue
        if as_list(get(pool.props, "networkConfig", "additionalNodeNetworkConfigs")):
            continue
        if get(pool.props, "networkConfig", "acceleratorNetworkProfile"):
            continue  # DRANET wires the RDMA NICs itself
        yield (
            pool.urn,
            f"node pool '{pool.name}' can run {size:g} x {entry.machine_type} without its "
            f"{entry.fabric.upper()} networks: it gives up " + _given_up(entry) + ".",
        )
