"""AWS realisations (raw pulumi_aws resources): network, keys, EKS cluster, GPU node pools, storage.

Import what you use, e.g. ``from aiinfra.components.aws import GpuNodePool``; submodules load on
first attribute access so importing one component does not import every pulumi_aws module.
"""

from __future__ import annotations

from ..lazy import lazy_exports

_EXPORTS = {
    "PlatformKeys": "encryption",
    "Network": "network",
    "NetworkSpec": "network",
    "EksCluster": "cluster",
    "ClusterSpec": "cluster",
    "ClusterAddons": "addons",
    "GpuNodePool": "nodepool",
    "efa_interface_layout": "efa",
    "TieredStorage": "storage",
}

__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
