"""One entry point per platform, the single call each blueprint makes: the rules for its context,
then its backend. Each returns ``None`` when ``spec.enabled`` is false (nothing registered)."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from typing import Any

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


def _backend(
    module: str, component: str, name: str, spec: ObservabilitySpec, ctx: AlertContext, **args: Any
) -> Any:
    """The platform's backend component with the rules for ``ctx`` (None when disabled: nothing registered)."""
    if not spec.enabled:
        return None
    cls = getattr(import_module(f"{__package__}.{module}"), component)
    return cls(name, spec, alert_rules(spec.thresholds, ctx), **args)


def aws_observability(
    name: str,
    spec: ObservabilitySpec,
    *,
    efa: bool,
    kueue: bool,
    cluster: Any,
    neuron_labels: Sequence[str] = (),
    **args: Any,
) -> Any:
    """AMP workspace, managed collector, DCGM exporter (and the Neuron monitor on Trainium/Inferentia
    pools) and alerts for an EKS platform (or None).

    ``args``: region, key_arn, subnet_ids, kubernetes_provider, accelerator_labels, tags, opts
    (see :class:`.amp.AmpObservability`)."""
    ctx = AlertContext(
        (EFA_RESOURCE,) if efa else (), DEVICE_PLUGINS["aws"], kueue, neuron=bool(neuron_labels)
    )
    return _backend(
        "amp",
        "AmpObservability",
        name,
        spec,
        ctx,
        cluster_name=cluster.cluster_name,
        cluster_arn=cluster.cluster_arn,
        security_group_id=cluster.security_group_id,
        kueue=kueue,
        neuron_labels=neuron_labels,
        **args,
    )


def gcp_observability(
    name: str,
    spec: ObservabilitySpec,
    *,
    fabric_resources: Sequence[str],
    kueue: bool,
    gpus: bool = True,
    **args: Any,
) -> Any:
    """Cloud Monitoring alert policies, Pub/Sub receiver and PodMonitorings for a GKE platform (or None);
    without GPU pools (``gpus`` False: a TPU-only platform) no GPU alert is created.

    ``args``: project, key_id, kubernetes_provider, labels, opts (see :class:`.gmp.GmpObservability`)."""
    ctx = AlertContext(tuple(dict.fromkeys(fabric_resources)), DEVICE_PLUGINS["gcp"], kueue, gpus=gpus)
    return _backend("gmp", "GmpObservability", name, spec, ctx, kueue=kueue, **args)


def onprem_observability(
    name: str, spec: ObservabilitySpec, *, rdma_resources: Sequence[str], **args: Any
) -> Any:
    """kube-prometheus-stack with the platform's rules, Kueue monitor and dashboards (or None).

    ``args``: storage_class, labels, opts (see :class:`.kube_prometheus.KubePrometheusStack`)."""
    ctx = AlertContext(tuple(rdma_resources), DEVICE_PLUGINS["onprem"], kueue=True)
    return _backend("kube_prometheus", "KubePrometheusStack", name, spec, ctx, kueue=True, **args)
