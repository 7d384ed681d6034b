"""GPUDirect fabrics: the extra VPCs a GPU machine family needs, sized from the catalog.

- TCPX (A3 High) / TCPXO (A3 Mega): ``machine.extra_vpcs`` VPCs, one subnet each, MTU from the catalog,
  a firewall rule allowing traffic from inside that subnet only (CTK ``multivpc``).
- RDMA (A3 Ultra / A4): ``extra_vpcs == 2`` = one extra gVNIC VPC (+ subnet, firewall) and one RoCE VPC
  created with the zone's RDMA network profile (``…/networkProfiles/<zone>-vpc-roce``) and one subnet
  per ConnectX NIC (``machine.fabric_interfaces``). No firewall rules on the RoCE network: GCP rejects
  them for the Mellanox RoCE profile (CTK ``multivpc`` warning).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from ..base import Component
from ..catalog import MachineType
from .network import FLOW_LOGS, NetworkSpec

GPUDIRECT_FABRICS = ("tcpx", "tcpxo", "rdma")
SUBNET_PREFIX = 20


@dataclass(frozen=True)
class FabricNetworks:
    """The (network, subnetwork) pairs a node pool attaches as additional node networks."""

    pairs: tuple[tuple[pulumi.Output[str], pulumi.Output[str]], ...]

    def node_network_configs(self) -> list[dict[str, pulumi.Input[str]]]:
        """``network_config.additional_node_network_configs`` entries, in NIC order."""
        return [{"network": net, "subnetwork": sub} for net, sub in self.pairs]


def roce_profile(project: str, zone: str) -> str:
    """The RDMA (RoCE) network profile of a zone."""
    return f"projects/{project}/global/networkProfiles/{zone}-vpc-roce"


def fabric_subnets(machine: MachineType) -> list[tuple[str, int]]:
    """(network role, subnet index) per additional node network of ``machine``, in NIC order."""
    if machine.fabric in ("tcpx", "tcpxo"):
        return [(f"vpc{i}", 0) for i in range(machine.extra_vpcs)]
    if machine.fabric == "rdma":
        if machine.extra_vpcs != 2:
            raise ValueError(f"{machine.machine_type}: RDMA wiring expects 2 extra VPCs (gVNIC + RoCE)")
        return [("gvnic", 0), *[("roce", i) for i in range(machine.fabric_interfaces)]]
    raise ValueError(f"{machine.machine_type} has no GPUDirect fabric (fabric {machine.fabric!r})")


class GpuFabric(Component):
    """The extra VPC networks of one GPUDirect node pool (see module docstring).

    Children: ``{name}-<role>`` networks (``vpc0``…, ``gvnic``, ``roce``), ``{name}-<role>-subnet[<i>]``
    subnets, ``{name}-<role>-internal`` firewall rules (never on ``roce``).
    """

    def __init__(
        self,
        name: str,
        machine: MachineType,
        *,
        project: str,
        region: str,
        zone: str,
        network_spec: NetworkSpec,
        index: int,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:gcp:GpuFabric", name, opts)
        import pulumi_gcp as gcp

        block = network_spec.fabric_block(index)
        cidrs = iter(block.subnets(new_prefix=SUBNET_PREFIX))
        networks: dict[str, gcp.compute.Network] = {}
        pairs: list[tuple[pulumi.Output[str], pulumi.Output[str]]] = []
        self.subnets: list = []
        layout = fabric_subnets(machine)
        roce_count = sum(1 for role, _ in layout if role == "roce")
        for role, i in layout:
            roce = role == "roce"
            if role not in networks:
                networks[role] = gcp.compute.Network(
                    f"{name}-{role}",
                    name=f"{name}-{role}",
                    auto_create_subnetworks=False,
                    routing_mode="REGIONAL",
                    mtu=machine.mtu,
                    network_profile=roce_profile(project, zone) if roce else None,
                    opts=self.child_opts(),
                )
            net = networks[role]
            cidr = str(next(cidrs))
            suffix = f"-subnet{i}" if roce and roce_count > 1 else "-subnet"
            subnet = gcp.compute.Subnetwork(
                f"{name}-{role}{suffix}",
                name=f"{name}-{role}{suffix}",
                network=net.id,
                region=region,
                ip_cidr_range=cidr,
                private_ip_google_access=not roce,
                # Flow logs are not offered on RoCE (RDMA) subnets (assumption; unverified).
                log_config=None if roce else FLOW_LOGS,
                opts=self.child_opts(),
            )
            if not roce:
                gcp.compute.Firewall(
                    f"{name}-{role}-internal",
                    name=f"{name}-{role}-internal",
                    network=net.id,
                    direction="INGRESS",
                    allows=[{"protocol": "tcp"}, {"protocol": "udp"}, {"protocol": "icmp"}],
                    source_ranges=[cidr],
                    log_config={"metadata": "INCLUDE_ALL_METADATA"},
                    opts=self.child_opts(),
                )
            self.subnets.append(subnet)
            pairs.append((net.name, subnet.name))
        self.networks = networks
        self.fabric = FabricNetworks(tuple(pairs))
        self.register_outputs(
            {"networks": [n.name for n in networks.values()], "subnets": [s.name for s in self.subnets]}
        )
