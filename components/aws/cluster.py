"""A private EKS control plane: secrets encrypted with the CMK, audit logs, IRSA, node role."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Literal

import pulumi
import pulumi_aws as aws
from pydantic import Field, field_validator

from ..base import Component
from ..spec.base import Spec
from .addon_versions import (
    ADDON_VERSIONS,
    DEFAULT_KUBERNETES_VERSION,
    addon_version,
    supports_efa_only,
    unpinned_message,
)
from .common import assume_role_policy, managed_policy

NETWORK_ADDONS = ("vpc-cni", "kube-proxy", "eks-pod-identity-agent")
"""Add-ons nodes need to become Ready; created with the control plane, before any node group."""

VPC_CNI_CONFIGURATION = {"enableNetworkPolicy": "true"}
"""The VPC CNI add-on's ``configurationValues``: enforce Kubernetes NetworkPolicies (off by default).

``enableNetworkPolicy`` is a key of the chart values at both pinned tags (charts/aws-vpc-cni/values.yaml
v1.20.1 line 119 and v1.21.1 line 125, default the *string* ``"false"``); it sets the
``amazon-vpc-cni`` ConfigMap's ``enable-network-policy-controller`` (the EKS-hosted controller) and
the node agent's ``--enable-network-policy`` flag (templates/configmap.yaml, daemonset.yaml). The EKS
user guide (cni-network-policy-configure) gives the add-on value as the string ``"true"``. The node
agent (``nodeAgent.enabled``) is on by default in both charts."""

LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
NODE_POLICIES = (
    "AmazonEKSWorkerNodePolicy",
    "AmazonEC2ContainerRegistryPullOnly",
    "AmazonEKS_CNI_Policy",
    "AmazonSSMManagedInstanceCore",
)


class ClusterSpec(Spec):
    """The EKS control plane's settings. The API endpoint is private; there is no public switch."""

    kubernetes_version: str = Field(default=DEFAULT_KUBERNETES_VERSION, pattern=r"^1\.(2[89]|3[0-9])$")
    """EKS Kubernetes minor version; one with pinned add-ons (1.32 to 1.35, default 1.35)."""
    log_retention_days: int = Field(default=365, ge=1, le=3653)
    """retention of the control-plane log group, in days."""
    support_type: Literal["STANDARD", "EXTENDED"] = "STANDARD"
    """EKS support policy: STANDARD, or EXTENDED (billed extra per cluster hour)."""
    system_instance_type: str = Field(default="m7i.2xlarge", pattern=r"^[a-z][a-z0-9-]*\.[a-z0-9]+$")
    """instance type of the system node group (cluster controllers: autoscaler, CoreDNS, Kueue)."""
    system_nodes: int = Field(default=2, ge=1, le=10)
    """nodes in the system node group (fixed; the autoscaler does not scale it)."""

    @field_validator("kubernetes_version")
    @classmethod
    def _pinned(cls, value: str) -> str:
        if value not in ADDON_VERSIONS:
            raise ValueError(unpinned_message(value))
        return value


