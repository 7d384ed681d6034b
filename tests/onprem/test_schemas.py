"""Every Kubernetes object of the on-prem plan against its schema.

Core kinds: the Kubernetes OpenAPI schema (kubernetes-validate, strict). Operator kinds: the upstream
CRDs at the pinned tags, vendored in tests/schemas/crds (tests/schemas/SOURCES.md), with defaults
applied, unknown fields rejected (the API server would silently prune them) and the CEL rules
evaluated (tests/crd_validation.py).
"""

from __future__ import annotations

from typing import Any

import jsonschema
import kubernetes_validate
import pytest
from crd_validation import crd_errors, json_schema, key_of, openapi_schemas

from aiinfra.plan import plan_stack

from .k8s_objects import objects_of

K8S_VERSION = "1.32"


@pytest.fixture(scope="module")
def objects() -> list[tuple[dict[str, Any], Any]]:
    return objects_of(plan_stack("onprem").run)


CORE_GROUPS = ("apps", "batch", "policy", "autoscaling")


def _is_core(api_version: str) -> bool:
    return (
        "/" not in api_version
        or api_version.split("/")[0] in CORE_GROUPS
        or (api_version.split("/")[0].endswith(".k8s.io") and "kueue" not in api_version)
    )


def test_core_kinds_against_kubernetes_openapi(objects) -> None:
    core = [(o, r) for o, r in objects if _is_core(o["apiVersion"])]
    kinds = {o["kind"] for o, _ in core}
    assert {"Namespace", "ConfigMap", "ResourceQuota", "StorageClass", "PriorityClass"} <= kinds
    for obj, rec in core:
        try:
            kubernetes_validate.validate(obj, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{rec.name} ({obj['kind']}): {exc.message} at {list(exc.path)}")


def test_operator_kinds_against_upstream_crds(objects) -> None:
    custom = [(o, r) for o, r in objects if not _is_core(o["apiVersion"])]
    checked = set()
    for obj, rec in custom:
        key = key_of(obj)
        assert key in openapi_schemas(), f"{rec.name}: no served CRD version for {key} in tests/schemas/crds"
        errors = crd_errors(obj)
        assert not errors, f"{rec.name} ({key}): " + "; ".join(errors[:5])
        checked.add(key)
    assert {
        "mellanox.com/v1alpha1/NicClusterPolicy",
        "mellanox.com/v1alpha1/IPoIBNetwork",
        "nv-ipam.nvidia.com/v1alpha1/IPPool",
        "nvidia.com/v1alpha1/NVIDIADriver",
        "kueue.x-k8s.io/v1beta2/ResourceFlavor",
        "kueue.x-k8s.io/v1beta2/ClusterQueue",
        "kueue.x-k8s.io/v1beta2/LocalQueue",
        "ceph.rook.io/v1/CephBlockPool",
        "ceph.rook.io/v1/CephObjectStore",
        "ceph.rook.io/v1/CephObjectStoreUser",
        "objectbucket.io/v1alpha1/ObjectBucketClaim",
        "serving.kserve.io/v1alpha1/ServingRuntime",
        "serving.kserve.io/v1beta1/InferenceService",
        "postgresql.cnpg.io/v1/Cluster",
        "postgresql.cnpg.io/v1/ScheduledBackup",
        "monitoring.coreos.com/v1/PrometheusRule",
        "monitoring.coreos.com/v1/ServiceMonitor",
    } <= checked


def test_schema_conversion_rejects_unknown_fields() -> None:
    schema = json_schema("nv-ipam.nvidia.com/v1alpha1/IPPool")
    bad = {
        "apiVersion": "nv-ipam.nvidia.com/v1alpha1",
        "kind": "IPPool",
        "metadata": {},
        "spec": {"subnet": "10.0.0.0/24", "perNodeBlockSize": 4, "gatway": "10.0.0.1"},
    }
    assert not jsonschema.Draft7Validator(schema).is_valid(bad)
    assert crd_errors(bad) == ["['spec']: Additional properties are not allowed ('gatway' was unexpected)"]
