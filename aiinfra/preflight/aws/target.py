"""What the AWS checks look at, adapted from a blueprint's validated Config (one adapter per blueprint)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiinfra.components.aws.naming import alias_name, key_names
from aiinfra.components.catalog import MachineType


@dataclass(frozen=True)
class PoolTarget:
    """One accelerator pool as preflight needs it: type, size, capacity source, zone, fabric."""

    name: str
    machine: MachineType
    max_nodes: int
    capacity: str  # on_demand | spot | reservation | capacity_block
    reservation_id: str | None
    zone: str | None  # AZ id, e.g. usw2-az2
    efa: bool
    efa_interfaces: int  # interfaces the pool will wire (requested, or all the catalog lists)

    @property
    def instance_type(self) -> str:
        """The EC2 instance type."""
        return self.machine.machine_type

    @property
    def vcpus(self) -> int:
        """vCPUs of the pool at ``max_nodes`` (catalog vCPUs per instance x max nodes)."""
        return self.machine.vcpus * self.max_nodes


@dataclass(frozen=True)
class AwsTarget:
    """An AWS deployment to check: platform name, region, AZ ids, pools, names it will claim."""

    platform: str
    region: str
    az_ids: tuple[str, ...] | None
    pools: tuple[PoolTarget, ...]
    key_aliases: tuple[str, ...]  # KMS alias names the stack creates
    cold_bucket: str | None  # explicit S3 bucket name the stack creates (None: auto-named)


def from_aws_config(config: Any) -> AwsTarget:
    """Adapt an ``aws`` blueprint Config (validated) to an :class:`AwsTarget`."""
    pools = []
    for pool in config.pools:
        machine = pool.machine("aws")
        efa = pool.fabric.type == "efa"
        pools.append(
            PoolTarget(
                name=pool.name,
                machine=machine,
                max_nodes=pool.max_nodes,
                capacity=pool.capacity,
                reservation_id=pool.reservation_id,
                zone=pool.zone,
                efa=efa,
                efa_interfaces=(pool.fabric.interfaces or machine.fabric_interfaces) if efa else 0,
            )
        )
    aliases = tuple(alias_name(config.keys_component(), k) for k in key_names(config.encryption))
    cold = config.storage.cold
    return AwsTarget(
        platform=config.name,
        region=config.region,
        az_ids=tuple(config.network.az_ids) if config.network.az_ids else None,
        pools=tuple(pools),
        key_aliases=aliases,
        cold_bucket=cold.bucket_name if cold is not None else None,
    )


def from_hybrid_config(config: Any) -> AwsTarget:
    """The AWS burst side of a ``hybrid`` stack (its ``cloud`` is an ``aws`` blueprint config)."""
    from aiinfra.errors import InputError

    cloud = config.cloud
    if cloud.blueprint != "aws":
        raise InputError(
            f"platform.cloud.blueprint: {cloud.blueprint!r}; preflight checks hybrid stacks that burst to aws only"
        )
    return from_aws_config(cloud)
