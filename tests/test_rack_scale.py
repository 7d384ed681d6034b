"""Rack-scale pools (GB200 NVL72 on AWS UltraServers and GCP A4X) and DRA: whole-rack validation, the
resources the two shipped example stacks register, and what their plans show."""

from __future__ import annotations

import copy
import re
import subprocess
import sys

import pytest
import yaml
from crd_validation import crd_errors

from aiinfra.blueprints import validate_platform
from aiinfra.components.catalog import lookup
from aiinfra.components.dra.plan import compute_domain, dra_plan
from aiinfra.components.spec.rack import check_whole_racks, kubernetes_at_least
from aiinfra.errors import InputError

from conftest import REPO, cached_plan

AWS_STACK, GCP_STACK = "aws-gb200", "gcp-a4x"


def _platform(stack: str) -> dict:
    raw = yaml.safe_load((REPO / "stacks" / f"Pulumi.{stack}.yaml").read_text())
    return copy.deepcopy(raw["config"]["aiinfra:platform"])


def _with_pool(stack: str, **changes) -> dict:
    platform = _platform(stack)
    platform["pools"][0].update(changes)
    return platform


def _resources(stack: str, type_: str) -> list:
    return [r for r in cached_plan(stack).run.resources if r.type == type_]


def _one(stack: str, type_: str, name: str):
    [found] = [r for r in _resources(stack, type_) if r.name == name]
    return found


# --- whole racks -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("min_nodes", "desired", "max_nodes", "field", "value"),
    [
        (0, 18, 19, "max_nodes", 19),
        (0, 19, 36, "desired_nodes", 19),
        (9, 18, 18, "min_nodes", 9),
        (0, 0, 17, "max_nodes", 17),
    ],
)
def test_a_pool_that_is_not_whole_racks_is_refused_naming_the_rack_size(
    min_nodes: int, desired: int, max_nodes: int, field: str, value: int
) -> None:
    with pytest.raises(ValueError, match=rf"^{field}: {value} p6e-gb200.36xlarge hosts .* is 18 hosts"):
        check_whole_racks(
            lookup("p6e-gb200.36xlarge"), min_nodes=min_nodes, desired=desired, max_nodes=max_nodes
        )


@pytest.mark.parametrize("nodes", [0, 18, 36, 72])
def test_whole_racks_pass(nodes: int) -> None:
    check_whole_racks(lookup("a4x-highgpu-4g"), min_nodes=0, desired=nodes, max_nodes=max(nodes, 18))
    check_whole_racks(lookup("p5.48xlarge"), min_nodes=0, desired=3, max_nodes=19)  # not rack-scale


def test_aws_19_hosts_is_refused_in_the_stack() -> None:
    with pytest.raises(InputError, match="is 18 hosts"):
        validate_platform(_with_pool(AWS_STACK, desired_nodes=18, max_nodes=19))


def test_gcp_17_hosts_is_refused_in_the_stack() -> None:
    with pytest.raises(InputError, match="max_nodes: 17 a4x-highgpu-4g hosts is not a whole number of racks"):
        validate_platform(_with_pool(GCP_STACK, desired_nodes=0, max_nodes=17))


