"""The Cluster Autoscaler that scales the EKS managed node groups between their min and max.

Why the Cluster Autoscaler (not Karpenter or EKS Auto Mode): the pools are EKS managed node groups
on launch templates that target On-Demand Capacity Reservations and Capacity Blocks; the Cluster
Autoscaler scales exactly those Auto Scaling groups (kubernetes/autoscaler
cluster-autoscaler/cloudprovider/aws/README.md at tag cluster-autoscaler-chart-9.59.0: auto-discovery
by ASG tags, ``eks:DescribeNodegroup`` for managed node groups), so the node groups, their launch
templates and reservations stay as they are. Karpenter would replace the node groups with NodePools
and EC2NodeClasses (capacity reservations via ``capacityReservationSelectorTerms``, v1.3+); Auto Mode
would replace the node groups and the add-ons.

Which pools it scales: those carrying :data:`AUTOSCALED_TAG` on their ASG (every pool except
Capacity Block pools, whose size the block's scheduled actions own: scaling one before its window
opens only fails launches). ``autoDiscovery.tags`` requires all listed tags, so untagged ASGs are
invisible to it, and the IAM write actions are conditioned on the same tag.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import pulumi_aws as aws

from ..base import Component
from ..charts import PinnedChart
from .common import SYSTEM_LABEL, irsa_trust_policy, policy_json

CLUSTER_AUTOSCALER = PinnedChart(
    "cluster-autoscaler",
    # Tag cluster-autoscaler-chart-9.59.0 = commit 5a0b98e45f896e98132737240ac131a519d3b33d,
    # 2026-07-21 (kubernetes/autoscaler); appVersion 1.35.0.
    "9.59.0",
    "https://kubernetes.github.io/autoscaler",
)
IMAGE_TAGS = {
    # registry.k8s.io/autoscaling/cluster-autoscaler: the release matching the cluster's minor
    # (upstream: "use the Cluster Autoscaler release matching your Kubernetes minor"). Git tags
    # cluster-autoscaler-1.3x.y of kubernetes/autoscaler; the published images were not checked
    # from here (unverified).
    "1.32": "v1.32.7",
    "1.33": "v1.33.6",
    "1.34": "v1.34.5",
    "1.35": "v1.35.2",
}
NAMESPACE = "kube-system"
SERVICE_ACCOUNT = "cluster-autoscaler"
AUTOSCALED_TAG = "aiinfra.io/cluster-autoscaler"
"""ASG tag (value: the cluster name) marking a pool the Cluster Autoscaler may scale."""
EXPANDER = "least-waste"
"""``--expander``: among the pools that fit a pending pod, the one leaving the least idle CPU/memory
(GPU-aware: idle GPUs count; cluster-autoscaler FAQ "What are Expanders?")."""

READ_ACTIONS = (
    "autoscaling:DescribeAutoScalingGroups",
    "autoscaling:DescribeAutoScalingInstances",
    "autoscaling:DescribeLaunchConfigurations",
    "autoscaling:DescribeScalingActivities",
    "ec2:DescribeImages",
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeLaunchTemplateVersions",
    "ec2:GetInstanceTypesFromInstanceRequirements",
    "eks:DescribeNodegroup",
)
"""The first block of upstream's "Full Cluster Autoscaler Features Policy" (README at the chart tag)."""
WRITE_ACTIONS = ("autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup")
"""The second block, which upstream says to restrict by ASG or tag condition: done with the tag."""


def autoscaler_policy(cluster_name: str) -> str:
    """Upstream's policy with the write actions limited to the ASGs tagged for this cluster."""
    return policy_json(
        [
            {"Effect": "Allow", "Action": list(READ_ACTIONS), "Resource": "*"},
            {
                "Effect": "Allow",
                "Action": list(WRITE_ACTIONS),
                "Resource": "*",
                "Condition": {"StringEquals": {f"aws:ResourceTag/{AUTOSCALED_TAG}": cluster_name}},
            },
        ]
    )


