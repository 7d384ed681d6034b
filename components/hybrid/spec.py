"""Typed specs of a hybrid platform: the link between the sites, MultiKueue burst and dataset replication.

Pydantic v2, frozen, no provider SDK imports. Secrets (pre-shared keys, S3 credentials, the DataSync
activation key) are never values here: a spec names the *secret config key* (namespace ``aiinfra``)
that holds them, and the blueprint reads it with ``require_secret``.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import date
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, model_validator

from ..spec.base import ResourceName, Spec
from .schedule import CronSchedule

_CONFIG_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_NOT_PUBLIC = tuple(
    ipaddress.ip_network(c) for c in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
)
RESERVED_ASNS = (7224,)
PRIVATE_ASNS = ((64512, 65534), (4_200_000_000, 4_294_967_294))
MULTIKUEUE_CONTROLLER = "kueue.x-k8s.io/multikueue"


def _check_config_key(value: str) -> str:
    if not _CONFIG_KEY.match(value):
        raise ValueError(
            f"{value!r} is not a config key name (letters, digits, '-', '_'; starts with a letter)"
        )
    return value


SecretKey = Annotated[str, AfterValidator(_check_config_key)]
"""The name of a secret stack config key in namespace ``aiinfra`` (set with ``pulumi config set --secret``)."""


def _check_asn(field: str, asn: int) -> None:
    if not any(low <= asn <= high for low, high in PRIVATE_ASNS):
        raise ValueError(
            f"{field}: {asn} is not a private ASN (allowed: 64512-65534 or 4200000000-4294967294)"
        )


# --- connectivity ----------------------------------------------------------------------------------
class TunnelSpec(Spec):
    """One IPsec tunnel: its link-local /30 for BGP and the secret config key of its pre-shared key."""

    inside_cidr: ipaddress.IPv4Network
    """the tunnel's /30 inside CIDR (169.254.0.0/16 link-local)."""
    psk_key: SecretKey
    """secret config key (namespace aiinfra) holding the tunnel's pre-shared key."""

    def addresses(self) -> tuple[str, str]:
        """(cloud side, on-prem side) BGP addresses: the first and second host of the /30."""
        hosts = list(self.inside_cidr.hosts())
        return str(hosts[0]), str(hosts[1])


class _LinkBase(Spec):
    onprem_asn: int = Field(
        description="BGP ASN of the on-prem edge router (private or the site's public ASN)"
    )
    cloud_asn: int = Field(
        description="BGP ASN of the cloud side (TGW/VGW Amazon-side ASN, Cloud Router ASN)"
    )
    routes_to_onprem: tuple[ipaddress.IPv4Network, ...] = Field(
        min_length=1,
        description="on-prem prefixes the cloud routes into the link (static routes, VPC route tables)",
    )

    @model_validator(mode="after")
    def _check_link(self) -> Self:
        # The on-prem edge may use its public ASN (AWS reserves 7224 in every region); the cloud side's
        # TGW/VGW/Cloud Router ASN must be private (AWS VPN customer-gateway options docs).
        if not 1 <= self.onprem_asn <= 4_294_967_294 or self.onprem_asn in RESERVED_ASNS:
            raise ValueError(f"onprem_asn: {self.onprem_asn} is not a usable ASN (1-4294967294, not 7224)")
        _check_asn("cloud_asn", self.cloud_asn)
        if self.onprem_asn == self.cloud_asn:
            raise ValueError(f"cloud_asn: {self.cloud_asn} equals onprem_asn; each side needs its own ASN")
        return self


