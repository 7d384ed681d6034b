"""The AWS end of the on-prem link: transit gateway (or VPN gateway), IPsec VPN or Direct Connect
association, routes from the VPC back to on-prem, and API access for the MultiKueue manager."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi
import pulumi_aws as aws

from ..aws.common import with_name
from ..base import Component
from .spec import DedicatedSpec, VpnSpec

# IKEv2 with AES-256 / SHA2-256 / DH group 20 (values from the pulumi-aws VpnConnection docstring).
IKE = {"ike_versions": ["ikev2"]}
PHASE = {
    "phase1_encryption_algorithms": ["AES256"],
    "phase1_integrity_algorithms": ["SHA2-256"],
    "phase1_dh_group_numbers": [20],
    "phase2_encryption_algorithms": ["AES256"],
    "phase2_integrity_algorithms": ["SHA2-256"],
    "phase2_dh_group_numbers": [20],
}
KUBE_API_PORT = 443


def _tunnel_args(index: int, inside_cidr: str, psk: pulumi.Input[str]) -> dict:
    prefix = f"tunnel{index}_"
    args = {f"{prefix}inside_cidr": inside_cidr, f"{prefix}preshared_key": psk}
    args.update({prefix + k: v for k, v in {**IKE, **PHASE}.items()})
    return args


class AwsSiteLink(Component):
    """Connects the platform VPC to the on-prem site.

    - VPN over a transit gateway (default): ``{name}-tgw``, ``{name}-tgw-vpc`` (VPC attachment),
      per on-prem public IP ``{name}-cgw-<i>`` (customer gateway, ``ipsec.1``, on-prem ASN) and
      ``{name}-vpn-<i>`` (two IKEv2 tunnels, link-local /30 inside ranges, pre-shared keys from
      secrets); static routing adds ``{name}-vpn-<i>-route-<j>`` TGW routes to the VPN attachment.
    - VPN over a VPN gateway: ``{name}-vgw`` attached to the VPC, connections as above, static
      routing through ``{name}-vpn-<i>-route-<j>`` (``VpnConnectionRoute``).
    - Direct Connect: transit gateway and VPC attachment, plus ``{name}-dx`` associating the
      given DX gateway with the TGW (allowed prefix: the VPC CIDR). No VPN.

    Every private route table gets ``{name}-rt<i>-onprem<j>`` for each on-prem prefix (the route back),
    and the cluster security group admits the on-prem prefixes on TCP 443 (``{name}-api-onprem<j>``)
    so the MultiKueue manager reaches the private EKS endpoint.
    """

    transit_gateway_id: pulumi.Output[str] | None
    vpn_connection_ids: list[pulumi.Output[str]]

    def __init__(
        self,
        name: str,
        spec: VpnSpec | DedicatedSpec,
        *,
        vpc_id: pulumi.Input[str],
        vpc_cidr: str,
        subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]],
        route_table_ids: Sequence[pulumi.Input[str]],
        api_security_group_id: pulumi.Input[str],
        preshared_keys: Mapping[str, pulumi.Input[str]],
        tags: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:hybrid:AwsSiteLink", name, opts)
        onprem = [str(c) for c in spec.routes_to_onprem]
        self.transit_gateway_id = None
        self.vpn_connection_ids = []
        self.tunnel_addresses: list[pulumi.Output[str]] = []
        use_vgw = isinstance(spec, VpnSpec) and spec.aws_gateway == "vpn_gateway"
        route_waits: list[pulumi.Resource] = []
        hub: dict[str, pulumi.Input[str]]
        if use_vgw:
            vgw = aws.ec2.VpnGateway(
                f"{name}-vgw",
                vpc_id=vpc_id,
                amazon_side_asn=str(spec.cloud_asn),
                tags=with_name(tags, f"{name}-vgw"),
                opts=self.child_opts(),
            )
            hub = {"vpn_gateway_id": vgw.id}
            route_target = {"gateway_id": vgw.id}
            route_waits.append(vgw)
        else:
            tgw = aws.ec2transitgateway.TransitGateway(
                f"{name}-tgw",
                description=f"aiinfra {name}: on-prem link",
                amazon_side_asn=spec.cloud_asn,
                auto_accept_shared_attachments="disable",
                default_route_table_association="enable",
                default_route_table_propagation="enable",
                dns_support="enable",
                vpn_ecmp_support="enable",
                tags=with_name(tags, f"{name}-tgw"),
                opts=self.child_opts(),
            )
            attachment = aws.ec2transitgateway.VpcAttachment(
                f"{name}-tgw-vpc",
                transit_gateway_id=tgw.id,
                vpc_id=vpc_id,
                subnet_ids=subnet_ids,
                dns_support="enable",
                tags=with_name(tags, f"{name}-tgw-vpc"),
                opts=self.child_opts(),
            )
            hub = {"transit_gateway_id": tgw.id}
            route_target = {"transit_gateway_id": tgw.id}
            route_waits.append(attachment)
            self.transit_gateway_id = tgw.id
            self._tgw = tgw

        if isinstance(spec, VpnSpec):
            self._vpn(name, spec, hub, onprem, preshared_keys, tags, use_vgw)
        elif spec.dx_gateway_id is not None and self.transit_gateway_id is not None:
            aws.directconnect.GatewayAssociation(
                f"{name}-dx",
                dx_gateway_id=spec.dx_gateway_id,
                associated_gateway_id=self.transit_gateway_id,
                allowed_prefixes=[vpc_cidr],
                opts=self.child_opts(),
            )

        for i, table in enumerate(route_table_ids):
            for j, cidr in enumerate(onprem):
                aws.ec2.Route(
                    f"{name}-rt{i}-onprem{j}",
                    route_table_id=table,
                    destination_cidr_block=cidr,
                    **route_target,
                    opts=self.child_opts(depends_on=route_waits),
                )
        for j, cidr in enumerate(onprem):
            aws.vpc.SecurityGroupIngressRule(
                f"{name}-api-onprem{j}",
                security_group_id=api_security_group_id,
                cidr_ipv4=cidr,
                ip_protocol="tcp",
                from_port=KUBE_API_PORT,
                to_port=KUBE_API_PORT,
                description="Kubernetes API from on-prem (MultiKueue manager)",
                tags=tags,
                opts=self.child_opts(),
            )
        self.register_outputs(
            {
                "transit_gateway_id": self.transit_gateway_id,
                "vpn_connection_ids": self.vpn_connection_ids,
                "tunnel_addresses": self.tunnel_addresses,
            }
        )

    def _vpn(
        self,
        name: str,
        spec: VpnSpec,
        hub: Mapping[str, pulumi.Input[str]],
        onprem: list[str],
        preshared_keys: Mapping[str, pulumi.Input[str]],
        tags: Mapping[str, str],
        use_vgw: bool,
    ) -> None:
        static = spec.routing == "static"
        for i, ip in enumerate(spec.onprem_public_ips):
            cgw = aws.ec2.CustomerGateway(
                f"{name}-cgw-{i}",
                type="ipsec.1",
                bgp_asn=str(spec.onprem_asn),
                ip_address=str(ip),
                tags=with_name(tags, f"{name}-cgw-{i}"),
                opts=self.child_opts(),
            )
            first, second = spec.tunnels[2 * i], spec.tunnels[2 * i + 1]
            vpn = aws.ec2.VpnConnection(
                f"{name}-vpn-{i}",
                type="ipsec.1",
                customer_gateway_id=cgw.id,
                static_routes_only=static,
                **hub,
                **_tunnel_args(1, str(first.inside_cidr), preshared_keys[first.psk_key]),
                **_tunnel_args(2, str(second.inside_cidr), preshared_keys[second.psk_key]),
                tags=with_name(tags, f"{name}-vpn-{i}"),
                opts=self.child_opts(),
            )
            self.vpn_connection_ids.append(vpn.id)
            self.tunnel_addresses += [vpn.tunnel1_address, vpn.tunnel2_address]
            if not static:
                continue
            for j, cidr in enumerate(onprem):
                if use_vgw:
                    aws.ec2.VpnConnectionRoute(
                        f"{name}-vpn-{i}-route-{j}",
                        vpn_connection_id=vpn.id,
                        destination_cidr_block=cidr,
                        opts=self.child_opts(),
                    )
                else:
                    aws.ec2transitgateway.Route(
                        f"{name}-vpn-{i}-route-{j}",
                        destination_cidr_block=cidr,
                        transit_gateway_attachment_id=vpn.transit_gateway_attachment_id,
                        transit_gateway_route_table_id=self._tgw.association_default_route_table_id,
                        opts=self.child_opts(),
                    )
