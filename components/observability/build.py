"""One entry point per platform, the single call each blueprint makes: the rules for its context,
then its backend. Each returns ``None`` when ``spec.enabled`` is false (nothing registered)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from .alerts import AlertContext, alert_rules
from .spec import ObservabilitySpec

# Device-plugin DaemonSets per platform (kube-state-metrics ``daemonset`` label, regular expressions).
# AWS: the release names of components/aws/addons.py (the charts' fullname is the release name).
# On-prem: the GPU Operator's ``nvidia-device-plugin-daemonset`` and the Network Operator's RDMA
# shared device plugin ``rdma-shared-dp-ds`` / SR-IOV device plugin. GKE: its managed
# ``nvidia-gpu-device-plugin-*`` DaemonSets in kube-system (names unverified).
DEVICE_PLUGINS = {
    "aws": "nvidia-device-plugin|aws-efa-k8s-device-plugin|neuron-helm-chart.*",
    "gcp": "nvidia-gpu-device-plugin.*",
    "onprem": "nvidia-device-plugin-daemonset|rdma-shared-dp-ds|.*sriov-device-plugin.*",
}
EFA_RESOURCE = "vpc.amazonaws.com/efa"


def aws_observability(
    name: str,
    spec: ObservabilitySpec,
    *,
    region: str,
    efa: bool,
    accelerator_labels: Sequence[str],
    kueue: bool,
    key_arn: pulumi.Input[str],
    cluster: Any,
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]],
    kubernetes_provider: Any,
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> Any:
    """AMP workspace, managed collector, DCGM exporter and alerts for an EKS platform (or None)."""
    if not spec.enabled:
        return None
    from .amp import AmpObservability

    ctx = AlertContext((EFA_RESOURCE,) if efa else (), DEVICE_PLUGINS["aws"], kueue)
    return AmpObservability(
        name,
        spec,
        alert_rules(spec.thresholds, ctx),
        region=region,
        key_arn=key_arn,
        cluster_name=cluster.cluster_name,
        cluster_arn=cluster.cluster_arn,
        subnet_ids=subnet_ids,
        security_group_id=cluster.security_group_id,
        kubernetes_provider=kubernetes_provider,
        accelerator_labels=accelerator_labels,
        kueue=kueue,
        tags=tags,
        opts=opts,
    )


def gcp_observability(
    name: str,
    spec: ObservabilitySpec,
    *,
    project: str,
    fabric_resources: Sequence[str],
    kueue: bool,
    key_id: pulumi.Input[str],
    kubernetes_provider: Any,
    labels: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> Any:
    """Cloud Monitoring alert policies, Pub/Sub receiver and PodMonitorings for a GKE platform (or None)."""
    if not spec.enabled:
        return None
    from .gmp import GmpObservability

    ctx = AlertContext(tuple(dict.fromkeys(fabric_resources)), DEVICE_PLUGINS["gcp"], kueue)
    return GmpObservability(
        name,
        spec,
        alert_rules(spec.thresholds, ctx),
        project=project,
        key_id=key_id,
        kubernetes_provider=kubernetes_provider,
        kueue=kueue,
        labels=labels,
        opts=opts,
    )


def onprem_observability(
    name: str,
    spec: ObservabilitySpec,
    *,
    rdma_resources: Sequence[str],
    storage_class: str,
    labels: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> Any:
    """kube-prometheus-stack with the platform's rules, Kueue monitor and dashboards (or None)."""
    if not spec.enabled:
        return None
    from .kube_prometheus import KubePrometheusStack

    ctx = AlertContext(tuple(rdma_resources), DEVICE_PLUGINS["onprem"], kueue=True)
    return KubePrometheusStack(
        name,
        spec,
        alert_rules(spec.thresholds, ctx),
        storage_class=storage_class,
        kueue=True,
        labels=labels,
        opts=opts,
    )
