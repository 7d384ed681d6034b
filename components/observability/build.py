"""One entry point per platform, the single call each blueprint makes: the rules for its context,
then its backend. Each returns ``None`` when ``spec.enabled`` is false (nothing registered).

``budgets`` (:func:`.budgets.team_budgets` of the scheduling spec) add one projected-cost rule per
team and threshold where OpenCost runs (``spec.cost.enabled``); the blueprints refuse budgets on a
platform without it (:func:`budget_backend`)."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from typing import Any

from .alerts import AlertContext, alert_rules
from .budgets import Backend, TeamBudget, budget_rules
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


def budget_backend(spec: ObservabilitySpec, platform: Backend) -> tuple[Backend | None, str]:
    """The backend that evaluates team budget alerts on ``platform`` and, when none does, why not."""
    if not spec.enabled:
        return None, "observability.enabled is false (no metrics backend evaluates alerts)"
    cost = spec.cost
    if not cost.enabled:
        return None, "observability.cost.enabled is false (no OpenCost metrics to price the team)"
    if platform == "onprem" and not (
        cost.onprem_gpu_usd_per_hour or cost.onprem_cpu_usd_per_hour or cost.onprem_ram_gib_usd_per_hour
    ):
        # OpenCost's custom pricing would price every node at $0: the alert could never fire
        return None, "observability.cost.onprem_*_usd_per_hour are all 0 (every node costs $0)"
    return platform, ""


def check_budgets(scheduling: Any, spec: ObservabilitySpec, platform: Backend) -> None:
    """Refuse a team ``budget`` no alert would evaluate (ValueError naming the field)."""
    if scheduling is None:
        return
    backend, why = budget_backend(spec, platform)
    if backend is not None:
        return
    for i, team in enumerate(scheduling.teams):
        if team.budget is not None:
            raise ValueError(
                f"scheduling.teams[{i}].budget: team {team.name!r} has a budget but {why}; the budget "
                "alert prices the team with OpenCost in the metrics backend: enable both or drop the budget"
            )


def _backend(
    module: str,
    component: str,
    name: str,
    spec: ObservabilitySpec,
    ctx: AlertContext,
    platform: Backend,
    budgets: Sequence[TeamBudget],
    **args: Any,
) -> Any:
    """The platform's backend component with the rules for ``ctx`` and the team budget rules (None
    when disabled: nothing registered)."""
    if not spec.enabled:
        return None
    rules = alert_rules(spec.thresholds, ctx)
    if budget_backend(spec, platform)[0] is not None:
        rules += budget_rules(budgets, platform)
    cls = getattr(import_module(f"{__package__}.{module}"), component)
    return cls(name, spec, rules, **args)


def aws_observability(
    name: str,
    spec: ObservabilitySpec,
    *,
    efa: bool,
    kueue: bool,
    cluster: Any,
    neuron_labels: Sequence[str] = (),
    budgets: Sequence[TeamBudget] = (),
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
        "aws",
        budgets,
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
    budgets: Sequence[TeamBudget] = (),
    **args: Any,
) -> Any:
    """Cloud Monitoring alert policies, Pub/Sub receiver and PodMonitorings for a GKE platform (or None);
    without GPU pools (``gpus`` False: a TPU-only platform) no GPU alert is created.

    ``args``: project, key_id, kubernetes_provider, labels, opts (see :class:`.gmp.GmpObservability`)."""
    ctx = AlertContext(tuple(dict.fromkeys(fabric_resources)), DEVICE_PLUGINS["gcp"], kueue, gpus=gpus)
    return _backend("gmp", "GmpObservability", name, spec, ctx, "gcp", budgets, kueue=kueue, **args)


def onprem_observability(
    name: str,
    spec: ObservabilitySpec,
    *,
    rdma_resources: Sequence[str],
    budgets: Sequence[TeamBudget] = (),
    **args: Any,
) -> Any:
    """kube-prometheus-stack with the platform's rules, Kueue monitor and dashboards (or None).

    ``args``: storage_class, labels, opts (see :class:`.kube_prometheus.KubePrometheusStack`)."""
    ctx = AlertContext(tuple(rdma_resources), DEVICE_PLUGINS["onprem"], kueue=True)
    return _backend(
        "kube_prometheus", "KubePrometheusStack", name, spec, ctx, "onprem", budgets, kueue=True, **args
    )
