"""What the scheduling components register on EKS and GKE: every Kueue object against the upstream
CRDs at the pinned tag (tests/schemas/crds; defaults and CEL rules applied), core objects against the Kubernetes OpenAPI, flavors and queues shaped
from the pools, the Helm pins, and the team identities' policy documents."""

from __future__ import annotations

import json

import kubernetes_validate
import pytest
import yaml
from crd_validation import crd_errors, key_of, openapi_schemas
from onprem.k8s_objects import objects_of
from onprem.test_schemas import K8S_VERSION, _is_core

from aiinfra.blueprints import validate_platform
from aiinfra.engine import run_program
from aiinfra.program import main as program_main

from .sched_helpers import stack_file
from conftest import cached_plan
from engine_helpers import only

STACKS = ["aws-training", "gcp-training", "gcp-tpu-inference", "onprem"]
KUEUE = "kubernetes:kueue.x-k8s.io/v1beta2:"


def _flex_run():
    """gcp-training plus a flex-start pool with queued provisioning (GKE DWS) the inference team borrows."""
    data = stack_file("gcp-training")
    raw = data["config"]["aiinfra:platform"]
    raw["pools"].append(
        {
            "name": "h100-flex",
            "machine_type": "a3-highgpu-8g",
            "min_nodes": 0,
            "max_nodes": 4,
            "capacity": "flex_start",
            "queued_provisioning": True,
            "zone": "us-central1-a",
        }
    )
    raw["scheduling"]["teams"][1]["quotas"]["h100-flex"] = {"accelerators": 0, "borrowing_limit": 16}
    config = validate_platform(raw)
    return run_program(program_main, config={"aiinfra:platform": raw}, context=config.offline_context())


@pytest.fixture(scope="module")
def flex():
    return _flex_run()


def _scheduling_objects(run, prefix: str):
    return [(o, r) for o, r in objects_of(run) if r.name.startswith(prefix)]


def _validate_custom(objects) -> set[str]:
    checked = set()
    for obj, rec in objects:
        if _is_core(obj["apiVersion"]):
            continue
        key = key_of(obj)
        assert key in openapi_schemas(), f"{rec.name}: no served CRD version for {key}"
        errors = crd_errors(obj)
        assert not errors, f"{rec.name} ({key}): " + "; ".join(errors[:5])
        checked.add(key)
    return checked


@pytest.mark.parametrize("stack", STACKS)
def test_kueue_objects_against_upstream_crds(stack: str) -> None:
    plan = cached_plan(stack)
    checked = _validate_custom(_scheduling_objects(plan.run, f"{plan.config.name}-sched-"))
    expected = {
        f"kueue.x-k8s.io/v1beta2/{k}"
        for k in ("ResourceFlavor", "ClusterQueue", "LocalQueue", "Cohort", "WorkloadPriorityClass")
    }
    if stack in ("aws-training", "gcp-training"):  # fabric pools / multi-host slices
        expected.add("kueue.x-k8s.io/v1beta2/Topology")
    assert checked == expected


def test_provisioning_objects_against_upstream_crds(flex) -> None:
    checked = _validate_custom(_scheduling_objects(flex, "llm-train-sched-"))
    assert "kueue.x-k8s.io/v1beta2/AdmissionCheck" in checked
    assert "kueue.x-k8s.io/v1beta2/ProvisioningRequestConfig" in checked


