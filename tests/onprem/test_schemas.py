"""Every Kubernetes object of the on-prem plan against its schema.

Core kinds: the Kubernetes OpenAPI schema (kubernetes-validate, strict). Operator kinds: the upstream
CRD schemas in ../shared/schemas/crds (versions in SOURCES.md), converted from openAPIV3Schema to
JSON Schema with unknown fields rejected (the API server would silently prune them). Read at test
time, never copied; the tests skip, saying why, where ../shared is absent.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from aiinfra.plan import plan_stack

from .k8s_objects import objects_of

ROOT = Path(__file__).resolve().parents[2]
CRDS = ROOT / ".." / "shared" / "schemas" / "crds"
VENDORED_CRDS = ROOT / "tests" / "schemas" / "crds"  # CRDs vendored here (tests/schemas/crds/SOURCES.md)
K8S_VERSION = "1.32"


@pytest.fixture(scope="module")
def objects() -> list[tuple[dict[str, Any], Any]]:
    return objects_of(plan_stack("onprem").run)


def _json_schema(node: Any) -> Any:
    """openAPIV3Schema → JSON Schema: int-or-string, preserve-unknown-fields, closed objects."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _json_schema(v) for k, v in node.items() if not k.startswith("x-kubernetes-")}
    if node.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if "properties" in node and not node.get("x-kubernetes-preserve-unknown-fields"):
        out.setdefault("additionalProperties", False)
    if node.get("nullable"):
        out.pop("nullable")
        if "type" in out:
            out["type"] = [out["type"], "null"]
    return out


@cache
def _crd_schemas() -> dict[str, dict[str, Any]]:
    schemas = {}
    for path in (*CRDS.glob("*/*.yaml"), *VENDORED_CRDS.glob("*/*.yaml")):
        crd = yaml.safe_load(path.read_text())
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            if version.get("served"):
                schema = _json_schema(version["schema"]["openAPIV3Schema"])
                schema["properties"]["metadata"] = {"type": "object"}
                # The ObjectBucketClaim CRD's root schema lists only spec and status; every object
                # has apiVersion and kind (the API server's TypeMeta).
                for field in ("apiVersion", "kind"):
                    schema["properties"].setdefault(field, {"type": "string"})
                schemas[f"{group}/{version['name']}/{kind}"] = schema
    return schemas


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
    if not CRDS.is_dir():
        pytest.skip(f"upstream CRD schemas not found at {CRDS.resolve()} (../shared is absent)")
    schemas = _crd_schemas()
    custom = [(o, r) for o, r in objects if not _is_core(o["apiVersion"])]
    checked = set()
    for obj, rec in custom:
        key = f"{obj['apiVersion']}/{obj['kind']}"
        assert key in schemas, f"{rec.name}: no served CRD version for {key} in {CRDS}"
        errors = sorted(jsonschema.Draft7Validator(schemas[key]).iter_errors(obj), key=lambda e: list(e.path))
        assert not errors, f"{rec.name} ({key}): " + "; ".join(
            f"{list(e.path)}: {e.message}" for e in errors[:5]
        )
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
    if not CRDS.is_dir():
        pytest.skip(f"upstream CRD schemas not found at {CRDS.resolve()} (../shared is absent)")
    schema = _crd_schemas()["nv-ipam.nvidia.com/v1alpha1/IPPool"]
    bad = {
        "apiVersion": "nv-ipam.nvidia.com/v1alpha1",
        "kind": "IPPool",
        "metadata": {},
        "spec": {"subnet": "10.0.0.0/24", "perNodeBlockSize": 4, "gatway": "10.0.0.1"},
    }
    assert not jsonschema.Draft7Validator(schema).is_valid(bad)
