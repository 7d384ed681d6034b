"""The GCP end of the on-prem link: Cloud Router with BGP, HA VPN (or existing Interconnect
attachments), and the route exchange that lets on-prem reach the private GKE control plane."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi

from ..base import Component
from .spec import DedicatedSpec, VpnSpec


class GcpSiteLink(Component):
    """Connects the platform VPC to the on-prem site.

    - ``{name}-router``: Cloud Router (cloud ASN) advertising all subnets plus the GKE control-plane
      range (``advertised_ip_ranges``), so on-prem learns a route to the private endpoint.
    - HA VPN: ``{name}-gw`` (HA VPN gateway), ``{name}-onprem`` (external VPN gateway with one or two
      interfaces), ``{name}-tunnel<i>`` (one per HA interface, IKEv2, pre-shared key from secrets),
      ``{name}-if<i>`` (router interface on the tunnel's link-local /30) and ``{name}-bgp<i>`` (BGP peer
      to the on-prem ASN).
    - Interconnect: per existing attachment ``{name}-if-<attachment>`` and ``{name}-bgp-<attachment>``;
      no VPN.
    - ``{name}-gke-routes``: exports the VPC's custom (on-prem) routes to the GKE control-plane peering,
      so the control plane can answer on-prem clients.
    """

    router_name: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        spec: VpnSpec | DedicatedSpec,
        *,
        project: str,
        region: str,
        network_id: pulumi.Input[str],
        network_name: pulumi.Input[str],
        advertised_ranges: Sequence[str],
        gke_peering_name: pulumi.Input[str] | None,
        preshared_keys: Mapping[str, pulumi.Input[str]],
        labels: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:hybrid:GcpSiteLink", name, opts)
        import pulumi_gcp as gcp

        where = {"project": project, "region": region}
        router = gcp.compute.Router(
            f"{name}-router",
            name=f"{name}-router",
            network=network_id,
            bgp={
                "asn": spec.cloud_asn,
                "advertise_mode": "CUSTOM",
                "advertised_groups": ["ALL_SUBNETS"],
                "advertised_ip_ranges": [
                    {"range": r, "description": "GKE control plane"} for r in advertised_ranges
                ],
            },
            **where,
            opts=self.child_opts(),
        )
        self.tunnel_names: list[pulumi.Output[str]] = []
        if isinstance(spec, VpnSpec):
            gateway = gcp.compute.HaVpnGateway(
                f"{name}-gw",
                name=f"{name}-gw",
                network=network_id,
                stack_type="IPV4_ONLY",
                **where,
                opts=self.child_opts(),
            )
            two = len(spec.onprem_public_ips) == 2
            peer = gcp.compute.ExternalVpnGateway(
                f"{name}-onprem",
                name=f"{name}-onprem",
                project=project,
                redundancy_type="TWO_IPS_REDUNDANCY" if two else "SINGLE_IP_INTERNALLY_REDUNDANT",
                interfaces=[{"id": i, "ip_address": str(ip)} for i, ip in enumerate(spec.onprem_public_ips)],
                labels=dict(labels),
                opts=self.child_opts(),
            )
            for i, tunnel_spec in enumerate(spec.tunnels):
                cloud_ip, onprem_ip = tunnel_spec.addresses()
                tunnel = gcp.compute.VPNTunnel(
                    f"{name}-tunnel{i}",
                    name=f"{name}-tunnel{i}",
                    vpn_gateway=gateway.id,
                    vpn_gateway_interface=i,
                    peer_external_gateway=peer.id,
                    peer_external_gateway_interface=i if two else 0,
                    shared_secret=preshared_keys[tunnel_spec.psk_key],
                    router=router.id,
                    ike_version=2,
                    labels=dict(labels),
                    **where,
                    opts=self.child_opts(),
                )
                interface = gcp.compute.RouterInterface(
                    f"{name}-if{i}",
                    name=f"{name}-if{i}",
                    router=router.name,
                    ip_range=f"{cloud_ip}/{tunnel_spec.inside_cidr.prefixlen}",
                    vpn_tunnel=tunnel.name,
                    **where,
                    opts=self.child_opts(),
                )
                gcp.compute.RouterPeer(
                    f"{name}-bgp{i}",
                    name=f"{name}-bgp{i}",
                    router=router.name,
                    interface=interface.name,
                    peer_ip_address=onprem_ip,
                    peer_asn=spec.onprem_asn,
                    advertised_route_priority=100,
                    **where,
                    opts=self.child_opts(),
                )
                self.tunnel_names.append(tunnel.name)
        else:
            for attachment in spec.interconnect_attachments:
                interface = gcp.compute.RouterInterface(
                    f"{name}-if-{attachment.name}",
                    name=f"{name}-if-{attachment.name}",
                    router=router.name,
                    interconnect_attachment=attachment.name,
                    **where,
                    opts=self.child_opts(),
                )
                gcp.compute.RouterPeer(
                    f"{name}-bgp-{attachment.name}",
                    name=f"{name}-bgp-{attachment.name}",
                    router=router.name,
                    interface=interface.name,
                    peer_ip_address=str(attachment.peer_ip),
                    peer_asn=spec.onprem_asn,
                    **where,
                    opts=self.child_opts(),
                )
        if gke_peering_name is not None:
            gcp.compute.NetworkPeeringRoutesConfig(
                f"{name}-gke-routes",
                project=project,
                network=network_name,
                peering=gke_peering_name,
                export_custom_routes=True,
                import_custom_routes=False,
                opts=self.child_opts(),
            )
        self.router_name = router.name
        self.register_outputs({"router_name": self.router_name, "tunnel_names": self.tunnel_names})
