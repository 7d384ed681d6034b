"""GKE TPU slice node pools: topology checked by the catalog's TPU maths, node count derived from it."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import Any, Self

import pulumi
from pydantic import ConfigDict, model_validator

from ..base import Component
from ..catalog import MachineType, find
from ..catalog.tpu import TpuSlice, validate_topology
from ..spec.pool import AcceleratorPoolSpec
from .common import gke_taints, node_labels
from .nodepool import base_node_config, check_gcp_capacity


def _max_nodes_optional(schema: dict[str, Any]) -> None:
    """In the JSON Schema, ``max_nodes`` is optional: it defaults to the slice's host count."""
    schema["required"] = [f for f in schema.get("required", []) if f != "max_nodes"]
    prop = schema.get("properties", {}).get("max_nodes")
    if isinstance(prop, dict):
        prop["description"] = (
            "VMs in the pool; default (and, for a multi-host topology, required value): its host count"
        )


class TpuSliceSpec(AcceleratorPoolSpec):
    """A TPU slice pool: the neutral pool spec plus ``topology``.

    - ``topology=None``: single-host slices (one VM each); ``min/max_nodes`` count VMs = slices.
    - a multi-host ``topology`` (e.g. ``2x2x4`` for v5p): one slice of ``chips / chips-per-VM`` nodes;
      ``max_nodes`` defaults to (and must equal) that host count, ``min_nodes`` is 0 or the host count
      (a slice scales atomically).
    """

    model_config = ConfigDict(json_schema_extra=_max_nodes_optional)

    topology: str | None = None
    """multi-host slice topology such as '2x2x4' (v5p) or '4x4' (v6e); none for single-host slices."""

    @model_validator(mode="before")
    @classmethod
    def _default_max_nodes(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("max_nodes") is None:
            hosts = 1
            entry = find(str(data.get("machine_type")))
            if entry is not None and entry.accelerator_kind == "tpu":
                with contextlib.suppress(ValueError):  # reported with the field name by _check_tpu
                    hosts = validate_topology(entry, data.get("topology")).hosts
            data = {**data, "max_nodes": hosts}
        return data

    @model_validator(mode="after")
    def _check_tpu(self) -> Self:
        check_gcp_capacity(self)
        machine = self.machine("gcp")
        if machine.accelerator_kind != "tpu":
            raise ValueError(
                f"machine_type: {machine.machine_type} is not a TPU machine type; declare it under pools"
            )
        if self.fabric.type != "none":
            raise ValueError(f"fabric.type: TPU slices talk over ICI; use 'none' (got {self.fabric.type!r})")
        try:
            tpu_slice = validate_topology(machine, self.topology)
        except ValueError as exc:
            raise ValueError(f"topology: {exc}") from None
        placement = self.fabric.placement
        if tpu_slice.multi_host:
            hosts = tpu_slice.hosts
            if self.max_nodes != hosts:
                raise ValueError(
                    f"max_nodes: a {tpu_slice.topology} {tpu_slice.tpu_version} slice is {hosts} hosts of "
                    f"{tpu_slice.chips_per_vm} chips; max_nodes must be {hosts} (got {self.max_nodes})"
                )
            if self.min_nodes not in (0, hosts) or self.desired not in (0, hosts):
                raise ValueError(
                    f"min_nodes: a multi-host slice scales atomically; min/desired nodes must be 0 or {hosts}"
                )
            if self.zone is None:
                raise ValueError("zone: a multi-host TPU slice is placed in one zone; set the pool's zone")
            if placement == "none":
                raise ValueError("fabric.placement: multi-host TPU slices need placement (allowed: auto)")
            if placement == "compact" and machine.placement == "workload_policy":
                raise ValueError(
                    f"fabric.placement: {machine.machine_type} rejects compact placement; it uses a workload policy "
                    "(allowed: auto, workload_policy)"
                )
            if placement == "workload_policy" and machine.placement != "workload_policy":
                raise ValueError(
                    f"fabric.placement: {machine.machine_type} uses COMPACT placement with a TPU topology "
                    "(allowed: auto, compact)"
                )
        elif placement in ("compact", "workload_policy"):
            raise ValueError(
                f"fabric.placement: {placement!r} needs a multi-host topology; single-host slices take none"
            )
        return self

    @property
    def tpu_slice(self) -> TpuSlice:
        """The validated slice (shape, chips, hosts)."""
        return validate_topology(self.machine("gcp"), self.topology)


class TpuNodePool(Component):
    """A GKE TPU node pool (``gcp.container.NodePool``).

    Multi-host slices: ``hosts`` nodes in one zone with ``placement_policy {type: COMPACT,
    tpu_topology}`` (v4/v5e/v5p/v6e) or, for tpu7x, a ``compute.ResourcePolicy`` workload policy
    (HIGH_THROUGHPUT, ``accelerator_topology``) named by the placement policy. Single-host slices: no
    topology, autoscaled VM by VM. Every pool: reservation affinity, spot / flex-start, CMEK boot disk,
    shielded nodes, GKE metadata server, ``google.com/tpu=present:NoSchedule``.

    Children: ``{name}-np`` and, for tpu7x, ``{name}-workload``.
    """

    node_pool_name: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        pool: TpuSliceSpec,
        machine: MachineType,
        *,
        project: str,
        region: str,
        cluster_id: pulumi.Input[str],
        service_account_email: pulumi.Input[str],
        node_key_id: pulumi.Input[str],
        labels: Mapping[str, str],
        waits_for: Sequence[pulumi.Resource] = (),
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:gcp:TpuNodePool", name, opts)
        import pulumi_gcp as gcp

        tpu_slice = validate_topology(machine, pool.topology)
        node_config = base_node_config(
            machine=machine,
            service_account_email=service_account_email,
            node_key_id=node_key_id,
            labels=node_labels(pool.name, machine, pool.capacity, pool.labels, "ici"),
            resource_labels={**labels, "aiinfra-pool": pool.name},
            taints=gke_taints(pool.taints, machine.device_resource),
            capacity=pool.capacity,
            reservation_id=pool.reservation_id,
            disk_gib=pool.disk_gib,
        )
        placement_policy: dict[str, Any] | None = None
        self.workload_policy = None
        if tpu_slice.multi_host:
            if machine.placement == "workload_policy":
                self.workload_policy = gcp.compute.ResourcePolicy(
                    f"{name}-workload",
                    name=f"{name}-workload",
                    project=project,
                    region=region,
                    workload_policy={"type": "HIGH_THROUGHPUT", "accelerator_topology": tpu_slice.topology},
                    opts=self.child_opts(),
                )
                # The SDK requires a type; GKE applies the named workload policy (unverified for tpu7x).
                placement_policy = {"type": "COMPACT", "policy_name": self.workload_policy.name}
            else:
                placement_policy = {"type": "COMPACT", "tpu_topology": tpu_slice.topology}
        fixed = pool.min_nodes == pool.max_nodes
        self.node_pool = gcp.container.NodePool(
            f"{name}-np",
            name=pool.name,
            project=project,
            cluster=cluster_id,
            location=region,
            node_locations=[pool.zone] if pool.zone else None,
            node_count=pool.max_nodes if fixed else None,
            initial_node_count=None if fixed else pool.desired,
            autoscaling=None
            if fixed
            else {
                "total_min_node_count": pool.min_nodes,
                "total_max_node_count": pool.max_nodes,
                "location_policy": "ANY",
            },
            management={"auto_repair": pool.capacity != "flex_start", "auto_upgrade": True},
            upgrade_settings={"strategy": "SURGE", "max_surge": 0, "max_unavailable": 1},
            placement_policy=placement_policy,
            network_config={"enable_private_nodes": True},
            node_config=node_config,
            opts=self.child_opts(ignore_changes=["initialNodeCount"], depends_on=list(waits_for)),
        )
        self.slice = tpu_slice
        self.node_pool_name = self.node_pool.name
        self.register_outputs({"node_pool_name": self.node_pool_name})
