"""One address plan for a hybrid platform: every routed and fabric range of both sides, checked together.

The plan is a flat list of named IPv4 ranges (``onprem.nodes``, ``onprem.fabric.rail0``,
``cloud.vpc``, ...). :func:`check_plan` rejects any two that overlap, naming both; the EKS Hybrid
Nodes and GKE rules reject ranges those services refuse. Everything here is plain Python: it runs
before anything is registered.

Facts (fabric-and-storage.md §7.1, EKS API ``RemoteNetworkConfigRequest``): EKS remote node/pod
networks are IPv4 RFC 1918 only, prefix /8 to /32, and must not overlap the VPC CIDRs or the
cluster's service CIDR.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import Self

from pydantic import Field, model_validator

from ..spec.base import Spec

IPv4Network = ipaddress.IPv4Network
RFC1918 = tuple(ipaddress.ip_network(c) for c in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
LINK_LOCAL = ipaddress.ip_network("169.254.0.0/16")
# AWS Site-to-Site VPN refuses these tunnel inside ranges (EC2 API VpnTunnelOptionsSpecification.TunnelInsideCidr).
AWS_RESERVED_INSIDE = tuple(
    ipaddress.ip_network(c)
    for c in (
        "169.254.0.0/30",
        "169.254.1.0/30",
        "169.254.2.0/30",
        "169.254.3.0/30",
        "169.254.4.0/30",
        "169.254.5.0/30",
        "169.254.169.252/30",
    )
)
# EKS picks the service CIDR itself when none is given: 10.100.0.0/16, or 172.20.0.0/16 when the VPC is in
# 10.0.0.0/8 (EKS docs, kubernetesNetworkConfig.serviceIpv4Cidr; the selection rule is unverified).
EKS_DEFAULT_SERVICE_CIDRS = (ipaddress.ip_network("10.100.0.0/16"), ipaddress.ip_network("172.20.0.0/16"))
# GKE secondary ranges (unverified bounds, GKE "VPC-native clusters" docs): pods /9../21, services up to /27.
GKE_POD_PREFIX = (9, 21)
GKE_SERVICE_MAX_PREFIX = 27


def is_rfc1918(net: IPv4Network) -> bool:
    """Whether ``net`` lies inside one RFC 1918 private block."""
    return any(net.subnet_of(block) for block in RFC1918)


class OnpremRanges(Spec):
    """The routed ranges of the on-prem cluster (the fabric pools come from the on-prem fabric spec)."""

    nodes: IPv4Network = Field(description="node (host) network the MultiKueue manager and agents live in")
    pods: IPv4Network = Field(description="pod CIDR of the on-prem cluster")
    services: IPv4Network = Field(description="service CIDR of the on-prem cluster")
    storage: IPv4Network | None = Field(
        default=None, description="network of the on-prem S3 endpoint, if outside the node network"
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        for field in ("nodes", "pods", "services", "storage"):
            net = getattr(self, field)
            if net is not None and not is_rfc1918(net):
                raise ValueError(
                    f"{field}: {net} is not a private RFC 1918 range (allowed: inside 10.0.0.0/8, "
                    "172.16.0.0/12 or 192.168.0.0/16)"
                )
        return self

    def routed(self) -> list[IPv4Network]:
        """The on-prem ranges the cloud must route back to."""
        return [n for n in (self.nodes, self.pods, self.storage) if n is not None]


class NamedRange(Spec):
    """One range of the plan and the field it comes from."""

    owner: str
    cidr: IPv4Network


class AddressPlan(Spec):
    """Every range of both sides, flat; :func:`check_plan` validates it as a whole."""

    ranges: tuple[NamedRange, ...]

    def get(self, owner: str) -> IPv4Network:
        """The range owned by ``owner``."""
        return next(r.cidr for r in self.ranges if r.owner == owner)


def plan_of(entries: Iterable[tuple[str, IPv4Network | str]]) -> AddressPlan:
    """An :class:`AddressPlan` from ``(owner, cidr)`` pairs."""
    return AddressPlan(ranges=tuple(NamedRange(owner=o, cidr=ipaddress.ip_network(c)) for o, c in entries))


def check_overlaps(plan: AddressPlan) -> None:
    """Reject any two overlapping ranges, naming both fields and both ranges."""
    ranges = plan.ranges
    for j, right in enumerate(ranges):
        for left in ranges[:j]:
            if left.cidr.overlaps(right.cidr):
                raise ValueError(
                    f"address_plan: {right.owner} ({right.cidr}) overlaps {left.owner} ({left.cidr}); "
                    "every range of both sides must be distinct"
                )


def check_eks_remote_networks(
    remote: Sequence[tuple[str, IPv4Network]], vpc: IPv4Network, service: IPv4Network
) -> None:
    """EKS Hybrid Nodes rules for remote node/pod networks: RFC 1918, /8-/32, disjoint from VPC and services."""
    for owner, net in remote:
        if not is_rfc1918(net):
            raise ValueError(f"{owner}: {net} is refused by EKS remote networks (IPv4 RFC 1918 only)")
        if not 8 <= net.prefixlen <= 32:
            raise ValueError(f"{owner}: {net} is refused by EKS remote networks (prefix /8 to /32)")
        for label, other in (("cloud.vpc", vpc), ("cloud.services", service)):
            if net.overlaps(other):
                raise ValueError(
                    f"{owner}: {net} overlaps {label} ({other}); EKS remote networks must not overlap "
                    "the VPC or the service CIDR"
                )


def check_gke_ranges(pods: IPv4Network, services: IPv4Network) -> None:
    """GKE secondary-range sizes for the burst cluster's pods and services ranges."""
    low, high = GKE_POD_PREFIX
    if not low <= pods.prefixlen <= high:
        raise ValueError(f"cloud.network.pods_cidr: {pods} must be /{low} to /{high} for a GKE pod range")
    if services.prefixlen > GKE_SERVICE_MAX_PREFIX:
        raise ValueError(
            f"cloud.network.services_cidr: {services} must be /{GKE_SERVICE_MAX_PREFIX} or larger for GKE"
        )


