"""GKE GPU node pools: guest accelerators from the catalog, GPUDirect networks, compact placement,
reservations / spot / flex-start, CMEK boot disks, shielded nodes and the GKE metadata server."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, Self

import pulumi
from pydantic import model_validator

from ..base import Component
from ..catalog import MachineType
from ..spec.pool import AcceleratorPoolSpec
from .cluster import CLOUD_PLATFORM, GKE_METADATA, SHIELDED
from .common import gke_taints, node_labels, reservation_affinity
from .fabric import GPUDIRECT_FABRICS, FabricNetworks
from .maintenance import check_reservation_target

GCP_CAPACITY = ("on_demand", "spot", "reservation", "flex_start")
GCP_FABRICS = ("none", *GPUDIRECT_FABRICS)
FLEX_COMPACT_FABRICS = ("rdma",)
"""Flex-start with COMPACT placement is only offered on A3 Ultra / A4 (RDMA families; CTK PR #5579)."""

LOCAL_SSD_GB = 375
# Boot disk types by family (assumption, unverified per family): A3 Ultra / A4 boot only from Hyperdisk.
_DISK_TYPES = {
    "a3-ultragpu": "hyperdisk-balanced",
    "a4-highgpu": "hyperdisk-balanced",
    "a3-megagpu": "pd-ssd",
    "a3-highgpu": "pd-ssd",
}


def check_gcp_capacity(pool: AcceleratorPoolSpec) -> None:
    """Capacity and placement values that do not exist on GCP."""
    if pool.capacity not in GCP_CAPACITY:
        raise ValueError(
            f"capacity: {pool.capacity!r} is an AWS capacity type (allowed on GCP: {', '.join(GCP_CAPACITY)})"
        )
    if pool.fabric.placement == "cluster":
        raise ValueError(
            "fabric.placement: 'cluster' is AWS-only (allowed on GCP: auto, compact, workload_policy, none)"
        )
    if pool.reservation_id is not None:
        try:
            check_reservation_target(pool.reservation_id)
        except ValueError as exc:
            raise ValueError(f"reservation_id: {exc}") from None


def boot_disk_type(machine: MachineType) -> str:
    """The boot disk type a GPU machine family supports."""
    family = machine.machine_type.rsplit("-", 1)[0]
    return _DISK_TYPES.get(family, "pd-balanced")


class GpuPoolSpec(AcceleratorPoolSpec):
    """A GKE GPU node pool: the neutral pool spec plus GKE-only settings, validated for GCP.

    ``queued_provisioning`` turns a flex-start pool into a ProvisioningRequest (DWS) pool.
    """

    catalog_cloud = "gcp"
    gpu_driver_version: Literal["DEFAULT", "LATEST", "INSTALLATION_DISABLED"] = "LATEST"
    """GKE-managed NVIDIA driver: DEFAULT, LATEST, or INSTALLATION_DISABLED."""
    queued_provisioning: bool = False
    """flex_start only: provision through a ProvisioningRequest (DWS queued)."""
    auto_upgrade: bool = True
    """let GKE upgrade the pool's nodes."""

    @model_validator(mode="after")
    def _check_gke(self) -> Self:
        check_gcp_capacity(self)
        machine = self.machine("gcp")
        if machine.accelerator_kind != "gpu":
            raise ValueError(
                f"machine_type: {machine.machine_type} is a TPU machine type; declare it under tpu_slices"
            )
        if self.accelerator_count is not None and self.accelerator_count != machine.accelerator_count:
            raise ValueError(
                f"accelerator_count: {machine.machine_type} carries {machine.accelerator_count} x "
                f"{machine.accelerator_type}, not {self.accelerator_count}"
            )
        fabric = self.fabric
        if fabric.type not in GCP_FABRICS:
            raise ValueError(
                f"fabric.type: {fabric.type!r} is not a GCP fabric (allowed: {', '.join(GCP_FABRICS)})"
            )
        if fabric.type != "none" and fabric.interfaces not in (None, machine.fabric_interfaces):
            raise ValueError(
                f"fabric.interfaces: {fabric.type} on {machine.machine_type} needs all {machine.fabric_interfaces} "
                f"GPU NICs (GKE requires every additional network), got {fabric.interfaces}"
            )
        if fabric.type != "none" and self.zone is None:
            raise ValueError(
                f"zone: {fabric.type} GPUDirect networks and compact placement are zonal; pin the pool to one zone"
            )
        if fabric.placement == "workload_policy" and machine.placement != "workload_policy":
            raise ValueError(
                f"fabric.placement: {machine.machine_type} uses compact placement, not a workload policy "
                "(allowed: auto, compact, none)"
            )
        if fabric.placement == "compact":
            if self.zone is None:
                raise ValueError("zone: compact placement cannot span zones; set the pool's zone")
            if self.queued_provisioning:
                raise ValueError(
                    "fabric.placement: queued provisioning GPU pools cannot use COMPACT placement"
                )
            if self.capacity == "flex_start" and machine.fabric not in FLEX_COMPACT_FABRICS:
                raise ValueError(
                    f"fabric.placement: flex-start with COMPACT placement is only offered on A3 Ultra / A4, "
                    f"not {machine.machine_type}"
                )
        if self.capacity == "flex_start" and self.min_nodes:
            raise ValueError(
                f"min_nodes: flex-start pools start empty and scale from 0 (got {self.min_nodes})"
            )
        if self.queued_provisioning and self.capacity != "flex_start":
            raise ValueError(
                f"queued_provisioning: needs capacity 'flex_start' (capacity is {self.capacity!r})"
            )
        return self

    def placement(self, machine: MachineType) -> Literal["compact", "workload_policy"] | None:
        """The placement the pool gets: explicit, or from the catalog for multi-node fabric pools
        (never forced onto a reservation, whose own blocks give locality; CTK A3 Ultra/A4 blueprints)."""
        placement = self.fabric.placement
        if placement in ("compact", "workload_policy"):
            return placement  # type: ignore[return-value]
        if machine.rack is not None and placement == "auto":
            return "workload_policy"  # a rack is placed by its workload policy, reservation or not
        if placement == "none" or self.max_nodes < 2 or self.zone is None or self.queued_provisioning:
            return None
        if self.capacity == "reservation" or machine.placement not in ("compact", "workload_policy"):
            return None
        if self.capacity == "flex_start" and machine.fabric not in FLEX_COMPACT_FABRICS:
            return None
        return machine.placement  # type: ignore[return-value]


def base_node_config(
    *,
    machine: MachineType,
    service_account_email: pulumi.Input[str],
    node_key_id: pulumi.Input[str],
    labels: Mapping[str, str],
    resource_labels: Mapping[str, str],
    taints: list[dict[str, str]],
    capacity: str,
    reservation_id: str | None,
    disk_gib: int,
) -> dict[str, Any]:
    """The node_config every accelerator pool shares: identity, shielding, metadata server, CMEK boot
    disk, labels, taints and capacity settings."""
    config: dict[str, Any] = {
        "machine_type": machine.machine_type,
        "image_type": "COS_CONTAINERD",
        "disk_size_gb": disk_gib,
        "boot_disk_kms_key": node_key_id,
        "service_account": service_account_email,
        "oauth_scopes": [CLOUD_PLATFORM],
        "shielded_instance_config": SHIELDED,
        "workload_metadata_config": GKE_METADATA,
        "labels": dict(labels),
        "resource_labels": dict(resource_labels),
        "taints": taints,
        "reservation_affinity": reservation_affinity(capacity, reservation_id),
    }
    if capacity == "spot":
        config["spot"] = True
    if capacity == "flex_start":
        config["flex_start"] = True
    return config


class GpuNodePool(Component):
    """A GKE GPU node pool (``gcp.container.NodePool``).

    Guest accelerators (type and count from the catalog) with the driver installed by GKE, gVNIC and
    one additional node network per GPUDirect NIC (from :class:`~.fabric.GpuFabric`), COMPACT
    placement for multi-node fabric pools unless a reservation is targeted, reservation affinity,
    spot / flex-start / queued provisioning, the CMEK boot disk, shielded nodes, GKE metadata server,
    local SSDs as ephemeral storage, ``nvidia.com/gpu=present:NoSchedule`` and autoscaling with a
    total maximum. Flex-start pools run without auto-repair (GKE requirement).

    Children: ``{name}-np``.
    """

    node_pool_name: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        pool: GpuPoolSpec,
        machine: MachineType,
        *,
        project: str,
        region: str,
        cluster_id: pulumi.Input[str],
        service_account_email: pulumi.Input[str],
        node_key_id: pulumi.Input[str],
        labels: Mapping[str, str],
        fabric: FabricNetworks | None = None,
        waits_for: Sequence[pulumi.Resource] = (),
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:gcp:GpuNodePool", name, opts)
        import pulumi_gcp as gcp

        if pool.fabric.type != "none" and fabric is None and machine.rack is None:
            raise ValueError(f"{pool.name}: fabric {pool.fabric.type!r} needs its GpuFabric networks")
        flex = pool.capacity == "flex_start"
        node_config = base_node_config(
            machine=machine,
            service_account_email=service_account_email,
            node_key_id=node_key_id,
            labels=node_labels(
                pool.name,
                machine,
                pool.capacity,
                pool.labels,
                pool.fabric.type,
                device_allocation=pool.device_allocation,
            ),
            resource_labels={**labels, "aiinfra-pool": pool.name},
            taints=gke_taints(pool.taints, machine.device_resource),
            capacity=pool.capacity,
            reservation_id=pool.reservation_id,
            disk_gib=pool.disk_gib,
        )
        node_config["disk_type"] = boot_disk_type(machine)
        node_config["guest_accelerators"] = [
            {
                "type": machine.accelerator_type,
                "count": machine.accelerator_count,
                "gpu_driver_installation_config": {"gpu_driver_version": pool.gpu_driver_version},
            }
        ]
        if machine.local_nvme_gb:
            node_config["ephemeral_storage_local_ssd_config"] = {
                "local_ssd_count": machine.local_nvme_gb // LOCAL_SSD_GB
            }
        network_config: dict[str, Any] = {"enable_private_nodes": True}
        if machine.rack is not None and pool.fabric.type == "rdma":
            # DRANET: GKE wires the RDMA NICs and exposes them through DRA (DeviceClass mrdma.google.com);
            # CTK v1.95.0 gke-node-pool sets accelerator_network_profile "auto" for enable_dranet.
            node_config["gvnic"] = {"enabled": True}
            network_config["accelerator_network_profile"] = "auto"
        elif fabric is not None and pool.fabric.type != "none":
            node_config["gvnic"] = {"enabled": True}
            network_config["additional_node_network_configs"] = fabric.node_network_configs()

        placement = pool.placement(machine)
        placement_policy: dict[str, Any] | None = {"type": "COMPACT"} if placement == "compact" else None
        self.workload_policy = None
        if machine.rack is not None and placement == "workload_policy":
            # One NVL72 rack per GKE node pool, placed by a HIGH_THROUGHPUT workload policy whose
            # accelerator topology is the rack (CTK v1.95.0 examples/gke-a4x: accelerator_topology "1x72").
            self.workload_policy = gcp.compute.ResourcePolicy(
                f"{name}-workload",
                name=f"{name}-workload",
                project=project,
                region=region,
                workload_policy={
                    "type": "HIGH_THROUGHPUT",
                    "accelerator_topology": machine.rack.accelerator_topology,
                },
                opts=self.child_opts(),
            )
            # The SDK requires a type; GKE applies the named workload policy (as for tpu7x).
            placement_policy = {"type": "COMPACT", "policy_name": self.workload_policy.name}

        def node_pool(role: str, pool_name: str, initial: int, low: int, high: int) -> Any:
            return gcp.container.NodePool(
                f"{name}-{role}",
                name=pool_name,
                project=project,
                cluster=cluster_id,
                location=region,
                node_locations=[pool.zone] if pool.zone else None,
                initial_node_count=initial,
                autoscaling={
                    "total_min_node_count": low,
                    "total_max_node_count": high,
                    "location_policy": "ANY",
                },
                management={"auto_repair": not flex, "auto_upgrade": pool.auto_upgrade},
                upgrade_settings={"strategy": "SURGE", "max_surge": 0, "max_unavailable": 1},
                placement_policy=placement_policy,
                queued_provisioning={"enabled": True} if pool.queued_provisioning else None,
                network_config=network_config,
                node_config=node_config,
                # The cluster autoscaler owns the node count once the pool exists.
                opts=self.child_opts(ignore_changes=["initialNodeCount"], depends_on=list(waits_for)),
            )

        self.rack_pools: list[Any] = []
        if machine.rack is None:
            self.node_pool = node_pool("np", pool.name, pool.desired, pool.min_nodes, pool.max_nodes)
        else:
            # A rack-scale pool is one GKE node pool per rack (CTK's num_node_pools): each holds one
            # NVLink domain of rack.hosts nodes; racks below min/desired start full, the rest empty.
            hosts = machine.rack.hosts
            for i in range(pool.max_nodes // hosts):
                self.rack_pools.append(
                    node_pool(
                        "np" if i == 0 else f"np-rack{i}",
                        pool.name if i == 0 else f"{pool.name}-rack{i}",
                        hosts if i < pool.desired // hosts else 0,
                        hosts if i < pool.min_nodes // hosts else 0,
                        hosts,
                    )
                )
            self.node_pool = self.rack_pools[0]
        self.node_pool_name = self.node_pool.name
        self.register_outputs({"node_pool_name": self.node_pool_name})
