"""AWS realisations (raw pulumi_aws resources): network, keys, EKS cluster, GPU node pools, storage.

Import what you use, e.g. ``from aiinfra.components.aws import GpuNodePool``; submodules load on
first attribute access so importing one component does not import every pulumi_aws module.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