class VpnSpec(_LinkBase):
    """Site-to-site IPsec VPN (IKEv2) from the on-prem edge to the cloud.

    AWS: one customer gateway per on-prem public IP, one VPN connection (two tunnels) per customer
    gateway, terminated on a transit gateway (default) or a VPN gateway. GCP: HA VPN, two tunnels
    (one per HA interface) to an external VPN gateway with one or two interfaces; BGP only.
    """

    kind: Literal["vpn"] = "vpn"
    """selects the VPN variant of connectivity."""
    onprem_public_ips: tuple[ipaddress.IPv4Address, ...] = Field(min_length=1, max_length=2)
    """public IPv4 addresses of the on-prem VPN endpoints (1-2)."""
    routing: Literal["bgp", "static"] = "bgp"
    """BGP (recommended; GCP supports only BGP) or static routes (AWS)."""
    aws_gateway: Literal["transit_gateway", "vpn_gateway"] = "transit_gateway"
    """AWS: terminate on a transit gateway or a virtual private gateway."""
    tunnels: tuple[TunnelSpec, ...] = Field(min_length=2, max_length=4)
    """tunnels (2-4): inside CIDRs and the secret keys of their pre-shared keys."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        for i, ip in enumerate(self.onprem_public_ips):
            if (
                ip.is_loopback
                or ip.is_link_local
                or ip.is_multicast
                or ip.is_unspecified
                or ip.is_reserved
                or any(ip in block for block in _NOT_PUBLIC)
            ):
                raise ValueError(
                    f"onprem_public_ips[{i}]: {ip} is not a public address (the IPsec peer's outside IP)"
                )
        if len(set(self.onprem_public_ips)) != len(self.onprem_public_ips):
            raise ValueError("onprem_public_ips: addresses must be distinct")
        keys = [t.psk_key for t in self.tunnels]
        if len(set(keys)) != len(keys):
            raise ValueError(f"tunnels: every tunnel needs its own pre-shared key; repeated keys in {keys}")
        return self


class InterconnectPeer(Spec):
    """An existing GCP InterconnectAttachment (by name) and the on-prem BGP address behind it."""

    name: ResourceName
    """name of the existing interconnect attachment."""
    peer_ip: ipaddress.IPv4Address
    """BGP peer IP of the on-prem router on that attachment."""


class DedicatedSpec(_LinkBase):
    """Direct Connect / Interconnect: only the attachment given is recorded, no VPN is created.

    AWS: ``dx_gateway_id`` is associated with the transit gateway (allowed prefix: the VPC CIDR).
    GCP: each ``interconnect_attachments`` entry (an existing attachment by name) gets a Cloud Router
    interface and BGP peer.
    """

    kind: Literal["dedicated"] = "dedicated"
    """selects the dedicated-link variant of connectivity."""
    dx_gateway_id: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
    )
    """AWS: existing Direct Connect gateway id to associate."""
    interconnect_attachments: tuple[InterconnectPeer, ...] = ()
    """GCP: existing VLAN attachments to peer with."""


Connectivity = Annotated[VpnSpec | DedicatedSpec, Field(discriminator="kind")]


# --- burst scheduling ------------------------------------------------------------------------------
class BurstTeamSpec(Spec):
    """A team that may burst: its on-prem namespace and its GPU quota per cloud pool."""

    name: ResourceName
    """team name (as on-prem)."""
    namespace: ResourceName | None = Field(default=None, description="default: team-<name> (as on-prem)")
    gpus: dict[str, int] = Field(min_length=1, description="cloud pool name -> accelerators")

    @model_validator(mode="after")
    def _check(self) -> Self:
        for pool, n in self.gpus.items():
            if n < 1:
                raise ValueError(f"gpus.{pool}: {n} must be at least 1 (drop the pool instead)")
        return self

    @property
    def ns(self) -> str:
        """The team's namespace on both clusters."""
        return self.namespace or f"team-{self.name}"


