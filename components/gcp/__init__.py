"""GCP realisations (raw pulumi_gcp resources): network, GPUDirect fabrics, keys, GKE, node pools, storage.

Import what you use, e.g. ``from aiinfra.components.gcp import GpuNodePool``; submodules load on
first attribute access so importing one component does not import every pulumi_gcp module.
"""

from __future__ import annotations

from ..lazy import lazy_exports

_EXPORTS = {
    "gcp_labels": "common",
    "NetworkSpec": "network",
    "Network": "network",
    "GpuFabric": "fabric",
    "FabricNetworks": "fabric",
    "PlatformKeys": "encryption",
    "ClusterSpec": "cluster",
    "GkeCluster": "cluster",
    "GpuPoolSpec": "nodepool",
    "GpuNodePool": "nodepool",
    "TpuSliceSpec": "tpu",
    "TpuNodePool": "tpu",
    "TieredStorage": "storage",
}

__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
