"""The provisioning critical path: the longest chain of dependent resources and its minutes.

Typical create times per resource type come from experience with the providers (order-of-magnitude
estimates, not SLAs); unknown types count :data:`DEFAULT_MINUTES`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aiinfra.engine.model import RecordedResource

DEFAULT_MINUTES = 0.1
TYPICAL_MINUTES: dict[str, float] = {
    "aws:eks/cluster:Cluster": 10.0,
    "aws:eks/nodeGroup:NodeGroup": 6.0,
    "aws:eks/addon:Addon": 2.0,
    "aws:fsx/lustreFileSystem:LustreFileSystem": 12.0,
    "aws:fsx/dataRepositoryAssociation:DataRepositoryAssociation": 5.0,
    "aws:ec2/natGateway:NatGateway": 2.0,
    "aws:ec2/vpcEndpoint:VpcEndpoint": 2.0,
    "aws:ec2/vpnConnection:VpnConnection": 5.0,
    "aws:ec2transitgateway/transitGateway:TransitGateway": 3.0,
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": 2.0,
    "aws:iam/role:Role": 0.2,
    "aws:kms/key:Key": 0.3,
    "aws:datasync/task:Task": 1.0,
    "gcp:container/cluster:Cluster": 8.0,
    "gcp:container/nodePool:NodePool": 6.0,
    "gcp:lustre/instance:Instance": 15.0,
    "gcp:filestore/instance:Instance": 8.0,
    "gcp:compute/routerNat:RouterNat": 1.0,
    "gcp:compute/haVpnGateway:HaVpnGateway": 1.0,
    "gcp:compute/vPNTunnel:VPNTunnel": 2.0,
    "gcp:kms/cryptoKey:CryptoKey": 0.3,
    "kubernetes:helm.sh/v3:Release": 4.0,
}


@dataclass(frozen=True)
class CriticalPath:
    """The longest dependency chain and its estimated minutes."""

    minutes: float
    chain: tuple[str, ...]  # URNs, first created first


def minutes_for(resource_type: str) -> float:
    """Typical create minutes for one resource type."""
    return TYPICAL_MINUTES.get(resource_type, DEFAULT_MINUTES)


def critical_path(resources: Iterable[RecordedResource]) -> CriticalPath:
    """Longest path through the dependency graph of custom resources, weighted by create time.

    Resources register in dependency order (a resource's dependencies are registered before it),
    so one pass in registration order is a topological traversal.
    """
    best: dict[str, tuple[float, str | None]] = {}
    for res in resources:
        if not res.custom:
            continue
        start, via = 0.0, None
        # A resource also waits for its explicit provider (e.g. a kubeconfig built from a cluster).
        for dep in (*res.dependencies, *((res.provider,) if res.provider else ())):
            if dep in best and best[dep][0] > start:
                start, via = best[dep][0], dep
        best[res.urn] = (start + minutes_for(res.type), via)
    if not best:
        return CriticalPath(0.0, ())
    tail = max(best, key=lambda urn: best[urn][0])
    chain: list[str] = []
    cursor: str | None = tail
    while cursor is not None:
        chain.append(cursor)
        cursor = best[cursor][1]
    return CriticalPath(round(best[tail][0], 1), tuple(reversed(chain)))
