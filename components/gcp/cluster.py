"""A private GKE Standard cluster: CMEK secrets, Workload Identity, Dataplane V2, dedicated node identity."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Self

import pulumi
from pydantic import Field, model_validator

from ..base import Component
from ..spec.base import Spec
from .maintenance import MaintenanceExclusion, exclusions_for

NODE_ROLES = ("roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader")
"""Least privilege for GKE nodes: logging/monitoring writers (the GKE default node role) and image pulls."""

CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform"
"""Access scope for nodes; with a dedicated service account, IAM roles (not scopes) limit access."""

SHIELDED = {"enable_secure_boot": True, "enable_integrity_monitoring": True}
GKE_METADATA = {"mode": "GKE_METADATA"}
LOG_COMPONENTS = ("SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS")
"""Cloud Logging components: system and workload logs plus the control plane's (GKE 1.22+). The
Kubernetes audit log is Cloud Audit Logs (Admin Activity always on; Data Access per the project's
audit config, components/audit/gcp_audit.py); AIP-AUD-008 checks this list."""
BINAUTHZ_MODE = "PROJECT_SINGLETON_POLICY_ENFORCE"
"""Binary Authorization evaluation mode: admission checks every Pod's images against the project's
singleton policy (pulumi-gcp ``binary_authorization.evaluation_mode``; AIP-NODE-050, Checkov CKV_GCP_66,
CIS GKE 1.9.0 5.1.4). The policy itself is the project's (``gcp.binaryauthorization.Policy``, not
created here: it is project-wide). Google documents the policy a project starts with as allowing all
images (recalled, unverified), so enabling enforcement blocks nothing until a policy is written.
Needs the ``binaryauthorization.googleapis.com`` API enabled in the project."""


class ClusterSpec(Spec):
    """GKE control-plane settings. Nodes and the endpoint are private; there is no public switch."""

    release_channel: Literal["RAPID", "REGULAR", "STABLE"] = "REGULAR"
    """GKE release channel the cluster follows."""
    min_master_version: str | None = Field(
        default=None,
        description="GKE version floor ('1.X', '1.X.Y-gke.Z' or 'latest'); default: the release channel's",
    )
    authorized_cidrs: tuple[str, ...] = Field(
        default=(), description="extra private CIDRs (VPN, bastion) allowed to reach the private endpoint"
    )
    system_machine_type: str = Field(default="e2-standard-8", pattern=r"^[a-z0-9]+-[a-z0-9-]+$")
    """machine type of the system (non-accelerator) node pool."""
    system_nodes_per_zone: int = Field(default=1, ge=1, le=10)
    """system pool nodes per zone."""
    maintenance_start: str = Field(
        default="2025-01-04T03:00:00Z", description="RFC 3339 start of the weekly window"
    )
    maintenance_recurrence: str = "FREQ=WEEKLY;BYDAY=SA,SU"
    """RFC 5545 RRULE of the maintenance window."""
    maintenance_end: str = "2025-01-04T11:00:00Z"
    """RFC 3339 end of the first maintenance window (its length repeats)."""
    binary_authorization: bool = Field(
        default=True,
        description="enforce the project's Binary Authorization policy at admission (needs the binaryauthorization API)",
    )
    maintenance_exclusions: tuple[MaintenanceExclusion, ...] = Field(
        default=(),
        max_length=20,
        description="upgrade holds; pools on a reservation add a no-minor-or-node-upgrades hold by default",
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        for cidr in self.authorized_cidrs:
            try:
                net = ipaddress.ip_network(cidr)
            except ValueError:
                raise ValueError(f"authorized_cidrs: {cidr!r} is not a CIDR block") from None
            if not net.is_private:
                raise ValueError(
                    f"authorized_cidrs: {cidr} is public; the endpoint is private (RFC 1918 only)"
                )
        return self


def kubeconfig(cluster_name: str, endpoint: str, ca_certificate: str) -> str:
    """A kubeconfig that authenticates with ``gke-gcloud-auth-plugin`` (no static credentials)."""
    context = f"aiinfra-{cluster_name}"
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [
                {
                    "name": context,
                    "cluster": {
                        "server": f"https://{endpoint}",
                        "certificate-authority-data": ca_certificate,
                    },
                }
            ],
            "contexts": [{"name": context, "context": {"cluster": context, "user": context}}],
            "current-context": context,
            "users": [
                {
                    "name": context,
                    "user": {
                        "exec": {
                            "apiVersion": "client.authentication.k8s.io/v1beta1",
                            "command": "gke-gcloud-auth-plugin",
                            "provideClusterInfo": True,
                            "installHint": "gcloud components install gke-gcloud-auth-plugin",
                        }
                    },
                }
            ],
        }
    )


class GkeCluster(Component):
    """Regional private GKE cluster.

    Private nodes and a private endpoint (master authorized networks: the node subnet plus
    ``authorized_cidrs``), Workload Identity, application-layer secrets encryption with the cluster
    CMEK, a release channel with a weekend maintenance window, shielded nodes, Dataplane V2 (needed
    for multi-networking), the GCS FUSE / PD / Lustre / Filestore CSI drivers as asked, the default
    node pool removed and replaced by a small system pool (accelerator pools are tainted).

    ``waits_for`` (the cluster and node key grants) orders the cluster after its key grants.

    Children: ``{name}-nodes`` (service account) and its ``{name}-nodes-<role>`` IAM members,
    ``{name}-gke``, ``{name}-system`` (node pool).
    """

    cluster_id: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    kubeconfig: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        spec: ClusterSpec,
        *,
        project: str,
        region: str,
        network_id: pulumi.Input[str],
        subnet_id: pulumi.Input[str],
        subnet_cidr: str,
        master_cidr: str,
        secrets_key_id: pulumi.Input[str],
        node_key_id: pulumi.Input[str],
        labels: Mapping[str, str],
        multi_networking: bool = False,
        reserved_pools: bool = False,
        lustre_csi: bool = False,
        filestore_csi: bool = False,
        monitoring: Mapping[str, Any] | None = None,
        waits_for: Sequence[pulumi.Resource] = (),
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        exclusions = exclusions_for(
            spec.maintenance_exclusions, reserved_pools=reserved_pools, start=spec.maintenance_start
        )
        super().__init__("aiinfra:gcp:GkeCluster", name, opts)
        import pulumi_gcp as gcp

        account = gcp.serviceaccount.Account(
            f"{name}-nodes",
            account_id=f"{name}-nodes"[:30],
            display_name=f"aiinfra {name} GKE nodes",
            project=project,
            opts=self.child_opts(),
        )
        self.node_roles = [
            gcp.projects.IAMMember(
                f"{name}-nodes-{role.split('/')[1].replace('.', '-').lower()}",
                project=project,
                role=role,
                member=account.email.apply(lambda e: f"serviceAccount:{e}"),
                opts=self.child_opts(),
            )
            for role in NODE_ROLES
        ]
        node_config: dict[str, Any] = {
            "service_account": account.email,
            "oauth_scopes": [CLOUD_PLATFORM],
            "shielded_instance_config": SHIELDED,
            "workload_metadata_config": GKE_METADATA,
            "boot_disk_kms_key": node_key_id,
            "image_type": "COS_CONTAINERD",
            "resource_labels": dict(labels),
        }
        authorized = [{"cidr_block": subnet_cidr, "display_name": "nodes"}] + [
            {"cidr_block": c, "display_name": f"authorized-{i}"} for i, c in enumerate(spec.authorized_cidrs)
        ]
        cluster = gcp.container.Cluster(
            f"{name}-gke",
            name=name,
            project=project,
            location=region,
            network=network_id,
            subnetwork=subnet_id,
            networking_mode="VPC_NATIVE",
            ip_allocation_policy={
                "cluster_secondary_range_name": "pods",
                "services_secondary_range_name": "services",
            },
            remove_default_node_pool=True,
            initial_node_count=1,
            node_config=node_config,
            private_cluster_config={
                "enable_private_nodes": True,
                "enable_private_endpoint": True,
                "master_ipv4_cidr_block": master_cidr,
                "master_global_access_config": {"enabled": True},
            },
            master_authorized_networks_config={"cidr_blocks": authorized},
            workload_identity_config={"workload_pool": f"{project}.svc.id.goog"},
            database_encryption={"state": "ENCRYPTED", "key_name": secrets_key_id},
            release_channel={"channel": spec.release_channel},
            min_master_version=spec.min_master_version,
            maintenance_policy={
                "recurring_window": {
                    "start_time": spec.maintenance_start,
                    "end_time": spec.maintenance_end,
                    "recurrence": spec.maintenance_recurrence,
                },
                "maintenance_exclusions": [e.args() for e in exclusions] or None,
            },
            enable_shielded_nodes=True,
            # Dataplane V2 also enforces the team and notebook NetworkPolicies (no separate add-on).
            datapath_provider="ADVANCED_DATAPATH",
            # Pod-to-Pod traffic on one node goes through the VPC too, so flow logs and firewall rules
            # see it (CIS GKE 5.6.1 with the subnet flow logs; AIP-NET-051). GKE's "Setting up
            # intranode visibility" page (docs.cloud.google.com, read 2026-12-07) lists as limits only
            # GKE >= 1.15, no Windows node pools and the Pod CIDR in ip-masq-agent nonMasqueradeCIDRs;
            # with Dataplane V2 (1.36.0-gke.3302000+) it is eBPF-native. Neither that page nor the
            # multi-network page's limits name a conflict with multi-networking (GPUDirect); that the
            # GPU NICs' traffic is unaffected (it is not primary Pod-network traffic) is our reading,
            # unverified on hardware.
            enable_intranode_visibility=True,
            binary_authorization={
                "evaluation_mode": BINAUTHZ_MODE if spec.binary_authorization else "DISABLED"
            },
            # GKE cost allocation: per-namespace / per-pod-label cost lines (k8s-namespace,
            # k8s-label/<key>) in the BigQuery detailed billing export, how team spend is measured.
            cost_management_config={"enabled": True},
            enable_multi_networking=multi_networking or None,
            addons_config={
                "gcs_fuse_csi_driver_config": {"enabled": True},
                "gce_persistent_disk_csi_driver_config": {"enabled": True},
                **({"lustre_csi_driver_config": {"enabled": True}} if lustre_csi else {}),
                **({"gcp_filestore_csi_driver_config": {"enabled": True}} if filestore_csi else {}),
            },
            logging_config={"enable_components": list(LOG_COMPONENTS)},
            monitoring_config=monitoring,  # managed Prometheus + DCGM (components/observability/gmp.py)
            deletion_protection=True,
            resource_labels=dict(labels),
            opts=self.child_opts(depends_on=[*waits_for, *self.node_roles], ignore_changes=["nodeConfig"]),
        )
        self.system_pool = gcp.container.NodePool(
            f"{name}-system",
            name="system",
            project=project,
            cluster=cluster.id,
            location=region,
            node_count=spec.system_nodes_per_zone,
            node_config={**node_config, "machine_type": spec.system_machine_type, "disk_type": "pd-balanced"},
            management={"auto_repair": True, "auto_upgrade": True},
            network_config={"enable_private_nodes": True},
            opts=self.child_opts(depends_on=[*waits_for, *self.node_roles]),
        )
        self.cluster = cluster
        self.service_account = account
        self.service_account_email = account.email
        self.cluster_id = cluster.id
        self.cluster_name = cluster.name
        self.endpoint = cluster.endpoint
        self.ca_certificate = cluster.master_auth.cluster_ca_certificate
        self.peering_name = cluster.private_cluster_config.peering_name
        self.kubeconfig = pulumi.Output.secret(
            pulumi.Output.all(
                cluster.name, cluster.endpoint, cluster.master_auth.cluster_ca_certificate
            ).apply(lambda a: kubeconfig(a[0], a[1], a[2]))
        )
        self.register_outputs(
            {"cluster_id": self.cluster_id, "endpoint": self.endpoint, "kubeconfig": self.kubeconfig}
        )
