"""Day-one wiring of the EKS platform: NetworkPolicy enforcement, supported versions, the autoscaler.

Each test asserts what ``pulumi up`` would build for the shipped stacks (recorded offline), not
only its shape: the VPC CNI add-on's configuration turns enforcement on, the default Kubernetes
version is in EKS standard support, every pool but a Capacity Block pool is discovered by the
Cluster Autoscaler whose role may only resize this cluster's tagged Auto Scaling groups.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from aiinfra.components.aws import addon_versions
from aiinfra.components.aws.autoscaler import AUTOSCALED_TAG, READ_ACTIONS, WRITE_ACTIONS, autoscaler_policy
from aiinfra.components.aws.cluster import ClusterSpec
from aiinfra.components.payloads import registry

from conftest import cached_plan

TODAY = date(2026, 12, 7)
ADDON = "aws:eks/addon:Addon"
RELEASE = "kubernetes:helm.sh/v3:Release"
ASG_TAG = "aws:autoscaling/tag:Tag"
EKS_STACKS = ("aws-training", "hybrid-aws")


def _one(run, type_token: str, name: str):
    [res] = [r for r in run.resources if r.type == type_token and r.name == name]
    return res


@pytest.mark.parametrize("stack", EKS_STACKS)
def test_vpc_cni_enforces_network_policies(stack: str) -> None:
    """The add-on is created with enableNetworkPolicy "true" (a string: the chart's default is the
    string "false" at both pinned tags), a key the pinned version's recorded facts know."""
    run = cached_plan(stack).run
    [cni] = [r for r in run.resources if r.type == ADDON and r.inputs.get("addonName") == "vpc-cni"]
    config = json.loads(cni.inputs["configurationValues"])
    assert config == {"enableNetworkPolicy": "true"}
    assert registry.addon_problems("vpc-cni", cni.inputs["addonVersion"], config) == []


@pytest.mark.parametrize("version", ["v1.20.1", "v1.21.1"])
def test_enable_network_policy_is_a_string_key_of_the_pinned_chart(version: str) -> None:
    facts = registry.charts()[("aws-vpc-cni", version)]
    assert "enableNetworkPolicy" in facts.leaves
    # nodeAgent.enabled is the agent that enforces on the node; on by default in both charts.
    assert "nodeAgent.enabled" in facts.leaves


@pytest.mark.parametrize(
    ("stack", "expected"),
    [
        ("aws-training", [True]),
        ("hybrid-aws", [True]),
        ("gcp-training", [True]),
        ("gcp-tpu-inference", [True]),
        ("onprem", [None]),
        ("hybrid-gcp", [None, True]),
    ],
)
def test_plan_says_who_enforces_network_policies(stack: str, expected: list[bool | None]) -> None:
    rows = cached_plan(stack).summary["network_policy"]
    assert [r["enforced"] for r in rows] == expected
    for r in rows:
        assert r["enforced_by"]


def test_default_eks_version_is_in_standard_support_today() -> None:
    default = ClusterSpec().kubernetes_version
    assert default == addon_versions.DEFAULT_KUBERNETES_VERSION == "1.35"
    assert addon_versions.STANDARD_SUPPORT_ENDS[default] > TODAY
    # 1.33, the old default, left standard support on 2026-07-29.
    assert addon_versions.STANDARD_SUPPORT_ENDS["1.33"] < TODAY


@pytest.mark.parametrize("minor", sorted(addon_versions.ADDON_VERSIONS))
def test_every_accepted_minor_has_pins_with_recorded_facts(minor: str) -> None:
    ClusterSpec(kubernetes_version=minor)
    for addon in ("vpc-cni", "kube-proxy", "coredns"):
        version = addon_versions.addon_version(addon, minor)
        facts = registry.addons()[(addon, version)]
        assert minor in facts.kubernetes_versions, (addon, version, minor)
        assert facts.version_source


@pytest.mark.parametrize("minor", ["1.28", "1.31", "1.36"])
def test_versions_without_pins_are_refused_naming_the_field(minor: str) -> None:
    with pytest.raises(ValueError, match=r"no EKS add-on versions are pinned for '1\.3?\d+'"):
        ClusterSpec(kubernetes_version=minor)


def test_shipped_eks_stacks_run_a_standard_support_version() -> None:
    for stack in EKS_STACKS:
        [cluster] = cached_plan(stack).run.by_type("aws:eks/cluster:Cluster")
        assert addon_versions.STANDARD_SUPPORT_ENDS[cluster.inputs["version"]] > TODAY


def test_cluster_autoscaler_is_installed_with_its_irsa_role() -> None:
    run = cached_plan("aws-training").run
    release = _one(run, RELEASE, "llm-train-autoscaler")
    assert (release.inputs["chart"], release.inputs["version"]) == ("cluster-autoscaler", "9.59.0")
    assert release.inputs["namespace"] == "kube-system"
    values = release.inputs["values"]
    assert values["autoDiscovery"]["tags"] == [
        "k8s.io/cluster-autoscaler/enabled",
        "k8s.io/cluster-autoscaler/llm-train",
        f"{AUTOSCALED_TAG}=llm-train",
    ]
    assert values["image"]["tag"] == "v1.35.2"
    assert values["extraArgs"]["expander"] == "least-waste"
    # It runs on the system nodes: every accelerator pool may be empty, and a critical pod on an
    # accelerator node would block that node's scale-down.
    assert values["nodeSelector"] == {"aiinfra.io/role": "system"}
    assert "tolerations" not in values
    sa = values["rbac"]["serviceAccount"]
    assert sa["name"] == "cluster-autoscaler"
    assert sa["annotations"]["eks.amazonaws.com/role-arn"].endswith(":role/llm-train-autoscaler-role")
    assert registry.helm_values_problems("cluster-autoscaler", "9.59.0", values) == []
    trust = json.loads(_one(run, "aws:iam/role:Role", "llm-train-autoscaler-role").inputs["assumeRolePolicy"])
    [condition] = [s["Condition"]["StringEquals"] for s in trust["Statement"]]
    assert [v for k, v in condition.items() if k.endswith(":sub")] == [
        "system:serviceaccount:kube-system:cluster-autoscaler"
    ]


