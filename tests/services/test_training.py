"""Kubeflow Trainer on the shipped stacks: the pinned release and its values, Kueue's integration,
the example TrainJobs (generated docs) against the Trainer v2.3.0 CRD and the pools' fabric, and the
spec errors."""

from __future__ import annotations

import json

import pytest
import yaml
from crd_validation import crd_errors
from scheduling.sched_helpers import stack_file

from aiinfra.blueprints import validate_platform
from aiinfra.components.services.training import TRAINER_CHART
from aiinfra.errors import InputError
from aiinfra.training_docs import DOC_FILE, doc_text, example_jobs

from conftest import REPO, cached_plan

HELM = "kubernetes:helm.sh/v3:Release"
TRAINING_STACKS = {"aws-training": False, "gcp-training": False, "onprem": True}  # -> jobset.install


def _release(stack: str, suffix: str):
    plan = cached_plan(stack)
    found = [r for r in plan.run.resources if r.type == HELM and r.name == f"{plan.config.name}-{suffix}"]
    assert len(found) == 1, [r.name for r in plan.run.resources if r.type == HELM]
    return found[0]


@pytest.mark.parametrize(("stack", "jobset"), sorted(TRAINING_STACKS.items()))
def test_trainer_release_is_pinned_with_its_runtimes(stack: str, jobset: bool) -> None:
    release = _release(stack, "training-trainer")
    assert (release.inputs["chart"], release.inputs["version"]) == (TRAINER_CHART.chart, "2.3.0")
    assert release.inputs["namespace"] == "kubeflow-system"
    values = release.inputs["values"]
    assert values["jobset"] == {"install": jobset}
    runtimes = set(values["runtimes"])
    expected = {"torchDistributed", "deepspeedDistributed"} | (
        {"jaxDistributed"} if stack == "gcp-training" else set()
    )
    assert runtimes == expected
    assert all(v == {"enabled": True} for v in values["runtimes"].values())


@pytest.mark.parametrize("stack", ["aws-training", "gcp-training"])
def test_kueue_admits_trainjobs_and_trainer_waits_for_it(stack: str) -> None:
    kueue = _release(stack, "kueue-kueue")
    config = yaml.safe_load(kueue.inputs["values"]["managerConfig"]["controllerManagerConfigYaml"])
    assert "trainer.kubeflow.org/trainjob" in config["integrations"]["frameworks"]
    trainer = _release(stack, "training-trainer")
    plan = cached_plan(stack)
    by_urn = plan.run.by_urn()
    assert by_urn[trainer.parent].type == "aiinfra:services:TrainingOperators"
    waits = {by_urn[d].name for d in trainer.dependencies}
    assert {f"{plan.config.name}-sched-lq-{t.name}" for t in plan.config.scheduling.teams} <= waits


def test_docs_page_is_generated() -> None:
    assert (REPO / DOC_FILE).read_text() == doc_text()


def test_every_example_validates_against_the_trainer_crd() -> None:
    jobs = example_jobs()
    assert len(jobs) == 4
    for stack, pool, job in jobs:
        assert crd_errors(job) == [], f"{stack}/{pool}"


def _pod(job: dict) -> dict:
    [patch] = job["spec"]["runtimePatches"]
    [node] = patch["trainingRuntimeSpec"]["template"]["spec"]["replicatedJobs"]
    assert node["name"] == "node"
    return node["template"]["spec"]["template"]


def _queues(stack: str) -> set[tuple[str, str]]:
    return {
        (r.inputs["metadata"]["namespace"], r.inputs["metadata"]["name"])
        for r in cached_plan(stack).run.resources
        if r.type == "kubernetes:kueue.x-k8s.io/v1beta2:LocalQueue"
    }