class EksCluster(Component):
    """EKS cluster with a private endpoint, envelope encryption of secrets, control-plane logs,
    an OIDC provider for IRSA, the IAM role GPU nodes run as, and the networking add-ons nodes need
    to become Ready (VPC CNI with NetworkPolicy enforcement on, kube-proxy, Pod Identity agent).

    Children: ``{name}-role``, ``{name}-logs``, ``{name}-eks``, ``{name}-oidc``, ``{name}-node-role``
    and the role's policy attachments.
    """

    cluster_name: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    oidc_provider_arn: pulumi.Output[str]
    kubeconfig: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        spec: ClusterSpec,
        *,
        subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]],
        secrets_key_arn: pulumi.Input[str],
        log_key_arn: pulumi.Input[str],
        tags: Mapping[str, str],
        efa_only_interfaces: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        versions = {addon: addon_version(addon, spec.kubernetes_version) for addon in NETWORK_ADDONS}
        if efa_only_interfaces and not supports_efa_only(versions["vpc-cni"]):
            raise ValueError(
                f"cluster.kubernetes_version: the VPC CNI pinned for {spec.kubernetes_version} "
                f"({versions['vpc-cni']}) predates efa-only support (>= v1.18.5); pin a newer add-on "
                "or set fabric.efa_only: false"
            )
        super().__init__("aiinfra:aws:EksCluster", name, opts)
        role = aws.iam.Role(
            f"{name}-role",
            assume_role_policy=assume_role_policy("eks.amazonaws.com"),
            tags=tags,
            opts=self.child_opts(),
        )
        policy = aws.iam.RolePolicyAttachment(
            f"{name}-role-cluster-policy",
            role=role.name,
            policy_arn=managed_policy("AmazonEKSClusterPolicy"),
            opts=self.child_opts(),
        )
        # Created before the cluster so the control-plane logs land encrypted with the CMK.
        log_group = aws.cloudwatch.LogGroup(
            f"{name}-logs",
            name=f"/aws/eks/{name}/cluster",
            retention_in_days=spec.log_retention_days,
            kms_key_id=log_key_arn,
            tags=tags,
            opts=self.child_opts(),
        )
        cluster = aws.eks.Cluster(
            f"{name}-eks",
            name=name,
            version=spec.kubernetes_version,
            role_arn=role.arn,
            vpc_config={
                "subnet_ids": subnet_ids,
                "endpoint_private_access": True,
                "endpoint_public_access": False,
            },
            encryption_config={"provider": {"key_arn": secrets_key_arn}, "resources": ["secrets"]},
            enabled_cluster_log_types=list(LOG_TYPES),
            access_config={"authentication_mode": "API", "bootstrap_cluster_creator_admin_permissions": True},
            upgrade_policy={"support_type": spec.support_type},
            bootstrap_self_managed_addons=False,
            tags=tags,
            opts=self.child_opts(depends_on=[policy, log_group]),
        )
        issuer = cluster.identities[0].oidcs[0].issuer
        oidc = aws.iam.OpenIdConnectProvider(
            f"{name}-oidc",
            url=issuer,
            client_id_lists=["sts.amazonaws.com"],
            tags=tags,
            opts=self.child_opts(),
        )
        node_role = aws.iam.Role(
            f"{name}-node-role",
            assume_role_policy=assume_role_policy("ec2.amazonaws.com"),
            tags=tags,
            opts=self.child_opts(),
        )
        self.node_role_attachments = [
            aws.iam.RolePolicyAttachment(
                f"{name}-node-{policy_name.lower().replace('_', '-')}",
                role=node_role.name,
                policy_arn=managed_policy(policy_name),
                opts=self.child_opts(),
            )
            for policy_name in NODE_POLICIES
        ]
        # EFA-only interfaces need no CNI setting: the VPC CNI finds ``efa-only`` ENIs itself from
        # v1.18.5 on (see addon_versions.EFA_ONLY_MIN_VPC_CNI). The add-on schema has no such key (an
        # earlier version sent {"enableEfaOnly": true}, which CreateAddon refuses); the pinned
        # version is checked instead. The CNI's only configuration turns NetworkPolicy enforcement on.
        self.network_addons = [
            aws.eks.Addon(
                f"{name}-{addon}",
                cluster_name=cluster.name,
                addon_name=addon,
                addon_version=versions[addon],
                configuration_values=json.dumps(VPC_CNI_CONFIGURATION) if addon == "vpc-cni" else None,
                resolve_conflicts_on_create="OVERWRITE",
                resolve_conflicts_on_update="PRESERVE",
                tags=tags,
                opts=self.child_opts(),
            )
            for addon in NETWORK_ADDONS
        ]
        self.cluster = cluster
        self.cluster_name = cluster.name
        self.cluster_arn = cluster.arn
        self.endpoint = cluster.endpoint
        self.certificate_authority_data = cluster.certificate_authority.data
        self.security_group_id = cluster.vpc_config.cluster_security_group_id
        self.oidc_provider_arn = oidc.arn
        self.oidc_issuer = issuer
        self.node_role = node_role
        self.node_role_arn = node_role.arn
        self.kubeconfig = pulumi.Output.secret(
            pulumi.Output.all(cluster.name, cluster.endpoint, cluster.certificate_authority.data).apply(
                lambda a: render_kubeconfig(a[0], a[1], a[2])
            )
        )
        self.register_outputs(
            {
                "cluster_name": self.cluster_name,
                "endpoint": self.endpoint,
                "oidc_provider_arn": self.oidc_provider_arn,
                "kubeconfig": self.kubeconfig,
            }
        )


def render_kubeconfig(cluster_name: str, endpoint: str, ca_data: str) -> str:
    """A kubeconfig that authenticates with ``aws eks get-token`` (no static credentials inside)."""
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [
                {"name": cluster_name, "cluster": {"server": endpoint, "certificate-authority-data": ca_data}}
            ],
            "contexts": [{"name": cluster_name, "context": {"cluster": cluster_name, "user": cluster_name}}],
            "current-context": cluster_name,
            "users": [
                {
                    "name": cluster_name,
                    "user": {
                        "exec": {
                            "apiVersion": "client.authentication.k8s.io/v1beta1",
                            "command": "aws",
                            "args": ["eks", "get-token", "--cluster-name", cluster_name, "--output", "json"],
                        }
                    },
                }
            ],
        }
    )
