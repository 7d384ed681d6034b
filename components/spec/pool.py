"""Accelerator pools: what machines, how many, on what capacity, with which fabric."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Self

from pydantic import Field, model_validator

from ..catalog import Cloud, MachineType, UnknownMachineType, find, lookup, machines, other_cloud_message
from .base import Labels, ResourceName, Spec, Taint
from .capacity_block import CapacityBlockWindow
from .fabric import FabricSpec
from .rack import DeviceAllocation, check_whole_racks

CapacityType = Literal["on_demand", "spot", "reservation", "capacity_block", "flex_start"]
_NEEDS_RESERVATION = ("reservation", "capacity_block")


class AcceleratorPoolSpec(Spec):
    """A pool of identical accelerator nodes.

    Give either ``machine_type`` or ``accelerator`` + ``accelerator_count`` (resolved through the
    catalog for the blueprint's cloud). Node counts obey ``min_nodes <= desired_nodes <= max_nodes``.
    """

    name: ResourceName
    """pool name, unique in the stack; child resources are named after it."""
    machine_type: str | None = None
    """catalog machine type, e.g. p5.48xlarge or a3-ultragpu-8g (or give accelerator + accelerator_count)."""
    accelerator: str | None = Field(default=None, description="accelerator model, e.g. 'NVIDIA H100'")
    accelerator_count: int | None = Field(default=None, ge=1, le=64)
    """accelerators per node; required with accelerator."""
    min_nodes: int = Field(default=0, ge=0, le=2000)
    """lower bound of the autoscaler."""
    max_nodes: int = Field(ge=1, le=2000)
    """upper bound of the autoscaler; cost and accelerator totals count this size."""
    desired_nodes: int | None = Field(default=None, ge=0, le=2000)
    """initial node count (default: min_nodes)."""
    capacity: CapacityType = "on_demand"
    """how the capacity is bought: on_demand, spot, reservation, capacity_block (AWS) or flex_start (GCP)."""
    reservation_id: str | None = Field(default=None, min_length=1, max_length=255)
    """reservation or Capacity Block id; required for capacity reservation/capacity_block, refused otherwise."""
    zone: str | None = Field(
        default=None, description="zone (GCP) or availability-zone id (AWS, e.g. usw2-az2)"
    )
    labels: Labels = Field(default_factory=dict)
    """Kubernetes labels on the pool's nodes."""
    taints: tuple[Taint, ...] = ()
    """Kubernetes taints on the pool's nodes."""
    fabric: FabricSpec = Field(default_factory=FabricSpec)
    """the scale-out fabric and placement of the pool's nodes."""
    disk_gib: int = Field(default=200, ge=50, le=16384, description="root/boot disk size")
    device_allocation: DeviceAllocation = Field(
        default="device_plugin",
        description="NVIDIA pools: how pods get GPUs: device_plugin (nvidia.com/gpu) or dra (Dynamic Resource "
        "Allocation through the NVIDIA DRA driver, DeviceClass gpu.nvidia.com; Kubernetes >= 1.34). "
        "Rack-scale pools get the DRA driver's ComputeDomains (IMEX) either way",
    )
    capacity_block: CapacityBlockWindow | None = Field(
        default=None,
        description="AWS: the Capacity Block's window (required with capacity 'capacity_block'); the pool "
        "is sized up at its start and scaled to zero before its end",
    )

    catalog_cloud: ClassVar[Cloud | None] = None
    """The cloud whose catalog resolves ``accelerator`` + ``accelerator_count`` for the default fabric
    (set by the per-cloud subclasses; None: only ``machine_type`` pools get a default fabric)."""

    @model_validator(mode="before")
    @classmethod
    def _default_fabric(cls, data: Any) -> Any:
        """Fill ``fabric.type`` when left out: the machine type's fabric for multi-node pools."""
        if not isinstance(data, dict):
            return data
        fabric = data.get("fabric")
        if isinstance(fabric, FabricSpec):
            fabric = fabric.model_dump(exclude_unset=True)
        if fabric is None:
            fabric = {}
        if not isinstance(fabric, dict) or fabric.get("type") is not None:
            return data
        return {**data, "fabric": {**fabric, "type": default_fabric(data, cls.catalog_cloud)}}

    @model_validator(mode="after")
    def _check(self) -> Self:
        if (self.machine_type is None) == (self.accelerator is None):
            raise ValueError(
                "give either machine_type, or accelerator with accelerator_count (not both, not neither)"
            )
        if self.accelerator is not None and self.accelerator_count is None:
            raise ValueError("accelerator_count: required when accelerator is given")
        if not self.min_nodes <= self.max_nodes:
            raise ValueError(f"min_nodes ({self.min_nodes}) must be <= max_nodes ({self.max_nodes})")
        desired = self.desired
        if not self.min_nodes <= desired <= self.max_nodes:
            raise ValueError(
                f"desired_nodes: {desired} must lie between min_nodes ({self.min_nodes}) and max_nodes ({self.max_nodes})"
            )
        if self.capacity in _NEEDS_RESERVATION and not self.reservation_id:
            raise ValueError(f"reservation_id: required when capacity is {self.capacity!r}")
        if self.capacity not in _NEEDS_RESERVATION and self.reservation_id:
            raise ValueError(
                f"reservation_id: only allowed with capacity 'reservation' or 'capacity_block' "
                f"(capacity is {self.capacity!r}; spot and reservations are exclusive)"
            )
        if self.capacity != "capacity_block" and self.capacity_block is not None:
            raise ValueError(
                f"capacity_block: only allowed with capacity 'capacity_block' (capacity is {self.capacity!r})"
            )
        if self.fabric.placement == "cluster" and self.capacity in _NEEDS_RESERVATION:
            raise ValueError(
                "fabric.placement: 'cluster' cannot be forced with a reservation or Capacity Block "
                "(instances outside the reservation's own placement group fail with insufficient capacity); "
                "use 'auto' or 'none'"
            )
        if self.machine_type is not None:
            entry = find(self.machine_type)
            if entry is None:
                raise UnknownMachineTypeError(self.machine_type)
            if self.catalog_cloud is not None and entry.cloud != self.catalog_cloud:
                raise ValueError(f"machine_type: {other_cloud_message(entry, self.catalog_cloud)}")
            self._check_machine(entry)
        return self

    @property
    def desired(self) -> int:
        """The desired node count (defaults to ``min_nodes``)."""
        return self.min_nodes if self.desired_nodes is None else self.desired_nodes

    def machine(self, cloud: Cloud) -> MachineType:
        """Resolve this pool's machine type through the catalog for ``cloud``; errors name the field."""
        if self.machine_type is not None:
            try:
                entry = lookup(self.machine_type, cloud)
            except UnknownMachineType as exc:
                raise ValueError(f"machine_type: {exc}") from None
            return entry
        candidates = [
            m
            for m in machines(cloud)
            if m.accelerator.lower().endswith(str(self.accelerator).lower())
            and m.accelerator_count == self.accelerator_count
        ]
        if not candidates:
            offered = sorted({f"{m.accelerator} x{m.accelerator_count}" for m in machines(cloud)})
            raise ValueError(
                f"accelerator: no {cloud} machine type carries {self.accelerator_count} x {self.accelerator!r} "
                f"(the catalog offers: {', '.join(offered)})"
            )
        # Prefer the type with the most fabric for training pools.
        entry = max(candidates, key=lambda m: (m.fabric_interfaces, m.network_gbps))
        self._check_machine(entry)
        return entry

    def _check_machine(self, entry: MachineType) -> None:
        check_whole_racks(entry, min_nodes=self.min_nodes, desired=self.desired, max_nodes=self.max_nodes)
        if self.device_allocation == "dra" and entry.image_family != "nvidia":
            raise ValueError(
                f"device_allocation: 'dra' uses the NVIDIA DRA driver; {entry.machine_type} carries "
                f"{entry.accelerator} (allowed: device_plugin)"
            )
        fabric = self.fabric
        if fabric.type != "none" and fabric.type != entry.fabric:
            capable = sorted(m.machine_type for m in machines(entry.cloud) if m.fabric == fabric.type)
            raise ValueError(
                f"fabric.type: {fabric.type!r} needs a machine type with that fabric; {entry.machine_type} has "
                f"{entry.fabric!r} (types with {fabric.type}: {', '.join(capable) or 'none'})"
            )
        if fabric.interfaces is not None and fabric.interfaces > entry.fabric_interfaces:
            raise ValueError(
                f"fabric.interfaces: {fabric.interfaces} exceeds the {entry.fabric_interfaces} "
                f"{entry.fabric} interfaces of {entry.machine_type}"
            )
        if fabric.type == "efa" and self.zone is None and self.max_nodes > 1:
            raise ValueError(
                "zone: EFA traffic does not cross availability zones; pin a multi-node EFA pool to one zone "
                "(an AZ id such as 'usw2-az2'); multi-node pools of EFA-capable types get EFA by default, "
                "set fabric.type: none to run this pool without it"
            )

    def capacity_at_scale(self, cloud: Cloud) -> PoolCapacity:
        """This pool resolved for ``cloud`` at ``max_nodes``."""
        machine = self.machine(cloud)
        return PoolCapacity(self.name, machine, self.max_nodes, self.capacity, self.fabric.type)


def default_fabric(data: dict[str, Any], cloud: Cloud | None) -> str:
    """The fabric a pool gets when ``fabric.type`` is left out (raw spec ``data``, before validation):
    the catalog's fabric of its machine type when ``max_nodes`` > 1, else ``none``. Anything that does
    not resolve (unknown type, bad counts) yields ``none`` and is reported by validation itself."""
    try:
        multi_node = int(data.get("max_nodes", 1)) > 1
    except (TypeError, ValueError):
        return "none"
    if not multi_node:
        return "none"
    machine_type, accelerator = data.get("machine_type"), data.get("accelerator")
    entry: MachineType | None = None
    if isinstance(machine_type, str):
        entry = find(machine_type)
    elif isinstance(accelerator, str) and cloud is not None:
        candidates = [
            m
            for m in machines(cloud)
            if m.accelerator.lower().endswith(accelerator.lower())
            and m.accelerator_count == data.get("accelerator_count")
        ]
        entry = max(candidates, key=lambda m: (m.fabric_interfaces, m.network_gbps)) if candidates else None
    if entry is None or entry.fabric_interfaces < 1 or entry.fabric in ("infiniband", "roce"):
        return "none"  # on-prem fabrics are declared per cluster, with their rails
    return entry.fabric


@dataclass(frozen=True)
class PoolCapacity:
    """A resolved pool at full scale: what the plan summary and cost estimate count."""

    pool: str
    machine: MachineType
    max_nodes: int
    capacity: CapacityType
    fabric: str = "none"

    @property
    def fabric_interfaces(self) -> int:
        """Fabric interfaces per node the pool actually wires (0 without a fabric)."""
        return 0 if self.fabric == "none" else self.machine.fabric_interfaces

    @property
    def accelerators(self) -> int:
        """Accelerators in the pool at ``max_nodes``."""
        return self.machine.accelerator_count * self.max_nodes

    @property
    def usd_per_hour(self) -> float | None:
        """On-demand list price of the pool at full scale (None when the catalog has no price for it)."""
        price = self.machine.price
        if price is None or price.usd_per_hour is None or price.usd_per_hour <= 0:
            return None
        return price.usd_per_hour * self.max_nodes


class UnknownMachineTypeError(ValueError):
    """A machine type the catalog does not know, raised inside validation so pydantic names the field."""

    def __init__(self, machine_type: str) -> None:
        try:
            lookup(machine_type)
        except UnknownMachineType as exc:
            message = str(exc)
        super().__init__(f"machine_type: {message}")
