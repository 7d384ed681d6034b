"""Rack-scale pools: a pool of NVL72 hosts (AWS UltraServers, GCP A4X) is sized in whole racks.

One GB200/GB300 NVL72 rack is 18 hosts sharing one 72-GPU NVLink domain. A pool that is not a whole
number of racks leaves a partial NVLink domain that no UltraServer Capacity Block or ``1x72`` workload
policy can provide, so validation refuses it and names the rack size.
"""

from __future__ import annotations

from typing import Literal

from ..catalog import MachineType

DeviceAllocation = Literal["device_plugin", "dra"]
"""How pods get GPUs: the NVIDIA device plugin (``nvidia.com/gpu`` extended resource) or Dynamic
Resource Allocation through the NVIDIA DRA driver (DeviceClass ``gpu.nvidia.com``)."""

DRA_MIN_KUBERNETES = (1, 34)
"""``resource.k8s.io/v1`` (DRA GA) is served from Kubernetes 1.34; the NVIDIA DRA driver 0.4.0 docs
use ``resource.k8s.io/v1`` for "Kubernetes 1.34+" and ``v1beta2`` for 1.32/1.33 (docs/install.md)."""
DRA_API_VERSION = "resource.k8s.io/v1"


def check_whole_racks(
    machine: MachineType, *, min_nodes: int, desired: int, max_nodes: int, field: str = "max_nodes"
) -> None:
    """Raise ValueError naming the first node count of a rack-scale pool that is not a whole number of racks."""
    rack = machine.rack
    if rack is None:
        return
    for name, value in (("min_nodes", min_nodes), ("desired_nodes", desired), ("max_nodes", max_nodes)):
        if value % rack.hosts:
            lower, upper = value // rack.hosts * rack.hosts, (value // rack.hosts + 1) * rack.hosts
            allowed = f"{lower} or {upper}" if lower else str(upper)
            raise ValueError(
                f"{name}: {value} {machine.machine_type} hosts is not a whole number of racks; one "
                f"{rack.name} rack is {rack.hosts} hosts ({rack.accelerators} accelerators in one "
                f"{rack.interconnect} domain), "
                f"use a multiple of {rack.hosts} (e.g. {allowed})"
            )


def racks(machine: MachineType, nodes: int) -> int:
    """Whole racks in ``nodes`` hosts of a rack-scale machine (0 for other machines)."""
    return nodes // machine.rack.hosts if machine.rack else 0


def kubernetes_at_least(version: str, minimum: tuple[int, int]) -> bool:
    """``"1.35"`` (or ``"1.35.1-gke.100"``) >= ``(1, 34)``."""
    major, minor = version.split(".")[:2]
    return (int(major), int("".join(ch for ch in minor if ch.isdigit()) or 0)) >= minimum


def rack_labels(machine: MachineType) -> dict[str, str]:
    """Labels naming the NVLink domain a rack-scale node belongs to (its size and UltraServer type).

    Which rack a node is in is labelled at run time by GPU Feature Discovery (``nvidia.com/gpu.clique``,
    the NVLink fabric's cluster UUID and clique id); these static labels let selectors and Kueue
    flavors pick rack-scale capacity before any node exists.
    """
    if machine.rack is None:
        return {}
    labels = {
        "aiinfra.io/nvlink-domain-size": str(machine.rack.accelerators),
        "aiinfra.io/rack-hosts": str(machine.rack.hosts),
    }
    if machine.rack.ultraserver_type:
        labels["aiinfra.io/ultraserver-type"] = machine.rack.ultraserver_type
    return labels
