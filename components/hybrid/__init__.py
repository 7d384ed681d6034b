"""Hybrid realisations: the on-prem link (AWS/GCP), MultiKueue burst, dataset replication, address plan.

Import what you use, e.g. ``from aiinfra.components.hybrid import MultiKueueBurst``; submodules load
on first attribute access so a GCP hybrid stack never imports pulumi_aws and vice versa.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "AddressPlan": "addressing",
    "OnpremRanges": "addressing",
    "CronSchedule": "schedule",
    "VpnSpec": "spec",
    "DedicatedSpec": "spec",
    "BurstSpec": "spec",
    "ReplicationSpec": "spec",
    "AwsSiteLink": "aws_link",
    "GcpSiteLink": "gcp_link",
    "MultiKueueBurst": "multikueue",
    "WorkerFlavor": "multikueue",
    "DataSyncReplication": "aws_replication",
    "StorageTransferReplication": "gcp_replication",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
