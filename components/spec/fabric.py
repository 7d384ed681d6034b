"""The scale-out fabric a pool's nodes talk over."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Spec

FabricType = Literal["none", "efa", "tcpx", "tcpxo", "rdma", "infiniband", "roce"]
Placement = Literal["auto", "cluster", "compact", "workload_policy", "none"]


class FabricSpec(Spec):
    """Which fabric a pool uses and how its nodes are placed.

    ``placement="auto"`` picks the right thing from the catalog and the capacity type: a cluster
    placement group for EFA pools, except when a reservation or Capacity Block is targeted (a forced
    placement group breaks reservations not created in it); compact placement or a workload policy on
    GCP per machine family.

    ``type`` left out means *the machine's fabric for a multi-node pool*: a pool whose ``max_nodes`` is
    above 1 on a fabric-capable machine type (EFA, TCPX, TCPXO, RDMA in the catalog) gets that fabric;
    single-node pools get none. Turning it off takes an explicit ``type: none``, which the policy pack
    reports (AIP-NET-090) with the bandwidth given up.
    """

    type: FabricType | None = Field(
        default=None,
        description="none, efa, tcpx, tcpxo, rdma, infiniband or roce; default: the machine type's fabric "
        "for multi-node pools (max_nodes > 1), none for single-node pools",
    )
    placement: Placement = "auto"
    """node placement: auto (from catalog and capacity), cluster (AWS placement group), compact or workload_policy (GCP), none."""
    interfaces: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="fabric interfaces per node; default: all the machine type has (from the catalog)",
    )
    efa_only: bool = Field(
        default=True,
        description="AWS: use 'efa-only' interfaces beside the ENA primary (current AWS guidance) "
        "instead of the legacy 'efa' type",
    )