@pytest.mark.parametrize("stack", STACKS)
def test_core_objects_against_kubernetes_openapi(stack: str) -> None:
    plan = cached_plan(stack)
    core = [
        (o, r)
        for o, r in _scheduling_objects(plan.run, f"{plan.config.name}-sched-")
        if _is_core(o["apiVersion"])
    ]
    assert {o["kind"] for o, _ in core} == {
        "PriorityClass",
        "Namespace",
        "ResourceQuota",
        "LimitRange",
        "NetworkPolicy",
        "ServiceAccount",
    }
    for obj, rec in core:
        if obj["kind"] == "ServiceAccount" and "annotations" in obj["metadata"]:
            # role ARN / service-account e-mail are computed outputs: the engine shows them as strings
            assert all(isinstance(v, str) for v in obj["metadata"]["annotations"].values()), rec.name
        try:
            kubernetes_validate.validate(obj, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{rec.name} ({obj['kind']}): {exc.message} at {list(exc.path)}")


def test_eks_flavors_from_pools_with_tas_on_the_efa_pool() -> None:
    run = cached_plan("aws-training").run
    efa = only(run, KUEUE + "ResourceFlavor", "llm-train-sched-flavor-h100-train").inputs["spec"]
    assert efa["nodeLabels"] == {"aiinfra.io/pool": "h100-train"}
    assert efa["topologyName"] == "eks-network"
    assert {"key": "nvidia.com/gpu", "value": "true", "effect": "NoSchedule"} in efa["nodeTaints"]
    spot = only(run, KUEUE + "ResourceFlavor", "llm-train-sched-flavor-l40s-infer").inputs["spec"]
    assert "topologyName" not in spot  # g6e has EC2 topology but no fabric: no gang packing needed
    topology = only(run, KUEUE + "Topology").inputs["spec"]["levels"]
    assert [lv["nodeLabel"] for lv in topology] == [
        "topology.k8s.aws/network-node-layer-1",
        "topology.k8s.aws/network-node-layer-2",
        "topology.k8s.aws/network-node-layer-3",
        "kubernetes.io/hostname",
    ]


def test_gke_topologies_for_rdma_pool_and_tpu_slice() -> None:
    run = cached_plan("gcp-training").run
    topologies = {
        r.inputs["metadata"]["name"]: r.inputs["spec"]["levels"] for r in run.by_type(KUEUE + "Topology")
    }
    assert [lv["nodeLabel"] for lv in topologies["gke-network"]][:3] == [
        "cloud.google.com/gce-topology-block",
        "cloud.google.com/gce-topology-subblock",
        "cloud.google.com/gce-topology-host",
    ]
    assert [lv["nodeLabel"] for lv in topologies["gke-tpu-slice"]] == [
        "cloud.google.com/gke-nodepool",
        "kubernetes.io/hostname",
    ]
    tpu = only(run, KUEUE + "ResourceFlavor", "llm-train-sched-flavor-v5p-slice").inputs["spec"]
    assert tpu["topologyName"] == "gke-tpu-slice"


def test_cluster_queue_order_quota_and_borrowing() -> None:
    run = cached_plan("aws-training").run
    cq = only(run, KUEUE + "ClusterQueue", "llm-train-sched-cq-inference").inputs["spec"]
    assert cq["cohortName"] == "product"
    group = cq["resourceGroups"][0]
    assert group["coveredResources"] == ["cpu", "memory", "nvidia.com/gpu"]
    flavors = {f["name"]: {r["name"]: r for r in f["resources"]} for f in group["flavors"]}
    assert [f["name"] for f in group["flavors"]] == ["h100-train", "l40s-infer"]  # Capacity Block before spot
    assert flavors["h100-train"]["nvidia.com/gpu"] == {
        "name": "nvidia.com/gpu",
        "nominalQuota": "8",
        "borrowingLimit": "8",
    }
    assert flavors["h100-train"]["cpu"]["nominalQuota"] == "192"  # 8 of 8 GPUs of one p5 (192 vCPU)
    assert flavors["l40s-infer"]["nvidia.com/gpu"]["nominalQuota"] == "0"
    assert cq["fairSharing"] == {"weight": "2"}
    assert cq["flavorFungibility"] == {"whenCanBorrow": "TryNextFlavor", "whenCanPreempt": "TryNextFlavor"}
    assert cq["preemption"] == {"withinClusterQueue": "LowerPriority", "reclaimWithinCohort": "Any"}
    root = only(run, KUEUE + "Cohort", "llm-train-sched-cohort-llm-train").inputs["spec"]
    shared = root["resourceGroups"][0]["flavors"]
    assert [f["name"] for f in shared] == ["l40s-infer"]
    assert {r["name"]: r["nominalQuota"] for r in shared[0]["resources"]}["nvidia.com/gpu"] == "16"
    product = only(run, KUEUE + "Cohort", "llm-train-sched-cohort-product").inputs["spec"]
    assert product == {"parentName": "llm-train", "fairSharing": {"weight": "2"}}
    pre = only(run, KUEUE + "ClusterQueue", "llm-train-sched-cq-pretrain").inputs["spec"]
    gpu = {f["name"]: {r["name"]: r for r in f["resources"]} for f in pre["resourceGroups"][0]["flavors"]}
    assert gpu["h100-train"]["nvidia.com/gpu"] == {
        "name": "nvidia.com/gpu",
        "nominalQuota": "48",
        "lendingLimit": "16",
    }


def test_queued_provisioning_admission_check(flex) -> None:
    check = only(flex, KUEUE + "AdmissionCheck").inputs["spec"]
    assert check["controllerName"] == "kueue.x-k8s.io/provisioning-request"
    assert check["parameters"] == {
        "apiGroup": "kueue.x-k8s.io",
        "kind": "ProvisioningRequestConfig",
        "name": "h100-flex-provisioning",
    }
    prc = only(flex, KUEUE + "ProvisioningRequestConfig").inputs["spec"]
    assert prc["provisioningClassName"] == "queued-provisioning.gke.io"
    assert prc["managedResources"] == ["nvidia.com/gpu"]
    for cq in flex.by_type(KUEUE + "ClusterQueue"):
        spec = cq.inputs["spec"]
        assert spec["admissionChecksStrategy"] == {
            "admissionChecks": [{"name": "h100-flex-provisioning", "onFlavors": ["h100-flex"]}]
        }
        assert [f["name"] for f in spec["resourceGroups"][0]["flavors"]][-1] == "h100-flex"  # tried last


def test_team_bundle_in_its_namespace() -> None:
    run = cached_plan("aws-training").run
    for team in ("pretrain", "evals", "inference"):
        ns = f"team-{team}"
        lq = only(run, KUEUE + "LocalQueue", f"llm-train-sched-lq-{team}").inputs
        assert (lq["metadata"]["namespace"], lq["spec"]["clusterQueue"]) == (ns, team)
        policy = only(
            run, "kubernetes:networking.k8s.io/v1:NetworkPolicy", f"llm-train-sched-netpol-{team}"
        ).inputs
        assert policy["metadata"]["namespace"] == ns and policy["spec"]["podSelector"] == {}
        assert policy["spec"]["policyTypes"] == ["Ingress"]
        limits = only(run, "kubernetes:core/v1:LimitRange", f"llm-train-sched-limits-{team}").inputs
        assert limits["spec"]["limits"][0]["defaultRequest"] == {"cpu": "500m", "memory": "1Gi"}
    quota = only(run, "kubernetes:core/v1:ResourceQuota", "llm-train-sched-quota-inference").inputs["spec"][
        "hard"
    ]
    assert quota == {"requests.nvidia.com/gpu": "32"}  # 8 + 8 borrowed H100, all 16 spot L40S


def test_helm_pins_and_minimal_values() -> None:
    run = cached_plan("gcp-training").run
    releases = {r.name: r.inputs for r in run.by_type("kubernetes:helm.sh/v3:Release") if "-kueue-" in r.name}
    assert {n: (i["chart"], i["version"], i["namespace"]) for n, i in releases.items()} == {
        "llm-train-kueue-kueue": ("oci://registry.k8s.io/kueue/charts/kueue", "0.19.2", "kueue-system"),
        "llm-train-kueue-jobset": ("oci://registry.k8s.io/jobset/charts/jobset", "0.12.0", "jobset-system"),
        "llm-train-kueue-lws": ("oci://registry.k8s.io/lws/charts/lws", "0.10.0", "lws-system"),
    }
    assert (
        "values" not in releases["llm-train-kueue-jobset"] and "values" not in releases["llm-train-kueue-lws"]
    )
    values = releases["llm-train-kueue-kueue"]["values"]
    assert list(values) == ["managerConfig"] and list(values["managerConfig"]) == [
        "controllerManagerConfigYaml"
    ]
    config = yaml.safe_load(values["managerConfig"]["controllerManagerConfigYaml"])
    assert config["apiVersion"] == "config.kueue.x-k8s.io/v1beta2"
    assert config["fairSharing"]["preemptionStrategies"] == [
        "LessThanOrEqualToFinalShare",
        "LessThanInitialShare",
    ]
    assert {"jobset.x-k8s.io/jobset", "leaderworkerset.x-k8s.io/leaderworkerset"} <= set(
        config["integrations"]["frameworks"]
    )


def test_eks_team_roles_reach_only_their_prefix() -> None:
    run = cached_plan("aws-training").run
    for team in ("pretrain", "evals", "inference"):
        trust = json.loads(
            only(run, "aws:iam/role:Role", f"llm-train-teams-role-{team}").inputs["assumeRolePolicy"]
        )
        (stmt,) = trust["Statement"]
        assert stmt["Action"] == "sts:AssumeRoleWithWebIdentity"
        subs = [v for k, v in stmt["Condition"]["StringEquals"].items() if k.endswith(":sub")]
        assert subs == [f"system:serviceaccount:team-{team}:{team}"]
        doc = json.loads(
            only(run, "aws:iam/rolePolicy:RolePolicy", f"llm-train-teams-data-{team}").inputs["policy"]
        )
        by_sid = {s["Sid"]: s for s in doc["Statement"]}
        assert set(by_sid) == {"ListOwnPrefix", "ObjectsUnderOwnPrefix", "ColdKeyThroughS3"}
        assert by_sid["ListOwnPrefix"]["Condition"] == {
            "StringLike": {"s3:prefix": [f"teams/{team}/", f"teams/{team}/*"]}
        }
        objects = by_sid["ObjectsUnderOwnPrefix"]["Resource"]
        assert objects.endswith(f"/teams/{team}/*") and objects.startswith("arn:aws:s3:::")
        assert "*" not in objects[: -len(f"/teams/{team}/*")]  # no wildcard before the prefix
        assert by_sid["ColdKeyThroughS3"]["Condition"] == {
            "StringEquals": {"kms:ViaService": "s3.us-west-2.amazonaws.com"}
        }
        assert all(
            s["Effect"] == "Allow" and "*" not in json.dumps(s.get("Action")) for s in doc["Statement"]
        )
        sa = only(run, "kubernetes:core/v1:ServiceAccount", f"llm-train-sched-sa-{team}").inputs["metadata"]
        assert sa["annotations"] == {
            "eks.amazonaws.com/role-arn": f"arn:aws:iam::123456789012:role/llm-train-teams-role-{team}"
        }


def test_no_team_budget_filters_on_a_tag_no_node_carries() -> None:
    """Teams share nodes through Kueue: a budget on a team tag/label would measure $0, so none is made;
    the plan names the alert that evaluates the budget instead (tests/observability/test_budgets.py)."""
    for stack, kind, delivery in (
        ("aws-training", "aws:budgets/budget:Budget", "by namespace, 24h mean x 730 h; AMP rule group"),
        (
            "gcp-training",
            "gcp:billing/budget:Budget",
            "by exported_namespace, 24h mean x 730 h; Cloud Monitoring",
        ),
    ):
        plan = cached_plan(stack)
        assert plan.run.by_type(kind) == []
        teams = {t["team"]: t for t in plan.summary["scheduling"]["teams"]}
        budgeted = [t for t in teams.values() if t["monthly_budget_usd"]]
        assert budgeted and all(
            t["budget_alert"].startswith("alert TeamBudgetProjectedOverrun at 80%, 100%: ")
            and delivery in t["budget_alert"]
            for t in budgeted
        )
        assert all(t["budget_alert"] is None for t in teams.values() if not t["monthly_budget_usd"])


def test_gke_team_accounts_reach_only_their_prefix() -> None:
    run = cached_plan("gcp-training").run
    for team in ("pretrain", "inference"):
        wi = only(run, "gcp:serviceaccount/iAMMember:IAMMember", f"llm-train-teams-wi-{team}").inputs
        assert wi["role"] == "roles/iam.workloadIdentityUser"
        assert wi["member"] == f"serviceAccount:aiinfra-training.svc.id.goog[team-{team}/{team}]"
        data = only(run, "gcp:storage/bucketIAMMember:BucketIAMMember", f"llm-train-teams-data-{team}").inputs
        assert data["role"] == "roles/storage.objectUser"
        expr = data["condition"]["expression"]
        assert expr.startswith(
            'resource.type == "storage.googleapis.com/Bucket" || resource.name.startsWith("projects/_/buckets/'
        )
        assert expr.endswith(f'/objects/teams/{team}/")')
        sa = only(run, "kubernetes:core/v1:ServiceAccount", f"llm-train-sched-sa-{team}").inputs["metadata"]
        assert "iam.gke.io/gcp-service-account" in sa["annotations"]


@pytest.mark.parametrize("stack", STACKS)
def test_resource_groups_keep_the_crd_rules(stack: str) -> None:
    """What the CRD's CEL rules (not checked by jsonschema) and Kueue's webhook require: every flavor
    lists the covered resources in order, a flavor and a resource appear in one group only."""
    run = cached_plan(stack).run
    groups_checked = 0
    for kind in ("ClusterQueue", "Cohort"):
        for obj in run.by_type(KUEUE + kind):
            groups = obj.inputs["spec"].get("resourceGroups", [])
            assert len(groups) <= 16
            seen_flavors: set[str] = set()
            seen_resources: set[str] = set()
            for group in groups:
                covered = group["coveredResources"]
                assert not seen_resources & set(covered), obj.name
                seen_resources |= set(covered)
                for f in group["flavors"]:
                    assert [r["name"] for r in f["resources"]] == covered, (obj.name, f["name"])
                    assert f["name"] not in seen_flavors, obj.name
                    seen_flavors.add(f["name"])
                groups_checked += 1
    assert groups_checked >= 2
