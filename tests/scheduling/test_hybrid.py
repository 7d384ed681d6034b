"""Hybrid stacks keep MultiKueue on top: the on-prem manager takes the scheduling spec, the cloud
worker gets Kueue installed (MultiKueue waits for it) and refuses a scheduling block of its own."""

from __future__ import annotations

import pytest
from hybrid.hybrid_helpers import platform

from aiinfra.blueprints import validate_platform
from aiinfra.errors import InputError

from conftest import cached_plan
from engine_helpers import only


def test_cloud_scheduling_is_refused_in_a_hybrid_stack() -> None:
    raw = platform()
    raw["cloud"]["scheduling"] = {"teams": [{"name": "research", "quotas": {"h100-burst": 8}}]}
    with pytest.raises(
        InputError, match=r"platform\.cloud\.scheduling: the burst cluster is the MultiKueue worker"
    ):
        validate_platform(raw)


@pytest.mark.parametrize("stack", ["hybrid-aws", "hybrid-gcp"])
def test_worker_gets_kueue_before_multikueue(stack: str) -> None:
    run = cached_plan(stack).run
    name = cached_plan(stack).config.name
    kueue = only(run, "kubernetes:helm.sh/v3:Release", f"{name}-worker-kueue-kueue")
    assert kueue.inputs["namespace"] == "kueue-system" and kueue.inputs["version"] == "0.19.2"
    fair = kueue.inputs["values"]["managerConfig"]["controllerManagerConfigYaml"]
    assert "fairSharing" not in fair  # the worker's queues come from burst; fair sharing is the manager's
    sa = only(run, "kubernetes:core/v1:ServiceAccount", f"{name}-burst-worker-sa")
    assert kueue.urn in sa.dependencies  # the manager's identity lands after Kueue made kueue-system


def test_inline_onprem_manager_uses_the_scheduling_spec() -> None:
    plan = cached_plan("hybrid-gcp")
    queues = plan.run.by_type("kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue")
    onprem = {q.inputs["metadata"]["name"] for q in queues if q.name.startswith("dc2-gpu-sched-")}
    assert onprem == {"research", "applied"}
    assert [t["team"] for t in plan.summary["scheduling"]["teams"]] == ["research", "applied"]