def test_examples_request_the_pools_fabric_through_a_team_queue() -> None:
    jobs = {(s, p): j for s, p, j in example_jobs()}
    for (stack, _pool), job in jobs.items():
        meta = job["metadata"]
        assert (meta["namespace"], meta["labels"]["kueue.x-k8s.io/queue-name"]) in _queues(stack)
    aws = jobs["aws-training", "h100-train"]
    assert aws["spec"]["trainer"]["resourcesPerNode"]["limits"] == {
        "nvidia.com/gpu": "8",
        "vpc.amazonaws.com/efa": "32",
    }
    assert aws["spec"]["trainer"]["numNodes"] == 6  # pretrain: 48 H100 = 6 nodes of 8
    assert _pod(aws)["spec"]["nodeSelector"] == {"aiinfra.io/pool": "h100-train"}
    assert _pod(aws)["spec"]["tolerations"] == [
        {"key": "nvidia.com/gpu", "operator": "Equal", "value": "true", "effect": "NoSchedule"}
    ]

    gpu = jobs["gcp-training", "h200-train"]
    annotations = _pod(gpu)["metadata"]["annotations"]
    networks = [n["network"] for n in json.loads(annotations["networking.gke.io/interfaces"])]
    assert networks == ["default", "h200-train-gvnic", *(f"h200-train-rdma-{i}" for i in range(8))]
    assert gpu["spec"]["trainer"]["resourcesPerNode"]["limits"] == {"nvidia.com/gpu": "8"}

    tpu = jobs["gcp-training", "v5p-slice"]
    assert tpu["spec"]["runtimeRef"]["name"] == "jax-distributed"
    assert tpu["spec"]["trainer"]["numNodes"] == 4  # the 2x2x4 slice's 4 hosts
    assert tpu["spec"]["trainer"]["resourcesPerNode"]["limits"] == {"google.com/tpu": "4"}
    assert _pod(tpu)["spec"]["nodeSelector"] == {
        "aiinfra.io/pool": "v5p-slice",
        "cloud.google.com/gke-tpu-accelerator": "tpu-v5p-slice",
        "cloud.google.com/gke-tpu-topology": "2x2x4",
    }

    onprem = jobs["onprem", "h100-train"]
    limits = onprem["spec"]["trainer"]["resourcesPerNode"]["limits"]
    assert limits == {"nvidia.com/gpu": "8", **{f"rdma/rail{i}": "1" for i in range(8)}}
    assert _pod(onprem)["metadata"]["annotations"]["k8s.v1.cni.cncf.io/networks"] == ",".join(
        f"nvidia-network-operator/rail{i}" for i in range(8)
    )


def test_a_crd_violation_is_caught() -> None:
    """The schema check can fail: a TrainJob without runtimeRef, or with an unknown trainer field."""
    _, _, job = example_jobs()[0]
    broken = json.loads(json.dumps(job))
    del broken["spec"]["runtimeRef"]
    broken["spec"]["trainer"]["gpus"] = 8
    errors = crd_errors(broken)
    assert any("runtimeRef" in e for e in errors) and any("gpus" in e for e in errors)


def test_training_without_scheduling_is_refused() -> None:
    raw = stack_file("aws-training")["config"]["aiinfra:platform"]
    raw.pop("scheduling")
    raw["services"].pop("notebooks")  # its team check would fire first
    with pytest.raises(InputError, match=r"services\.training: needs the scheduling section"):
        validate_platform(raw)


def test_unknown_runtime_is_refused() -> None:
    raw = stack_file("gcp-training")["config"]["aiinfra:platform"]
    raw["services"]["training"]["runtimes"] = ["tensorflow"]
    with pytest.raises(InputError, match=r"services\.training\.runtimes"):
        validate_platform(raw)


def test_hybrid_refuses_services_on_the_burst_cloud() -> None:
    raw = stack_file("hybrid-aws")["config"]["aiinfra:platform"]
    raw["cloud"]["services"] = {
        "serving": {"models": [{"name": "m", "runtime": "vllm", "pool": "l40s-burst"}]}
    }
    with pytest.raises(
        InputError, match=r"cloud\.services: a hybrid platform's services live on the on-prem side"
    ):
        validate_platform(raw)


def test_hybrid_runs_training_on_its_inline_on_prem_side() -> None:
    """Hybrid: the inline on-prem platform's services are registered on the on-prem cluster."""
    from hybrid.hybrid_helpers import platform, stack_config

    from aiinfra.engine import run_program
    from aiinfra.program import main as program_main

    raw = platform()
    raw.pop("onprem_stack")
    raw["onprem"] = stack_file("onprem")["config"]["aiinfra:platform"]
    config = validate_platform(raw)
    assert config.onprem.services.training is not None
    engine_config = {**stack_config(raw), "aiinfra:kubeconfig": "offline-secret"}
    run = run_program(program_main, config=engine_config, context=config.offline_context())
    [release] = [r for r in run.resources if r.type == HELM and r.name == "dc1-gpu-training-trainer"]
    assert release.inputs["values"]["jobset"] == {"install": True}
    assert release.provider.split("::")[-1].startswith("dc1-gpu-k8s")
    # serving lives on the on-prem side too: KServe, the read-only RGW reader and the model
    isvc = {
        r.name: r for r in run.resources if r.type == "kubernetes:serving.kserve.io/v1beta1:InferenceService"
    }
    assert list(isvc) == ["dc1-gpu-serving-isvc-chat-8b"]
    assert isvc["dc1-gpu-serving-isvc-chat-8b"].provider.split("::")[-1].startswith("dc1-gpu-k8s")
    users = [r.inputs["metadata"]["name"] for r in run.resources if r.type.endswith(":CephObjectStoreUser")]
    assert sorted(users) == ["aiinfra-mlflow", "aiinfra-model-reader"]
    assert [r["service"] for r in cached_plan("onprem").summary["services"]] == [
        "notebooks",
        "mlflow",
        "training",
        "serving",
    ]
