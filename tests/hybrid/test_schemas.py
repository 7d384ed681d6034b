"""Every Kubernetes object the hybrid plans emit, on both clusters, against its schema.

Kueue kinds (MultiKueueCluster, MultiKueueConfig, AdmissionCheck, ClusterQueue, LocalQueue,
ResourceFlavor) against the upstream CRDs at the pinned tag (tests/crd_validation.py: defaults, closed
objects, CEL rules); core kinds (Secret, ServiceAccount, RBAC, Namespace) against the Kubernetes
OpenAPI schema.
"""

from __future__ import annotations

import kubernetes_validate
import pytest
from crd_validation import crd_errors, key_of
from onprem.k8s_objects import objects_of
from onprem.test_schemas import K8S_VERSION, _is_core

from conftest import cached_plan

KUEUE_KINDS = {
    "kueue.x-k8s.io/v1beta2/MultiKueueCluster",
    "kueue.x-k8s.io/v1beta2/MultiKueueConfig",
    "kueue.x-k8s.io/v1beta2/AdmissionCheck",
    "kueue.x-k8s.io/v1beta2/ClusterQueue",
    "kueue.x-k8s.io/v1beta2/LocalQueue",
    "kueue.x-k8s.io/v1beta2/ResourceFlavor",
}


def _hybrid_objects(stack: str):
    """Objects registered by the hybrid components only (the composed blueprints have their own tests)."""
    plan = cached_plan(stack)
    prefix = f"{plan.config.name}-burst-"
    return [(o, r) for o, r in objects_of(plan.run) if r.name.startswith(prefix)]


@pytest.mark.parametrize("stack", ["hybrid-aws", "hybrid-gcp"])
def test_kueue_objects_against_upstream_crds(stack: str) -> None:
    checked = set()
    for obj, rec in _hybrid_objects(stack):
        if _is_core(obj["apiVersion"]):
            continue
        key = key_of(obj)
        errors = crd_errors(obj)
        assert not errors, f"{rec.name} ({key}): " + "; ".join(errors[:5])
        checked.add(key)
    assert checked == KUEUE_KINDS


@pytest.mark.parametrize("stack", ["hybrid-aws", "hybrid-gcp"])
def test_core_objects_against_kubernetes_openapi(stack: str) -> None:
    core = [(o, r) for o, r in _hybrid_objects(stack) if _is_core(o["apiVersion"])]
    assert {o["kind"] for o, _ in core} == {
        "Secret",
        "ServiceAccount",
        "ClusterRole",
        "ClusterRoleBinding",
        "Namespace",
    }
    for obj, rec in core:
        if obj["kind"] == "Secret" and not isinstance(obj.get("stringData", {}), dict):
            obj = {
                **obj,
                "stringData": {"kubeconfig": "[secret]"},
            }  # the engine's Secret wrapper, not a str map
        try:
            kubernetes_validate.validate(obj, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{rec.name} ({obj['kind']}): {exc.message} at {list(exc.path)}")