def autoscaler_values(
    cluster_name: str, region: str, role_arn: str, kubernetes_version: str
) -> dict[str, Any]:
    """Helm values of chart cluster-autoscaler 9.59.0 (every key is in its values.yaml at the tag)."""
    return {
        "cloudProvider": "aws",
        "awsRegion": region,
        "autoDiscovery": {
            "clusterName": cluster_name,
            "tags": [
                "k8s.io/cluster-autoscaler/enabled",
                f"k8s.io/cluster-autoscaler/{cluster_name}",
                f"{AUTOSCALED_TAG}={cluster_name}",
            ],
        },
        "image": {"tag": IMAGE_TAGS[kubernetes_version]},
        "rbac": {
            "serviceAccount": {
                "name": SERVICE_ACCOUNT,
                "annotations": {"eks.amazonaws.com/role-arn": role_arn},
            }
        },
        "extraArgs": {
            "expander": EXPANDER,
            "balance-similar-node-groups": True,
            "skip-nodes-with-local-storage": False,
        },
        # On the system nodes: it must run while every accelerator pool is empty, and must not
        # hold an accelerator node up (system-cluster-critical pods block scale-down).
        "nodeSelector": dict(SYSTEM_LABEL),
        "resources": {"requests": {"cpu": "100m", "memory": "600Mi"}, "limits": {"memory": "600Mi"}},
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": 65534,
            "runAsGroup": 65534,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "containerSecurityContext": {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        },
    }


def node_template_tags(
    labels: Mapping[str, str], taints: Sequence[Mapping[str, str]], resources: Mapping[str, int]
) -> dict[str, str]:
    """ASG tags that tell the autoscaler what a node of an empty pool would look like (scale from zero).

    Upstream README: ``node-template/label/<key>: <value>``, ``node-template/taint/<key>:
    <value>:<effect>`` and ``node-template/resources/<name>: <amount>`` (the EKS API also serves the
    labels and taints, but only until the node group has had nodes).
    """
    effects = {
        "NO_SCHEDULE": "NoSchedule",
        "PREFER_NO_SCHEDULE": "PreferNoSchedule",
        "NO_EXECUTE": "NoExecute",
    }
    prefix = "k8s.io/cluster-autoscaler/node-template"
    out = {f"{prefix}/label/{k}": v for k, v in labels.items()}
    out |= {f"{prefix}/taint/{t['key']}": f"{t['value']}:{effects[t['effect']]}" for t in taints}
    out |= {f"{prefix}/resources/{k}": str(v) for k, v in resources.items() if v}
    return out


class ClusterAutoscaler(Component):
    """The Cluster Autoscaler (chart 9.59.0) with an IRSA role limited to this cluster's tagged ASGs.

    Children: ``{name}-role``, ``{name}-policy`` and the ``{name}`` Helm release in kube-system.
    """

    def __init__(
        self,
        name: str,
        *,
        cluster_name: pulumi.Input[str],
        region: str,
        kubernetes_version: str,
        oidc_provider_arn: pulumi.Input[str],
        oidc_issuer: pulumi.Input[str],
        kubernetes_provider: pulumi.ProviderResource,
        tags: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:aws:ClusterAutoscaler", name, opts)
        import pulumi_kubernetes as k8s

        role = aws.iam.Role(
            f"{name}-role",
            assume_role_policy=pulumi.Output.all(oidc_provider_arn, oidc_issuer).apply(
                lambda a: irsa_trust_policy(a[0], a[1], NAMESPACE, SERVICE_ACCOUNT)
            ),
            tags=tags,
            opts=self.child_opts(),
        )
        aws.iam.RolePolicy(
            f"{name}-policy",
            role=role.id,
            policy=pulumi.Output.from_input(cluster_name).apply(autoscaler_policy),
            opts=self.child_opts(),
        )
        self.release = k8s.helm.v3.Release(
            name,
            name="cluster-autoscaler",
            **CLUSTER_AUTOSCALER.release_args(),
            namespace=NAMESPACE,
            values=pulumi.Output.all(cluster_name, role.arn).apply(
                lambda a: autoscaler_values(a[0], region, a[1], kubernetes_version)
            ),
            opts=self.child_opts(provider=kubernetes_provider),
        )
        self.role_arn = role.arn
        self.register_outputs({"role_arn": self.role_arn})
