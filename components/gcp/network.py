"""The primary VPC of a GKE platform: one regional subnet with pod/service ranges, Cloud NAT,
private Google access, flow logs and (for Managed Lustre / Filestore) Private Service Access."""

from __future__ import annotations

import ipaddress
from typing import Self

import pulumi
from pydantic import Field, model_validator

from ..base import Component
from ..spec.base import Spec

_PRIVATE = [ipaddress.ip_network(c) for c in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]
FLOW_LOGS = {
    "aggregation_interval": "INTERVAL_5_SEC",
    "flow_sampling": 0.5,
    "metadata": "INCLUDE_ALL_METADATA",
}
LUSTRE_PORT = 988


class NetworkSpec(Spec):
    """Address plan of the platform VPC (all RFC 1918, non-overlapping).

    ``fabric_cidr`` is carved into one /16 per GPUDirect fabric (a pool's extra VPCs) and one /20
    per extra subnet inside it.
    """

    subnet_cidr: str = "10.0.0.0/20"
    """primary node subnet (RFC 1918)."""
    pods_cidr: str = "10.4.0.0/14"
    """secondary range for pod IPs."""
    services_cidr: str = "10.8.0.0/20"
    """secondary range for Service IPs."""
    master_cidr: str = "172.16.0.32/28"
    """/28 of the private control-plane endpoint."""
    fabric_cidr: str = "10.128.0.0/12"
    """block carved into one /16 per GPUDirect fabric VPC (one /20 per extra subnet)."""
    psa_prefix_length: int = Field(default=20, ge=16, le=24, description="Private Service Access range size")
    mtu: int = Field(
        default=8896, ge=1300, le=8896, description="primary VPC MTU (CTK uses 8896 for A3 Ultra/A4)"
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        fields = ("subnet_cidr", "pods_cidr", "services_cidr", "master_cidr", "fabric_cidr")
        nets = {}
        for field in fields:
            value = getattr(self, field)
            try:
                net = ipaddress.ip_network(value)
            except ValueError:
                raise ValueError(f"{field}: {value!r} is not an IPv4 network in CIDR notation") from None
            if net.version != 4 or not any(net.subnet_of(p) for p in _PRIVATE):
                raise ValueError(f"{field}: {value} must be a private (RFC 1918) IPv4 range")
            for other, other_net in nets.items():
                if net.overlaps(other_net):
                    raise ValueError(f"{field}: {value} overlaps {other} ({other_net})")
            nets[field] = net
        if nets["master_cidr"].prefixlen != 28:
            raise ValueError(f"master_cidr: {self.master_cidr} must be a /28 (GKE private control plane)")
        if nets["fabric_cidr"].prefixlen > 16:
            raise ValueError(f"fabric_cidr: {self.fabric_cidr} must be /16 or larger (one /16 per fabric)")
        return self

    def fabric_block(self, index: int) -> ipaddress.IPv4Network:
        """The /16 of fabric number ``index``."""
        blocks = list(ipaddress.ip_network(self.fabric_cidr).subnets(new_prefix=16))
        if index >= len(blocks):
            raise ValueError(
                f"fabric_cidr: {self.fabric_cidr} has room for {len(blocks)} fabrics, not {index + 1}"
            )
        return blocks[index]  # type: ignore[return-value]


class Network(Component):
    """Custom-mode VPC, a regional subnet with ``pods``/``services`` secondary ranges, private Google
    access and flow logs, a Cloud Router with Cloud NAT (nodes have no public IPs), and optionally
    Private Service Access (an allocated range peered with servicenetworking) plus a Lustre firewall
    rule (TCP 988 from that range).

    Children: ``{name}-vpc``, ``{name}-subnet``, ``{name}-router``, ``{name}-nat``, and with PSA
    ``{name}-psa-range``, ``{name}-psa``, ``{name}-lustre-fw``.
    """

    network_id: pulumi.Output[str]
    subnet_id: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        spec: NetworkSpec,
        *,
        region: str,
        private_service_access: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:gcp:Network", name, opts)
        import pulumi_gcp as gcp

        vpc = gcp.compute.Network(
            f"{name}-vpc",
            name=f"{name}-vpc",
            auto_create_subnetworks=False,
            routing_mode="REGIONAL",
            mtu=spec.mtu,
            delete_default_routes_on_create=False,
            opts=self.child_opts(),
        )
        subnet = gcp.compute.Subnetwork(
            f"{name}-subnet",
            name=f"{name}-subnet",
            network=vpc.id,
            region=region,
            ip_cidr_range=spec.subnet_cidr,
            private_ip_google_access=True,
            secondary_ip_ranges=[
                {"range_name": "pods", "ip_cidr_range": spec.pods_cidr},
                {"range_name": "services", "ip_cidr_range": spec.services_cidr},
            ],
            log_config=FLOW_LOGS,
            opts=self.child_opts(),
        )
        router = gcp.compute.Router(
            f"{name}-router", name=f"{name}-router", network=vpc.id, region=region, opts=self.child_opts()
        )
        gcp.compute.RouterNat(
            f"{name}-nat",
            name=f"{name}-nat",
            router=router.name,
            region=region,
            nat_ip_allocate_option="AUTO_ONLY",
            source_subnetwork_ip_ranges_to_nat="ALL_SUBNETWORKS_ALL_IP_RANGES",
            log_config={"enable": True, "filter": "ERRORS_ONLY"},
            opts=self.child_opts(),
        )
        self.psa_connection = None
        if private_service_access:
            psa_range = gcp.compute.GlobalAddress(
                f"{name}-psa-range",
                name=f"{name}-psa-range",
                network=vpc.id,
                purpose="VPC_PEERING",
                address_type="INTERNAL",
                prefix_length=spec.psa_prefix_length,
                opts=self.child_opts(),
            )
            self.psa_connection = gcp.servicenetworking.Connection(
                f"{name}-psa",
                network=vpc.id,
                service="servicenetworking.googleapis.com",
                reserved_peering_ranges=[psa_range.name],
                opts=self.child_opts(),
            )
            # Managed Lustre servers live in the peered range and talk to clients on TCP 988 (CTK managed-lustre).
            gcp.compute.Firewall(
                f"{name}-lustre-fw",
                name=f"{name}-lustre",
                network=vpc.id,
                direction="INGRESS",
                allows=[{"protocol": "tcp", "ports": [str(LUSTRE_PORT)]}],
                source_ranges=[pulumi.Output.concat(psa_range.address, "/", str(spec.psa_prefix_length))],
                log_config={"metadata": "INCLUDE_ALL_METADATA"},
                opts=self.child_opts(),
            )
        self.vpc = vpc
        self.subnet = subnet
        self.network_id = vpc.id
        self.network_name = vpc.name
        self.subnet_id = subnet.id
        self.subnet_cidr = spec.subnet_cidr
        self.register_outputs({"network_id": self.network_id, "subnet_id": self.subnet_id})