def check_inside_cidrs(cidrs: Sequence[tuple[str, IPv4Network]], *, aws: bool) -> None:
    """Tunnel inside ranges: link-local /30s, all distinct; on AWS not one of the reserved /30s."""
    seen: dict[IPv4Network, str] = {}
    for owner, net in cidrs:
        if net.prefixlen != 30 or not net.subnet_of(LINK_LOCAL):
            raise ValueError(f"{owner}: {net} must be a /30 inside 169.254.0.0/16 (link-local BGP peering)")
        if aws and net in AWS_RESERVED_INSIDE:
            raise ValueError(f"{owner}: {net} is reserved by AWS Site-to-Site VPN; pick another /30")
        if net in seen:
            raise ValueError(f"{owner}: {net} is already used by {seen[net]}; every tunnel needs its own /30")
        seen[net] = owner


def eks_service_cidr(vpc: IPv4Network) -> IPv4Network:
    """The service CIDR EKS assigns when none is configured (the default that does not overlap the VPC)."""
    ten, other = EKS_DEFAULT_SERVICE_CIDRS
    return other if vpc.subnet_of(ipaddress.ip_network("10.0.0.0/8")) else ten


def uncovered(needed: Iterable[tuple[str, IPv4Network]], routes: Sequence[IPv4Network]) -> list[str]:
    """The needed ranges no route covers, as ``"owner (cidr)"``."""
    return [f"{owner} ({net})" for owner, net in needed if not any(net.subnet_of(r) for r in routes)]


def reconcile_fabric_pools(
    declared: Sequence[tuple[str, IPv4Network]], rails: Sequence[tuple[str, IPv4Network]], source: str
) -> list[tuple[str, IPv4Network]]:
    """The on-prem fabric ranges for the address plan: the on-prem side's rails (``source`` names where
    they come from) when nothing is declared; else the declared ranges, which must agree with the
    rails: each declared range covers at least one rail and every rail lies inside a declared range.
    A disagreement fails naming the declared field, the rail field and both ranges."""
    if not declared:
        return list(rails)
    if not rails:
        owner, net = declared[0]
        raise ValueError(
            f"{owner}: {net} is declared but {source} has no fabric rails; drop address_plan.fabric_pools"
        )
    for owner, net in declared:
        if not any(rail.subnet_of(net) for _, rail in rails):
            listed = ", ".join(f"{o} ({r})" for o, r in rails)
            raise ValueError(
                f"{owner}: {net} matches no rail of {source} ({listed}); drop address_plan.fabric_pools to "
                "derive it from the on-prem side, or correct it"
            )
    for owner, rail in rails:
        if not any(rail.subnet_of(net) for _, net in declared):
            listed = ", ".join(f"{o} ({n})" for o, n in declared)
            raise ValueError(
                f"{owner}: {rail} of {source} lies in none of {listed}; drop address_plan.fabric_pools to "
                "derive it from the on-prem side, or add the range"
            )
    return list(declared)
