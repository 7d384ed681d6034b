"""Shared helpers of the on-prem components: object metadata and chart pins."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..charts import PinnedChart

# Chart pins (fabric-and-storage.md §3). Network Operator: released 26.4.0 / 26.4.1, chart versions
# without a "v"; the chart no longer renders the NicClusterPolicy (since 24.10.0).
NETWORK_OPERATOR = PinnedChart("network-operator", "26.4.1", "https://helm.ngc.nvidia.com/nvidia")
# GPU Operator v26.7.0 (NVIDIA/gpu-operator tag v26.7.0, commit 10ee5b3638b8, 2026-08-20; newest release
# tag in the repository on 2026-12-07): its NVIDIADriver CRD has spec.default (not in v26.3.3's). Chart
# versions carry a "v". Driver 580.126.20 (R580 branch) is kept as the per-pool NVIDIADriver version: the
# DeepOps pin and v26.3.3's chart default; v26.7.0's chart default driver.version is 595.91.07.
GPU_OPERATOR = PinnedChart("gpu-operator", "v26.7.0", "https://helm.ngc.nvidia.com/nvidia")
GPU_DRIVER_VERSION = "580.126.20"
# Network Operator component images for 26.4.x (nvcr.io/nvidia/mellanox, tag network-operator-v<release>):
# verified in Mellanox/network-operator tag v26.4.1 (commit 85afd6d, 2026-07-24),
# example/crs/mellanox.com_v1alpha1_nicclusterpolicy_cr-ipoib.yaml, which names doca-driver
# doca3.4.1-26.04-1.1.0.0-1, k8s-rdma-shared-dev-plugin, nvidia-k8s-ipam, plugins, ipoib-cni, multus-cni.
MELLANOX_REPO = "nvcr.io/nvidia/mellanox"
COMPONENT_TAG = "network-operator-v26.4.1"


def meta(name: str, labels: Mapping[str, str], namespace: str | None = None, **extra: Any) -> dict[str, Any]:
    """ObjectMeta as a plain dict (engine-visible camelCase keys)."""
    out: dict[str, Any] = {"name": name, "labels": dict(labels)}
    if namespace is not None:
        out["namespace"] = namespace
    out.update(extra)
    return out


def tolerations_for(taints: Any) -> list[dict[str, str]]:
    """Tolerations matching each taint exactly (key, value, effect)."""
    out = []
    for t in taints:
        tol = {"key": t.key, "operator": "Equal" if t.value else "Exists", "effect": t.effect}
        if t.value:
            tol["value"] = t.value
        if tol not in out:
            out.append(tol)
    return out