class BurstSpec(Spec):
    """Kueue MultiKueue: the on-prem cluster is the manager, the cloud cluster the one worker.

    ``topology_name`` exists only to be refused with a clear message: a MultiKueue ClusterQueue that
    references a topology-aware (TAS) flavor is inactive (Kueue TAS docs).
    """

    worker: ResourceName = Field(default="cloud-burst", description="MultiKueueCluster name")
    kueue_namespace: ResourceName = "kueue-system"
    """namespace Kueue runs in on both clusters."""
    queue_suffix: ResourceName = Field(default="burst", description="burst queues are '<team>-<suffix>'")
    manager_flavor: ResourceName = Field(
        default="cloud-burst", description="quota-only flavor on the manager"
    )
    topology_name: str | None = Field(default=None, description="TAS topology for the burst flavor: refused")
    teams: tuple[BurstTeamSpec, ...] = Field(min_length=1, max_length=256)
    """teams allowed to burst, with cloud accelerator quotas per pool."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.topology_name is not None:
            raise ValueError(
                f"topology_name: {self.topology_name!r} makes the burst flavor topology-aware, and a "
                "MultiKueue ClusterQueue that references a TAS flavor is inactive (Kueue docs); remove it "
                "(use TAS on the on-prem queues only)"
            )
        names = [t.name for t in self.teams]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"teams: names must be unique; repeated: {repeated}")
        return self

    def queue(self, team: BurstTeamSpec) -> str:
        """The burst ClusterQueue/LocalQueue name of a team (the same on manager and worker)."""
        return f"{team.name}-{self.queue_suffix}"


# --- dataset replication ---------------------------------------------------------------------------
def _check_pem(value: str) -> str:
    text = value.strip()
    if "PRIVATE KEY" in text:
        raise ValueError("server_certificate: holds a private key; give only the certificate chain")
    if not (text.startswith("-----BEGIN CERTIFICATE-----") and text.endswith("-----END CERTIFICATE-----")):
        raise ValueError("server_certificate: must be a PEM certificate chain (-----BEGIN CERTIFICATE-----)")
    return text + "\n"


class ObjectSourceSpec(Spec):
    """The on-prem S3-compatible endpoint (e.g. Ceph RGW behind an ingress) that replicates to the cloud."""

    hostname: str = Field(description="DNS name (or IP) the agents reach the endpoint at")
    port: int = Field(default=443, ge=1, le=65535)
    """TCP port of the endpoint."""
    protocol: Literal["HTTPS", "HTTP"] = "HTTPS"
    """HTTPS only (HTTP is refused)."""
    bucket: str
    """source bucket name."""
    path: str = Field(default="", pattern=r"^([A-Za-z0-9._-]+/)*$", description="prefix, '' or ending in '/'")
    server_certificate: Annotated[str, AfterValidator(_check_pem)] | None = Field(
        default=None, description="PEM chain of the endpoint's CA (private CAs; DataSync verifies with it)"
    )
    access_key_key: SecretKey | None = Field(default=None, description="secret config key: S3 access key id")
    secret_key_key: SecretKey | None = Field(default=None, description="secret config key: S3 secret key")

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.protocol != "HTTPS":
            raise ValueError(
                f"protocol: {self.protocol!r} sends datasets unencrypted across the link; only HTTPS is allowed"
            )
        if not _HOSTNAME.match(self.hostname):
            raise ValueError(f"hostname: {self.hostname!r} is not a DNS name or IPv4 address")
        if not _BUCKET.match(self.bucket):
            raise ValueError(f"bucket: {self.bucket!r} is not an S3 bucket name")
        if (self.access_key_key is None) != (self.secret_key_key is None):
            raise ValueError("access_key_key: set both access_key_key and secret_key_key, or neither")
        return self


class DataSyncAgentSpec(Spec):
    """The on-prem DataSync agent: activate a new one (activation key) or use an activated one (ARN)."""

    agent_arn: str | None = Field(
        default=None, pattern=r"^arn:aws[a-z-]*:datasync:[a-z0-9-]+:\d{12}:agent/agent-[0-9a-z]{17}$"
    )
    """ARN of an existing, activated DataSync agent (or give activation_key_key)."""
    activation_key_key: SecretKey | None = Field(
        default=None, description="secret config key: activation key"
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if (self.agent_arn is None) == (self.activation_key_key is None):
            raise ValueError(
                "agent_arn: set exactly one of agent_arn (activated agent) or activation_key_key"
            )
        return self


class TransferPoolSpec(Spec):
    """GCP Storage Transfer Service agent pool the on-prem agents join."""

    name: ResourceName = "onprem-datasets"
    """Storage Transfer Service agent pool name."""
    bandwidth_limit_mbps: int | None = Field(default=None, ge=1, le=1_000_000)
    """bandwidth cap of the agent pool in MB/s (none: unlimited)."""


class ReplicationSpec(Spec):
    """On-prem object storage replicated into the cloud cold tier on a schedule."""

    source: ObjectSourceSpec
    """the on-prem S3-compatible endpoint and bucket."""
    destination_path: str = Field(
        default="datasets/", pattern=r"^([A-Za-z0-9._-]+/)+$", description="prefix in the cold bucket"
    )
    schedule: CronSchedule
    """cron schedule of the replication runs."""
    start_date: date = Field(default=date(2026, 1, 1), description="first day the schedule applies (GCP)")
    datasync: DataSyncAgentSpec | None = Field(default=None, description="AWS: the DataSync agent")
    transfer_pool: TransferPoolSpec | None = Field(default=None, description="GCP: the STS agent pool")
    verify: Literal["ONLY_FILES_TRANSFERRED", "POINT_IN_TIME_CONSISTENT"] = "ONLY_FILES_TRANSFERRED"
    """how transferred data is verified."""
    delete_removed: bool = Field(default=False, description="delete objects in the cloud gone on-prem")
