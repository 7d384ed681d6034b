"""The monitoring custom resources of every shipped stack against the upstream CRDs at the pinned
versions (vendored in tests/schemas/crds, SOURCES.md), and the observability core objects against
the Kubernetes OpenAPI (kubernetes-validate)."""

from __future__ import annotations

import copy

import jsonschema
import kubernetes_validate
import pytest
from crd_validation import crd_errors, json_schema, key_of, openapi_schemas
from onprem.k8s_objects import objects_of
from onprem.test_schemas import K8S_VERSION

from aiinfra.stacks import stack_names

from conftest import cached_plan

GROUPS = ("monitoring.coreos.com/", "monitoring.googleapis.com/")


def _obs_objects(stack: str):
    # observability components, and OpenCost's PodMonitoring (TeamCost, "-cost-monitoring")
    return [
        (o, r)
        for o, r in objects_of(cached_plan(stack).run)
        if "-obs-" in r.name or r.name.endswith("-cost-monitoring")
    ]


def _validator(key: str) -> jsonschema.Draft7Validator:
    assert key in openapi_schemas(), f"no vendored CRD for {key}"
    return jsonschema.Draft7Validator(json_schema(key))


def test_monitoring_resources_against_upstream_crds() -> None:
    checked: dict[str, int] = {}
    for stack in stack_names():
        for obj, rec in _obs_objects(stack):
            if not obj["apiVersion"].startswith(GROUPS):
                continue
            key = key_of(obj)
            errors = crd_errors(obj)
            assert not errors, f"{stack}/{rec.name} ({key}): " + "; ".join(errors[:5])
            checked[key] = checked.get(key, 0) + 1
    assert checked == {
        "monitoring.coreos.com/v1/PrometheusRule": 2,  # onprem, hybrid-gcp (inline on-prem)
        "monitoring.coreos.com/v1/ServiceMonitor": 2,
        # KSM and OpenCost on the four GKE clusters, Kueue on the three gcp stacks (gcp-a4x adds 3)
        "monitoring.googleapis.com/v1/PodMonitoring": 11,
    }


def test_the_crd_check_rejects_a_bad_rule() -> None:
    (rule,) = [o for o, _ in _obs_objects("onprem") if o["kind"] == "PrometheusRule"]
    bad = copy.deepcopy(rule)
    bad["spec"]["groups"][0]["rules"][0]["for"] = "thirty minutes"
    assert not _validator("monitoring.coreos.com/v1/PrometheusRule").is_valid(bad)
    bad = copy.deepcopy(rule)
    bad["spec"]["groups"][0]["rules"][0]["threshold"] = 10
    assert not _validator("monitoring.coreos.com/v1/PrometheusRule").is_valid(bad)


@pytest.mark.parametrize("stack", ["aws-training", "onprem", "gcp-training"])
def test_core_objects_against_kubernetes_openapi(stack: str) -> None:
    core = [(o, r) for o, r in _obs_objects(stack) if not o["apiVersion"].startswith(GROUPS)]
    assert core
    for obj, rec in core:
        try:
            kubernetes_validate.validate(obj, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{rec.name} ({obj['kind']}): {exc.message} at {list(exc.path)}")
