"""Cluster add-ons that need worker nodes: EKS managed add-ons and the device plugins."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumi_aws as aws

from ..base import Component
from ..charts import PinnedChart
from ..dra.plan import DRA_LABEL
from .addon_versions import DEFAULT_KUBERNETES_VERSION, addon_version
from .common import irsa_trust_policy, managed_policy, policy_json

# Managed add-ons whose Deployments need schedulable nodes; versions pinned per Kubernetes minor in
# addon_versions.py. The networking add-ons come with the cluster (EksCluster).
MANAGED_ADDONS = ("coredns", "aws-ebs-csi-driver")

NVIDIA_DEVICE_PLUGIN = PinnedChart(
    "nvidia-device-plugin",
    # Tag v0.20.0 = commit 1b826acc6af3, 2026-08-19 (NVIDIA/k8s-device-plugin; newest release tag on 2026-12-07).
    "0.20.0",
    "https://nvidia.github.io/k8s-device-plugin",
)
EFA_DEVICE_PLUGIN = PinnedChart(
    "aws-efa-k8s-device-plugin",
    # Chart v0.5.30 (appVersion v0.5.20): aws/eks-charts commit bfe91c4b9257, 2026-07-21 (newest chart version
    # at eks-charts tag v0.0.242, 2026-08-03; adds EFA instance types, same plugin image as v0.5.29).
    "v0.5.30",
    "https://aws.github.io/eks-charts",
)


# The Neuron device plugin and scheduler extension ship in this OCI chart; 1.1.1 (2025-04) fixed
# multi-device scheduling (aws-ia/terraform-aws-eks-data-addons#50). Newer releases unverified here.
NEURON_DEVICE_PLUGIN = PinnedChart("oci://public.ecr.aws/neuron/neuron-helm-chart", "1.1.1")


def ebs_csi_kms_policy(key_arn: str) -> str:
    """Let the CSI driver create and attach volumes encrypted with the warm-tier CMK."""
    return policy_json(
        [
            {
                "Effect": "Allow",
                "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                "Resource": key_arn,
                "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}},
            },
            {
                "Effect": "Allow",
                "Action": [
                    "kms:Encrypt",
                    "kms:Decrypt",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:DescribeKey",
                ],
                "Resource": key_arn,
            },
        ]
    )


class ClusterAddons(Component):
    """Add-ons that need worker nodes: CoreDNS, the EBS CSI driver (IRSA role allowed to use the
    warm-tier key) and the NVIDIA, EFA and (with Trainium/Inferentia pools) Neuron device plugins as
    pinned Helm releases tolerating the accelerator taints.

    Create it with ``depends_on`` the node pools; every child inherits that ordering.
    """

    def __init__(
        self,
        name: str,
        *,
        cluster_name: pulumi.Input[str],
        oidc_provider_arn: pulumi.Input[str],
        oidc_issuer: pulumi.Input[str],
        warm_key_arn: pulumi.Input[str],
        kubernetes_provider: pulumi.ProviderResource,
        efa: bool,
        tags: Mapping[str, str],
        kubernetes_version: str = DEFAULT_KUBERNETES_VERSION,
        neuron: bool = False,
        dra: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:aws:ClusterAddons", name, opts)
        import pulumi_kubernetes as k8s

        csi_role = aws.iam.Role(
            f"{name}-ebs-csi-role",
            assume_role_policy=pulumi.Output.all(oidc_provider_arn, oidc_issuer).apply(
                lambda a: irsa_trust_policy(a[0], a[1], "kube-system", "ebs-csi-controller-sa")
            ),
            tags=tags,
            opts=self.child_opts(),
        )
        aws.iam.RolePolicyAttachment(
            f"{name}-ebs-csi-policy",
            role=csi_role.name,
            policy_arn=managed_policy("service-role/AmazonEBSCSIDriverPolicy"),
            opts=self.child_opts(),
        )
        aws.iam.RolePolicy(
            f"{name}-ebs-csi-kms",
            role=csi_role.id,
            policy=pulumi.Output.from_input(warm_key_arn).apply(ebs_csi_kms_policy),
            opts=self.child_opts(),
        )
        for addon in MANAGED_ADDONS:
            aws.eks.Addon(
                f"{name}-{addon}",
                cluster_name=cluster_name,
                addon_name=addon,
                addon_version=addon_version(addon, kubernetes_version),
                service_account_role_arn=csi_role.arn if addon == "aws-ebs-csi-driver" else None,
                resolve_conflicts_on_create="OVERWRITE",
                resolve_conflicts_on_update="PRESERVE",
                tags=tags,
                opts=self.child_opts(),
            )
        accelerator_tolerations = [
            {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"},
            {"key": "aws.amazon.com/neuron", "operator": "Exists", "effect": "NoSchedule"},
        ]
        helm_opts = self.child_opts(provider=kubernetes_provider)
        k8s.helm.v3.Release(
            f"{name}-nvidia-device-plugin",
            name="nvidia-device-plugin",
            **NVIDIA_DEVICE_PLUGIN.release_args(),
            namespace="kube-system",
            values={
                "tolerations": accelerator_tolerations,
                "affinity": {
                    "nodeAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": {
                            "nodeSelectorTerms": [
                                {
                                    "matchExpressions": [
                                        {"key": "aiinfra.io/pool", "operator": "Exists"},
                                        *(
                                            # GPUs of DRA pools are the DRA driver's (components/dra)
                                            [{"key": DRA_LABEL, "operator": "NotIn", "values": ["dra"]}]
                                            if dra
                                            else []
                                        ),
                                    ]
                                }
                            ]
                        }
                    }
                },
            },
            opts=helm_opts,
        )
        if efa:
            k8s.helm.v3.Release(
                f"{name}-efa-device-plugin",
                name="aws-efa-k8s-device-plugin",
                **EFA_DEVICE_PLUGIN.release_args(),
                namespace="kube-system",
                values={
                    "tolerations": [{"operator": "Exists"}],
                    "nodeSelector": {"aiinfra.io/fabric": "efa"},
                },
                opts=helm_opts,
            )
        if neuron:
            k8s.helm.v3.Release(
                f"{name}-neuron-device-plugin",
                name="neuron-helm-chart",
                **NEURON_DEVICE_PLUGIN.release_args(),
                namespace="kube-system",
                values={"devicePlugin": {"tolerations": accelerator_tolerations}},
                opts=helm_opts,
            )
        self.ebs_csi_role_arn = csi_role.arn
        self.register_outputs({"ebs_csi_role_arn": self.ebs_csi_role_arn})
