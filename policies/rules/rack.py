"""Rack-scale and Grace-based accelerator pools: the node image matches the host CPU, and a GB200/GB300
NVL72 rack is placed and sized as one NVLink domain (facts from the accelerator catalog)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..access import as_float, get, strings
from ..registry import Res, RuleContext, StackView, rule
from .common import EKS_NODE_GROUP, GKE_NODE_POOL, LAUNCH_TEMPLATE, catalog_entry


def _node_group_types(ng: Res, stack: StackView) -> list[str]:
    """Instance types of a node group: its own, else the one in the launch template it uses (EKS puts a
    Capacity Block's type there)."""
    types = strings(get(ng.props, "instanceTypes"))
    if types:
        return types
    out = []
    for lt in stack.resolve(ng.deps_of("launchTemplate"), LAUNCH_TEMPLATE):
        out += strings(get(lt.props, "instanceType"))
    return out


def _ami_architecture(ami: str) -> str | None:
    """``arm64`` / ``x86_64`` from an EKS AMI type (AL2023_ARM_64_NVIDIA, BOTTLEROCKET_x86_64_NVIDIA…)."""
    upper = ami.upper()
    if "ARM_64" in upper:
        return "arm64"
    if "X86_64" in upper:
        return "x86_64"
    return None


@rule(
    "AIP-GPU-020",
    "accelerated-ami-architecture",
    title="Accelerated node groups boot an AMI of their instances' CPU architecture",
    severity="high",
    enforcement="mandatory",
    types=(EKS_NODE_GROUP, LAUNCH_TEMPLATE),
    stack=True,
    description="An EKS node group of Grace-based instances (p6e-gb200, arm64 in the catalog) uses an ARM_64 AMI type and an x86_64 instance type an x86_64 one; the instance type is read from the node group or, when the node group has none (Capacity Blocks), from its launch template.",
    remediation="Set ami_type to AL2023_ARM_64_NVIDIA (or BOTTLEROCKET_ARM_64_NVIDIA) for arm64 accelerated instances; aiinfra's node pools pick it from the catalog's cpu_architecture.",
    unknown="An unknown AMI type or instance type gives an unknown verdict; AMI types without an architecture (CUSTOM) and types not in the catalog are not judged.",
    references=("EKS AMI types (terraform-aws-eks SSM paths)", "aiinfra catalog cpu_architecture"),
    equivalents=(
        "The instance type is the same whether it is listed on the node group (instanceTypes) or only in the launch template the node group uses (Capacity Blocks): both spellings get one verdict.",
        "AL2023 and Bottlerocket AMI types of one architecture are alike (AL2023_ARM_64_NVIDIA, BOTTLEROCKET_ARM_64_NVIDIA).",
    ),
    peers=(),
)
def gpu_020(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    for ng in stack.of(EKS_NODE_GROUP):
        ami = get(ng.props, "amiType")
        if not isinstance(ami, str) or _ami_architecture(ami) is None:
            continue
        for machine_type in _node_group_types(ng, stack):
            entry = catalog_entry(machine_type)
            if entry is None or entry.cpu_architecture == _ami_architecture(ami):
                continue
            yield (
                ng.urn,
                f"node group '{ng.name}' runs {machine_type} ({entry.cpu_architecture}) on AMI type {ami} "
                f"({_ami_architecture(ami)}): the nodes cannot boot it.",
            )


def _largest(pool: Res) -> float | None:
    values = [
        as_float(get(pool.props, "autoscaling", "totalMaxNodeCount")),
        as_float(get(pool.props, "autoscaling", "maxNodeCount")),
        as_float(get(pool.props, "nodeCount")),
        as_float(get(pool.props, "initialNodeCount")),
    ]
    known = [v for v in values if v is not None]
    return max(known) if known else None


def _gke_rack(pool: Res, entry: Any) -> Iterator[str]:
    rack = entry.rack
    if not get(pool.props, "placementPolicy", "policyName"):
        yield (
            f"node pool '{pool.name}' of {entry.machine_type} is not placed by a workload policy "
            f"(placementPolicy.policyName of a HIGH_THROUGHPUT policy with accelerator_topology "
            f"{rack.accelerator_topology}): its nodes need not share one NVLink domain."
        )
    size = _largest(pool)
    if size is not None and size > rack.hosts:
        yield (
            f"node pool '{pool.name}' can grow to {size:g} x {entry.machine_type}, more than one "
            f"{rack.hosts}-host rack: one node pool per NVLink domain."
        )


def _eks_rack(ng: Res, entry: Any) -> Iterator[str]:
    rack = entry.rack
    for key in ("minSize", "maxSize", "desiredSize"):
        value = as_float(get(ng.props, "scalingConfig", key))
        if value is not None and value % rack.hosts:
            yield (
                f"node group '{ng.name}' scalingConfig.{key} {value:g} is not a whole number of "
                f"{rack.hosts}-host {entry.machine_type} racks."
            )


@rule(
    "AIP-GPU-021",
    "rack-scale-pools",
    title="Rack-scale pools are placed and sized as whole NVLink domains",
    severity="high",
    enforcement="mandatory",
    types=(EKS_NODE_GROUP, GKE_NODE_POOL, LAUNCH_TEMPLATE),
    stack=True,
    description="Pools of rack-scale machine types (GB200/GB300 NVL72 hosts: a4x-*, p6e-gb200.36xlarge; Trn2 UltraServer members) hold whole racks: a GKE node pool is placed by a workload policy (placementPolicy.policyName) and holds at most one rack; an EKS node group's min/max/desired sizes are multiples of the rack's host count.",
    remediation="On GKE create one node pool per rack with placement_policy.policy_name naming a HIGH_THROUGHPUT workload policy (accelerator_topology 1x72) and at most 18 nodes; on EKS size UltraServer node groups in multiples of 18 (aiinfra validates both before planning).",
    unknown="Unknown machine types, sizes or placement give an unknown verdict.",
    references=("Cluster Toolkit v1.95.0 examples/gke-a4x (workload_policy 1x72)", "EC2 UltraServers"),
    equivalents=(
        "A GKE pool's size is its largest of autoscaling.totalMaxNodeCount, autoscaling.maxNodeCount, nodeCount and initialNodeCount: a fixed 36-node pool and an autoscaled one up to 36 are the same two racks.",
    ),
    peers=(),
)
def gpu_021(stack: StackView, ctx: RuleContext) -> Iterator[tuple[str | None, str]]:
    for pool in stack.of(GKE_NODE_POOL):
        machine = get(pool.props, "nodeConfig", "machineType")
        entry = catalog_entry(machine) if isinstance(machine, str) else None
        if entry is not None and getattr(entry, "rack", None) is not None:
            for message in _gke_rack(pool, entry):
                yield pool.urn, message
    for ng in stack.of(EKS_NODE_GROUP):
        for machine_type in _node_group_types(ng, stack):
            entry = catalog_entry(machine_type)
            if entry is not None and getattr(entry, "rack", None) is not None:
                for message in _eks_rack(ng, entry):
                    yield ng.urn, message
