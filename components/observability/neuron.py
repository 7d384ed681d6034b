"""The Neuron monitor on Trainium/Inferentia node groups (AWS): neuron-monitor piped into its
Prometheus exporter, one pod per Neuron node, scraped by the AMP managed collector like DCGM.

AWS ships it for Kubernetes as a plain DaemonSet manifest, not a Helm chart: aws-neuron/aws-neuron-sdk
``src/k8/k8s-neuron-monitor-daemonset.yml`` (newest at commit 81ce03ae, 2026-08-21; last changed
in release 2.22.0, 2025-04-03): image ``public.ecr.aws/neuron/neuron-monitor:1.3.0``, entrypoint
``/opt/bin/entrypoint.sh --port 8000 --neuron-monitor-config /opt/aws/neuron/bin/neuron-monitor.conf``,
requests 256m/128Mi, limits 500m/256Mi, ``GOMEMLIMIT=160MiB``, privileged (it reads the Neuron
devices and driver counters). The neuron-helm-chart (device plugin, scheduler extension, node
problem detector) does not include it. Here the manifest's instance-type list is replaced by the
pools' ``aiinfra.io/accelerator`` labels and the Neuron taint is tolerated. Neuron Monitor does not
support clusters on the Neuron DRA driver (Neuron docs "Neuron Monitor" for Kubernetes, read
2026-12-01); aiinfra uses the device plugin.

Child: ``{name}-neuron-monitor``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .exporters import NAMESPACE, accelerator_affinity

IMAGE = "public.ecr.aws/neuron/neuron-monitor:1.3.0"
PORT = 8000
APP = "neuron-monitor"
NEURON_TOLERATION = {"key": "aws.amazon.com/neuron", "operator": "Exists", "effect": "NoSchedule"}


def neuron_monitor_manifest(accelerator_labels: Sequence[str]) -> dict[str, Any]:
    """The DaemonSet (as a Kubernetes object) on the nodes whose ``aiinfra.io/accelerator`` is one of
    ``accelerator_labels``."""
    labels = {"app.kubernetes.io/name": APP, "app.kubernetes.io/part-of": "aiinfra"}
    return {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": APP, "namespace": NAMESPACE, "labels": labels},
        "spec": {
            "selector": {"matchLabels": {"app.kubernetes.io/name": APP}},
            "template": {
                "metadata": {"labels": labels},
                "spec": {
                    # no Kubernetes API calls (the k8s-info pod mapping is not enabled)
                    "automountServiceAccountToken": False,
                    "tolerations": [NEURON_TOLERATION],
                    "affinity": accelerator_affinity(accelerator_labels),
                    "containers": [
                        {
                            "name": APP,
                            "image": IMAGE,
                            "command": ["/opt/bin/entrypoint.sh"],
                            "args": [
                                "--port",
                                str(PORT),
                                "--neuron-monitor-config",
                                "/opt/aws/neuron/bin/neuron-monitor.conf",
                            ],
                            "ports": [{"name": "metrics", "containerPort": PORT}],
                            "resources": {
                                "limits": {"cpu": "500m", "memory": "256Mi"},
                                "requests": {"cpu": "256m", "memory": "128Mi"},
                            },
                            "env": [{"name": "GOMEMLIMIT", "value": "160MiB"}],
                            "securityContext": {"privileged": True},
                        }
                    ],
                },
            },
        },
    }


def neuron_monitor(name: str, accelerator_labels: Sequence[str], *, opts: Any) -> Any:
    """The ``{name}-neuron-monitor`` DaemonSet (None without Neuron pools: nothing registered)."""
    if not accelerator_labels:
        return None
    import pulumi_kubernetes as k8s

    manifest = neuron_monitor_manifest(accelerator_labels)
    return k8s.apps.v1.DaemonSet(
        f"{name}-neuron-monitor", metadata=manifest["metadata"], spec=manifest["spec"], opts=opts
    )