def test_autoscaler_may_resize_only_this_clusters_tagged_groups() -> None:
    doc = json.loads(autoscaler_policy("llm-train"))
    read, write = doc["Statement"]
    assert set(read["Action"]) == set(READ_ACTIONS) and "Condition" not in read
    assert not set(read["Action"]) & set(WRITE_ACTIONS)
    assert write["Action"] == list(WRITE_ACTIONS)
    assert write["Condition"] == {"StringEquals": {f"aws:ResourceTag/{AUTOSCALED_TAG}": "llm-train"}}


def test_pools_carry_discovery_and_scale_from_zero_tags_except_capacity_blocks() -> None:
    run = cached_plan("aws-training").run
    tags = {r.name: r.inputs["tag"] for r in run.resources if r.type == ASG_TAG}
    l40s = {t["key"]: t["value"] for n, t in tags.items() if n.startswith("llm-train-l40s-infer-asg-tag-")}
    assert l40s[AUTOSCALED_TAG] == "llm-train"
    prefix = "k8s.io/cluster-autoscaler/node-template"
    assert l40s[f"{prefix}/label/aiinfra.io/pool"] == "l40s-infer"
    assert l40s[f"{prefix}/taint/nvidia.com/gpu"] == "true:NoSchedule"
    assert l40s[f"{prefix}/resources/nvidia.com/gpu"] == "4"
    assert all(t["propagateAtLaunch"] is False for t in tags.values())
    # The Capacity Block pool is sized by its block's scheduled actions, never by the autoscaler.
    assert not [n for n in tags if n.startswith("llm-train-h100-train-")]


def test_plan_says_what_scales_each_pool() -> None:
    envelope = {e["pool"]: e for e in cached_plan("aws-training").summary["envelope"]}
    l40s, h100 = envelope["l40s-infer"], envelope["h100-train"]
    assert l40s["autoscaled"] is True and (l40s["scale_min"], l40s["scale_max"]) == (0, 4)
    assert l40s["scaled_by"].startswith(
        "Cluster Autoscaler chart 9.59.0 (image v1.35.2, expander least-waste)"
    )
    assert h100["autoscaled"] is False and h100["scaled_by"].startswith("Capacity Block scheduled actions")
    for stack, prefix in (("gcp-training", "GKE cluster autoscaler"), ("onprem", "fixed:")):
        for e in cached_plan(stack).summary["envelope"]:
            assert e["scaled_by"].startswith(prefix), (stack, e)


def test_gke_clusters_turn_cost_allocation_on() -> None:
    """GKE cost allocation puts k8s-namespace / k8s-label lines into the billing export: how team
    spend is measured on GKE (no budget can filter on them)."""
    for stack in ("gcp-training", "gcp-tpu-inference", "hybrid-gcp"):
        [cluster] = cached_plan(stack).run.by_type("gcp:container/cluster:Cluster")
        assert cluster.inputs["costManagementConfig"] == {"enabled": True}


def test_a_fixed_untainted_system_node_group_runs_the_controllers() -> None:
    """Both shipped EKS pools start empty (min_nodes 0; a Capacity Block before its window), so the
    autoscaler, CoreDNS and Kueue need nodes of their own: a fixed on-demand group, IMDSv2 hop 1,
    root volume encrypted with the node key, not discovered by the autoscaler."""
    run = cached_plan("aws-training").run
    group = _one(run, "aws:eks/nodeGroup:NodeGroup", "llm-train-system-ng")
    assert group.inputs["scalingConfig"] == {"minSize": 2, "maxSize": 2, "desiredSize": 2}
    assert (group.inputs["capacityType"], group.inputs["amiType"]) == ("ON_DEMAND", "AL2023_x86_64_STANDARD")
    assert group.inputs["instanceTypes"] == ["m7i.2xlarge"]
    assert group.inputs["labels"] == {"aiinfra.io/role": "system"}
    assert not group.inputs.get("taints")
    lt = _one(run, "aws:ec2/launchTemplate:LaunchTemplate", "llm-train-system-lt")
    assert lt.inputs["metadataOptions"]["httpTokens"] == "required"
    assert lt.inputs["metadataOptions"]["httpPutResponseHopLimit"] == 1
    assert lt.inputs["blockDeviceMappings"][0]["ebs"]["encrypted"] == "true"
    assert not [r for r in run.resources if r.type == ASG_TAG and r.name.startswith("llm-train-system")]
    addons = _one(run, "aiinfra:aws:ClusterAddons", "llm-train-addons")
    assert group.urn in addons.dependencies