def test_cli_plan_of_19_gb200_hosts_exits_2_naming_the_rack_size(tmp_path) -> None:
    raw = yaml.safe_load((REPO / "stacks" / f"Pulumi.{AWS_STACK}.yaml").read_text())
    raw["config"]["aiinfra:platform"]["pools"][0].update(desired_nodes=19, max_nodes=19)
    stack = tmp_path / "Pulumi.gb200-19.yaml"
    stack.write_text(yaml.safe_dump(raw))
    done = subprocess.run(
        [sys.executable, "-P", "-m", "aiinfra.cli.main", "plan", str(stack)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"AWS_EC2_METADATA_DISABLED": "true", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "19 p6e-gb200.36xlarge hosts is not a whole number of racks" in done.stderr
    assert "is 18 hosts" in done.stderr and done.stdout == ""


# --- DRA needs resource.k8s.io/v1 ----------------------------------------------------------------------


def test_kubernetes_version_compare() -> None:
    assert kubernetes_at_least("1.34", (1, 34)) and kubernetes_at_least("1.35.1-gke.100", (1, 34))
    assert not kubernetes_at_least("1.33", (1, 34))


def test_dra_on_eks_below_1_34_is_refused() -> None:
    platform = _platform(AWS_STACK)
    platform["cluster"]["kubernetes_version"] = "1.33"
    with pytest.raises(InputError, match=r"cluster.kubernetes_version: 1.33 is below 1.34; the DRA pools"):
        validate_platform(platform)


def test_dra_on_gke_needs_a_pinned_version() -> None:
    platform = _platform(GCP_STACK)
    del platform["cluster"]["min_master_version"]
    with pytest.raises(InputError, match=r"cluster.min_master_version: pin a Kubernetes version >= 1.34"):
        validate_platform(platform)


def test_dra_is_for_nvidia_pools_only() -> None:
    with pytest.raises(
        InputError, match=r"device_allocation: 'dra' uses the NVIDIA DRA driver; trn2\.48xlarge"
    ):
        validate_platform(
            _with_pool(
                AWS_STACK,
                machine_type="trn2.48xlarge",
                min_nodes=0,
                desired_nodes=2,
                max_nodes=2,
            )
        )


def test_device_plugin_pools_need_no_dra() -> None:
    config = validate_platform(
        yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())["config"][
            "aiinfra:platform"
        ]
    )
    assert config.dra_plan() is None


# --- AWS: GB200 UltraServer pool ------------------------------------------------------------------------


def test_aws_gb200_node_group() -> None:
    group = _one(AWS_STACK, "aws:eks/nodeGroup:NodeGroup", "gb200-gb200-nvl72-ng")
    assert group.inputs["amiType"] == "AL2023_ARM_64_NVIDIA"
    assert group.inputs["capacityType"] == "CAPACITY_BLOCK"
    labels = group.inputs["labels"]
    assert labels["aiinfra.io/nvlink-domain-size"] == "72" and labels["aiinfra.io/rack-hosts"] == "18"
    assert labels["aiinfra.io/ultraserver-type"] == "u-p6e-gb200x72"
    assert labels["aiinfra.io/gpu-allocation"] == "dra"
    template = _one(AWS_STACK, "aws:ec2/launchTemplate:LaunchTemplate", "gb200-gb200-nvl72-lt")
    assert template.inputs["instanceMarketOptions"] == {"marketType": "capacity-block"}
    assert template.inputs["instanceType"] == "p6e-gb200.36xlarge"
    interfaces = template.inputs["networkInterfaces"]
    assert sum(1 for i in interfaces if i["interfaceType"] == "efa-only") == 17
    assert not _resources(AWS_STACK, "aws:ec2/placementGroup:PlacementGroup")  # never forced on a block


def test_aws_device_plugin_stays_off_dra_nodes() -> None:
    release = _one(AWS_STACK, "kubernetes:helm.sh/v3:Release", "gb200-addons-nvidia-device-plugin")
    terms = release.inputs["values"]["affinity"]["nodeAffinity"][
        "requiredDuringSchedulingIgnoredDuringExecution"
    ]
    [term] = terms["nodeSelectorTerms"]
    assert {"key": "aiinfra.io/gpu-allocation", "operator": "NotIn", "values": ["dra"]} in term[
        "matchExpressions"
    ]


@pytest.mark.parametrize(("stack", "platform"), [(AWS_STACK, "gb200"), (GCP_STACK, "a4x")])
def test_dra_driver_release(stack: str, platform: str) -> None:
    release = _one(stack, "kubernetes:helm.sh/v3:Release", f"{platform}-dra-driver")
    assert release.inputs["chart"] == "oci://registry.k8s.io/dra-driver-nvidia/charts/dra-driver-nvidia-gpu"
    assert (release.inputs["version"], release.inputs["namespace"]) == ("0.4.0", "dra-driver-nvidia-gpu")
    values = release.inputs["values"]
    assert values["gpuResourcesEnabledOverride"] is True
    assert values["resources"] == {"gpus": {"enabled": True}, "computeDomains": {"enabled": True}}
    assert values.get("nvidiaDriverRoot") == ("/home/kubernetes/bin/nvidia" if stack == GCP_STACK else None)


@pytest.mark.parametrize(
    ("stack", "teams"),
    [(AWS_STACK, {"team-pretrain", "team-post-train"}), (GCP_STACK, {"team-pretrain", "team-evals"})],
)
def test_compute_domains_validate_against_the_vendored_crd(stack: str, teams: set[str]) -> None:
    domains = _resources(stack, "kubernetes:resource.nvidia.com/v1beta1:ComputeDomain")
    assert {d.inputs["metadata"]["namespace"] for d in domains} == teams
    for d in domains:
        obj = {k: d.inputs[k] for k in ("apiVersion", "kind", "metadata", "spec")}
        assert crd_errors(obj) == [], d.name
        assert obj["spec"]["channel"]["resourceClaimTemplate"]["name"] == "gb200-nvl72-imex-channel"


def test_compute_domain_check_can_fail() -> None:
    bad = compute_domain("gb200-nvl72", "team-a")
    bad["spec"]["channel"]["allocationMode"] = "Every"
    assert crd_errors(bad) == [
        "['spec', 'channel', 'allocationMode']: 'Every' is not one of ['All', 'Single']"
    ]


@pytest.mark.parametrize(("stack", "platform"), [(AWS_STACK, "gb200"), (GCP_STACK, "a4x")])
def test_kueue_rack_topology_and_dra_quota_mapping(stack: str, platform: str) -> None:
    topology = _one(
        stack, "kubernetes:kueue.x-k8s.io/v1beta2:Topology", f"{platform}-sched-topology-nvlink-rack"
    )
    levels = [level["nodeLabel"] for level in topology.inputs["spec"]["levels"]]
    assert levels == ["nvidia.com/gpu.clique", "kubernetes.io/hostname"]
    flavor = _one(
        stack, "kubernetes:kueue.x-k8s.io/v1beta2:ResourceFlavor", f"{platform}-sched-flavor-gb200-nvl72"
    )
    assert flavor.inputs["spec"]["topologyName"] == "nvlink-rack"
    kueue = _one(stack, "kubernetes:helm.sh/v3:Release", f"{platform}-kueue-kueue")
    config = yaml.safe_load(kueue.inputs["values"]["managerConfig"]["controllerManagerConfigYaml"])
    assert config["resources"]["deviceClassMappings"] == [
        {"name": "nvidia.com/gpu", "deviceClassNames": ["gpu.nvidia.com"]}
    ]


# --- GCP: A4X rack -------------------------------------------------------------------------------------


def test_gcp_a4x_workload_policy_and_dranet() -> None:
    policy = _one(GCP_STACK, "gcp:compute/resourcePolicy:ResourcePolicy", "a4x-gb200-nvl72-workload")
    assert policy.inputs["workloadPolicy"] == {"type": "HIGH_THROUGHPUT", "acceleratorTopology": "1x72"}
    [pool] = [
        r for r in _resources(GCP_STACK, "gcp:container/nodePool:NodePool") if r.name.startswith("a4x-gb200")
    ]
    assert pool.inputs["placementPolicy"]["type"] == "COMPACT"
    assert (
        "policyName" in pool.inputs["placementPolicy"] and "tpuTopology" not in pool.inputs["placementPolicy"]
    )
    network = pool.inputs["networkConfig"]
    assert network["acceleratorNetworkProfile"] == "auto"
    assert "additionalNodeNetworkConfigs" not in network
    assert pool.inputs["autoscaling"]["totalMaxNodeCount"] == 18
    node = pool.inputs["nodeConfig"]
    assert (
        node["guestAccelerators"][0]["type"] == "nvidia-gb200" and node["guestAccelerators"][0]["count"] == 4
    )
    assert node["labels"]["gke-no-default-nvidia-gpu-device-plugin"] == "true"
    # DRANET wires the NICs: no extra VPCs for the rack pool
    assert not [r for r in _resources(GCP_STACK, "gcp:compute/network:Network") if "gb200" in r.name]


def test_gcp_two_racks_are_two_node_pools() -> None:
    from engine_helpers import run

    config = validate_platform(_with_pool(GCP_STACK, desired_nodes=36, max_nodes=36, min_nodes=18))
    from aiinfra.blueprints import blueprint_module

    resources = run(lambda: blueprint_module("gcp").build(config)).resources
    pools = {
        r.name: r for r in resources if r.type == "gcp:container/nodePool:NodePool" and "gb200" in r.name
    }
    assert set(pools) == {"a4x-gb200-nvl72-np", "a4x-gb200-nvl72-np-rack1"}
    assert [pools[n].inputs["name"] for n in sorted(pools)] == ["gb200-nvl72", "gb200-nvl72-rack1"]
    # min_nodes 18 of 36: the first rack is held full, the second may scale to zero
    assert [pools[n].inputs["autoscaling"]["totalMinNodeCount"] for n in sorted(pools)] == [18, 0]
    assert all(p.inputs["autoscaling"]["totalMaxNodeCount"] == 18 for p in pools.values())


def test_dra_plan_without_scheduling_uses_default_namespace() -> None:
    config = validate_platform({**_platform(GCP_STACK), "scheduling": None})
    plan = dra_plan(config.pools, "gcp", None)
    assert [(o["metadata"]["namespace"], o["metadata"]["name"]) for o in plan.objects] == [
        ("default", "gb200-nvl72-nvlink")
    ]


# --- what the plans show ----------------------------------------------------------------------------


@pytest.mark.parametrize("stack", [AWS_STACK, GCP_STACK])
def test_plan_shows_rack_dra_and_full_fabric_with_no_zero_price(stack: str) -> None:
    from aiinfra.render import plan_text

    plan = cached_plan(stack)
    text = plan_text(plan, [])
    assert "arch arm64; NVLink domain 72 accelerators = 1 rack of 18 hosts" in text
    assert (
        "Dynamic Resource Allocation (resource.k8s.io/v1, NVIDIA DRA driver dra-driver-nvidia-gpu 0.4.0)"
        in text
    )
    assert re.search(r"ComputeDomain  team-pretrain/gb200-nvl72-nvlink -> ResourceClaimTemplate", text)
    assert re.search(r"gb200-nvl72 +(efa 17/17|rdma 4/4) = [\d,]+/[\d,]+ Gbps \(100%\)", text)
    assert not re.search(r"(?<![\d.])0\.00\b", text), "a 0.00 price in the plan"
    dra = plan.summary["dra"]
    assert dra["rack_pools"][0]["racks"] == (2 if stack == AWS_STACK else 1)
    [pool] = plan.summary["accelerators"]
    assert (pool["cpu_architecture"], pool["nvlink_domain"], pool["rack"]["hosts_per_rack"]) == (
        "arm64",
        72,
        18,
    )


def test_no_shipped_plan_prints_a_zero_price() -> None:
    """Issue 29: no 0.00 in a price column of any shipped stack's plan."""
    from aiinfra.render import plan_text
    from aiinfra.stacks import stack_names

    for stack in stack_names(REPO):
        text = plan_text(cached_plan(stack), [])
        zero = re.search(r"^.*(?<![\d.])0\.00\b.*$", text, re.M)
        assert zero is None, f"{stack}: {zero.group(0) if zero else ''}"
