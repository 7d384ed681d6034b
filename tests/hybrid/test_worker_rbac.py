"""The MultiKueue worker role covers every job kind the manager may dispatch."""

from __future__ import annotations

import pytest

from aiinfra.components.hybrid.multikueue import DISPATCHED_KINDS, worker_rules

from conftest import cached_plan
from engine_helpers import only

MUST_BURST = {
    ("batch", "jobs"),
    ("", "pods"),
    ("apps", "statefulsets"),
    ("jobset.x-k8s.io", "jobsets"),
    ("leaderworkerset.x-k8s.io", "leaderworkersets"),
    ("kubeflow.org", "pytorchjobs"),
    ("kubeflow.org", "mpijobs"),
    ("ray.io", "rayjobs"),
    ("ray.io", "rayclusters"),
}


def _granted(rules: list[dict], verb: str) -> set[tuple[str, str]]:
    return {
        (g, r)
        for rule in rules
        if verb in rule["verbs"]
        for g in rule["apiGroups"]
        for r in rule["resources"]
    }


@pytest.mark.parametrize("stack", ["hybrid-aws", "hybrid-gcp"])
def test_shipped_worker_role_grants_every_dispatched_kind(stack: str) -> None:
    plan = cached_plan(stack)
    role = only(
        plan.run,
        "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
        f"{plan.config.name}-burst-worker-role",
    )
    rules = role.inputs["rules"]
    for verb in ("create", "delete", "get", "list", "watch"):
        assert _granted(rules, verb) >= MUST_BURST, verb
    status = _granted(rules, "get")
    assert all((g, f"{r}/status") in status for g, r in DISPATCHED_KINDS if r != "pods")
    assert ("kueue.x-k8s.io", "workloads/status") in _granted(rules, "patch")


def test_rules_are_generated_from_the_kind_list() -> None:
    rules = worker_rules()
    assert len(rules) == 2 * len(DISPATCHED_KINDS) - 1 + 2
    assert {r for _, r in DISPATCHED_KINDS} >= {
        "pods",
        "statefulsets",
        "leaderworkersets",
        "tfjobs",
        "appwrappers",
    }
