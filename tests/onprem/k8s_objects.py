"""Kubernetes objects rebuilt from what the offline engine recorded, for schema validation."""

from __future__ import annotations

from typing import Any

# Custom kinds the blueprint emits that are cluster-scoped (from the CRDs' spec.scope).
CLUSTER_SCOPED_CUSTOM = {
    "NicClusterPolicy",
    "IPoIBNetwork",
    "MacvlanNetwork",
    "HostDeviceNetwork",
    "NVIDIADriver",
    "ResourceFlavor",
    "ClusterQueue",
    "Cohort",
    "Topology",
    "WorkloadPriorityClass",
    "AdmissionCheck",
    "ProvisioningRequestConfig",
    "MultiKueueCluster",
    "MultiKueueConfig",
}
_SKIP = ("pulumi:providers:", "kubernetes:helm.sh/", "kubernetes:core/v1:NamespacePatch")


def _plain(value: Any) -> Any:
    """Engine numbers are floats; the API server's JSON decoding makes integral ones integers."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def k8s_object(record: Any) -> dict[str, Any]:
    """apiVersion/kind/metadata/spec (and any other top-level field) as the engine recorded them."""
    return _plain(dict(record.inputs))


def objects_of(run: Any) -> list[tuple[dict[str, Any], Any]]:
    """Every Kubernetes API object the run registered (not providers, Helm releases or patches)."""
    return [
        (k8s_object(r), r)
        for r in run.resources
        if r.custom and r.type.startswith("kubernetes:") and not r.type.startswith(_SKIP)
    ]
