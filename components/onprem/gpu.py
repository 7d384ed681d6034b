"""The NVIDIA GPU Operator: driver (per pool through NVIDIADriver), toolkit, DCGM exporter, MIG
manager, device-plugin sharing configs and GPUDirect RDMA.

Nodes are not ours to label: the component says, per pool, which labels and taints the cluster
operator must apply (``node_actions``) for the MIG manager and the per-pool device-plugin config
to take effect.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from ..base import Component
from .common import GPU_DRIVER_VERSION, GPU_OPERATOR, meta, tolerations_for
from .spec import NodePoolSpec

NAMESPACE = "gpu-operator"
DEVICE_PLUGIN_CONFIG = "aiinfra-device-plugin-config"
DEFAULT_CONFIG = "default"


def mig_strategy(pools: Sequence[NodePoolSpec]) -> str:
    """``mixed`` as soon as one pool uses MIG (pools expose different MIG resources), else ``single``."""
    return "mixed" if any(p.sharing.mode == "mig" for p in pools) else "single"


def device_plugin_configs(pools: Sequence[NodePoolSpec]) -> dict[str, str]:
    """Device-plugin ConfigMap data: a ``default`` entry plus one time-slicing entry per sharing pool."""
    strategy = mig_strategy(pools)
    data = {DEFAULT_CONFIG: json.dumps({"version": "v1", "flags": {"migStrategy": strategy}}, sort_keys=True)}
    for pool in pools:
        if pool.sharing.mode == "time_slicing":
            data[pool.name] = json.dumps(
                {
                    "version": "v1",
                    "flags": {"migStrategy": strategy},
                    "sharing": {
                        "timeSlicing": {
                            "renameByDefault": True,  # replicas appear as nvidia.com/gpu.shared
                            "failRequestsGreaterThanOne": True,
                            "resources": [{"name": "nvidia.com/gpu", "replicas": pool.sharing.replicas}],
                        }
                    },
                },
                sort_keys=True,
            )
    return data


def gpu_operator_values(
    pools: Sequence[NodePoolSpec], *, rdma: bool, service_monitor: bool = False
) -> dict[str, Any]:
    """Helm values of the GPU Operator release for these pools; ``service_monitor`` adds the DCGM
    exporter's ServiceMonitor (kube-prometheus-stack scrapes it, components/observability)."""
    operator_driver = any(p.driver == "operator" for p in pools)
    return {
        "operator": {"upgradeCRD": True},
        "nfd": {"enabled": False},  # the Network Operator's NFD serves the cluster
        "driver": {
            "enabled": operator_driver,
            "version": GPU_DRIVER_VERSION,
            "rdma": {"enabled": rdma, "useHostMofed": False},
            # one NVIDIADriver per pool instead of the chart's default one (overlapping selectors fail)
            "nvidiaDriverCRD": {"enabled": operator_driver, "deployDefaultCR": False},
            "upgradePolicy": {
                "autoUpgrade": True,
                "maxParallelUpgrades": 1,
                "maxUnavailable": "25%",
                "drain": {"enable": True, "force": False, "deleteEmptyDir": True, "timeoutSeconds": 300},
            },
        },
        "toolkit": {"enabled": True},
        "cdi": {"enabled": True},
        "dcgmExporter": {
            "enabled": True,
            # honorLabels: the exporter's pod/namespace/container labels name the GPU's workload;
            # without it Prometheus renames them exported_* under the exporter pod's own target labels
            **({"serviceMonitor": {"enabled": True, "honorLabels": True}} if service_monitor else {}),
        },
        "gfd": {"enabled": True},
        "mig": {"strategy": mig_strategy(pools)},
        "migManager": {"enabled": True, "config": {"default": "all-disabled"}},
        "devicePlugin": {
            "config": {"create": False, "name": DEVICE_PLUGIN_CONFIG, "default": DEFAULT_CONFIG}
        },
        "daemonsets": {"tolerations": tolerations_for([t for p in pools for t in p.taints])},
    }


def nvidia_driver_spec(pool: NodePoolSpec, *, rdma: bool) -> dict[str, Any]:
    """NVIDIADriver for one pool: the pinned driver on exactly the pool's nodes."""
    return {
        "driverType": "gpu",
        "default": False,
        "image": "driver",
        "repository": "nvcr.io/nvidia",
        "version": GPU_DRIVER_VERSION,
        "usePrecompiled": False,
        "nodeSelector": pool.label,
        "rdma": {"enabled": rdma, "useHostMofed": False},
        "tolerations": tolerations_for(pool.taints),
    }


def node_actions(pool: NodePoolSpec) -> list[str]:
    """What the cluster operator must do on the pool's nodes (labels/taints aiinfra cannot own)."""
    selector = ",".join(f"{k}={v}" for k, v in sorted(pool.node_selector.items()))
    actions = [
        f"kubectl taint nodes -l {selector} {t.key}={t.value}:{t.effect} --overwrite" for t in pool.taints
    ]
    if pool.driver == "preinstalled":
        actions.append(f"kubectl label nodes -l {selector} nvidia.com/gpu.deploy.driver=false --overwrite")
    if pool.sharing.mode == "mig":
        actions.append(
            f"kubectl label nodes -l {selector} nvidia.com/mig.config={pool.sharing.mig_profile} --overwrite"
        )
    if pool.sharing.mode == "time_slicing":
        actions.append(
            f"kubectl label nodes -l {selector} nvidia.com/device-plugin.config={pool.name} --overwrite"
        )
    return actions


class GpuOperator(Component):
    """The GPU Operator release with its device-plugin ConfigMap and one NVIDIADriver per pool.

    Create it with ``depends_on`` the Network Operator so OFED is ready before GPUDirect RDMA drivers.
    """

    def __init__(
        self,
        name: str,
        pools: Sequence[NodePoolSpec],
        *,
        rdma_pools: Sequence[str],
        labels: Mapping[str, str],
        dcgm_service_monitor: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:onprem:GpuOperator", name, opts)
        import pulumi_kubernetes as k8s

        ns = k8s.core.v1.Namespace(
            f"{name}-ns",
            metadata=meta(NAMESPACE, {**labels, "pod-security.kubernetes.io/enforce": "privileged"}),
            opts=self.child_opts(),
        )
        config = k8s.core.v1.ConfigMap(
            f"{name}-device-plugin-config",
            metadata=meta(DEVICE_PLUGIN_CONFIG, labels, NAMESPACE),
            data=device_plugin_configs(pools),
            opts=self.child_opts(depends_on=[ns]),
        )
        release = k8s.helm.v3.Release(
            f"{name}-operator",
            name="gpu-operator",
            **GPU_OPERATOR.release_args(),
            namespace=NAMESPACE,
            values=gpu_operator_values(pools, rdma=bool(rdma_pools), service_monitor=dcgm_service_monitor),
            opts=self.child_opts(depends_on=[ns, config]),
        )
        self.drivers = [
            k8s.apiextensions.CustomResource(
                f"{name}-driver-{pool.name}",
                api_version="nvidia.com/v1alpha1",
                kind="NVIDIADriver",
                metadata=meta(f"{pool.name}-driver", labels),
                spec=nvidia_driver_spec(pool, rdma=pool.name in rdma_pools),
                opts=self.child_opts(depends_on=[release]),
            )
            for pool in pools
            if pool.driver == "operator"
        ]
        self.release = release
        self.namespace = NAMESPACE
        self.node_actions = {p.name: node_actions(p) for p in pools}
        self.register_outputs(
            {"namespace": NAMESPACE, "node_actions": self.node_actions, "release": release.status}
        )
