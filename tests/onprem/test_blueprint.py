"""The shipped ``onprem`` stack planned offline: operators, fabric, Kueue, storage, KMS, namespaces."""

from __future__ import annotations

import ipaddress
import json
import subprocess
import sys
from collections import defaultdict

import pytest
import yaml

from aiinfra.blueprints import validate_platform
from aiinfra.engine.model import Secret
from aiinfra.errors import InputError
from aiinfra.plan import plan_stack

from .k8s_objects import CLUSTER_SCOPED_CUSTOM, k8s_object, objects_of


@pytest.fixture(scope="module")
def plan():
    return plan_stack("onprem")


def _one(plan, type_token: str):
    found = plan.run.by_type(type_token)
    assert len(found) == 1, f"{type_token}: {len(found)}"
    return found[0]


def _raw_platform() -> dict:
    from aiinfra.stacks import load_stack

    return json.loads(json.dumps(load_stack("onprem").config["aiinfra:platform"]))


def test_explicit_provider_with_secret_kubeconfig(plan) -> None:
    provider = _one(plan, "pulumi:providers:kubernetes")
    assert isinstance(provider.inputs["kubeconfig"], Secret)
    k8s = [r for r in plan.run.resources if r.custom and r.type.startswith("kubernetes:")]
    assert k8s and all(r.provider == provider.urn for r in k8s)


def test_operators_are_pinned_and_ordered(plan) -> None:
    releases = {r.inputs["name"]: r for r in plan.run.by_type("kubernetes:helm.sh/v3:Release")}
    net, gpu = releases["network-operator"], releases["gpu-operator"]
    assert (net.inputs["chart"], net.inputs["version"]) == ("network-operator", "26.4.1")
    assert (gpu.inputs["chart"], gpu.inputs["version"]) == ("gpu-operator", "v26.7.0")
    values = gpu.inputs["values"]
    assert values["driver"]["rdma"]["enabled"] is True  # IB pool with GPUDirect RDMA
    assert values["mig"]["strategy"] == "single" and values["migManager"]["enabled"] is True
    assert values["dcgmExporter"]["enabled"] and values["toolkit"]["enabled"]
    assert values["devicePlugin"]["config"]["name"] == "aiinfra-device-plugin-config"
    # the GPU Operator waits for every Network Operator object (OFED first)
    fabric_urns = {r.urn for r in plan.run.resources if r.parent and "NetworkFabric" in r.parent}
    assert net.urn in fabric_urns and set(gpu.dependencies) >= fabric_urns


def test_nic_cluster_policy_after_release_not_a_hook(plan) -> None:
    ncp = _one(plan, "kubernetes:mellanox.com/v1alpha1:NicClusterPolicy")
    release = next(
        r for r in plan.run.by_type("kubernetes:helm.sh/v3:Release") if r.inputs["name"] == "network-operator"
    )
    assert release.urn in ncp.dependencies
    assert "helm.sh/hook" not in json.dumps(ncp.inputs["metadata"])
    spec = ncp.inputs["spec"]
    # The DGX pool keeps DGX OS's OFED (doca_driver: host); the upgrade policy is checked on a stack whose
    # pools take the operator's DOCA driver (hybrid-gcp's inline on-prem side).
    assert "ofedDriver" not in spec
    from conftest import cached_plan

    [container_ncp] = cached_plan("hybrid-gcp").run.by_type(
        "kubernetes:mellanox.com/v1alpha1:NicClusterPolicy"
    )
    policy = container_ncp.inputs["spec"]["ofedDriver"]["upgradePolicy"]
    assert policy["autoUpgrade"] and policy["safeLoad"] and policy["drain"]["enable"]
    assert policy["maxParallelUpgrades"] == 1
    config = json.loads(spec["rdmaSharedDevicePlugin"]["config"])["configList"]
    assert [c["resourceName"] for c in config] == [f"rail{i}" for i in range(8)]
    assert all(c["selectors"]["linkTypes"] == ["infiniband"] and c["selectors"]["ifNames"] for c in config)
    assert set(spec["secondaryNetwork"]) == {"multus", "cniPlugins", "ipoib"} and "nvIpam" in spec


def test_ip_pools_and_networks_per_rail(plan) -> None:
    pools = plan.run.by_type("kubernetes:nv-ipam.nvidia.com/v1alpha1:IPPool")
    nets = plan.run.by_type("kubernetes:mellanox.com/v1alpha1:IPoIBNetwork")
    assert len(pools) == len(nets) == 8
    subnets = [ipaddress.ip_network(p.inputs["spec"]["subnet"]) for p in pools]
    assert not any(a.overlaps(b) for i, a in enumerate(subnets) for b in subnets[i + 1 :])
    for net in nets:
        ipam = json.loads(net.inputs["spec"]["ipam"])
        assert ipam == {"type": "nv-ipam", "poolName": net.inputs["metadata"]["name"]}


def test_kueue_quotas_add_up_to_inventory(plan) -> None:
    gpus = plan.run.outputs["pool_gpus"]
    flavors = {
        r.inputs["metadata"]["name"]
        for r in plan.run.by_type("kubernetes:kueue.x-k8s.io/v1beta2:ResourceFlavor")
    }
    assert flavors == set(gpus)
    used: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for cq in plan.run.by_type("kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue"):
        for group in cq.inputs["spec"]["resourceGroups"]:
            for flavor in group["flavors"]:
                for res in flavor["resources"]:
                    used[flavor["name"]][res["name"]] += float(res["nominalQuota"].removesuffix("Gi"))
    assert used["h100-train"]["nvidia.com/gpu"] == gpus["h100-train"] == 128
    assert used["l40s-infer"]["nvidia.com/gpu.shared"] == gpus["l40s-infer"] * 4  # time-slicing replicas
    lqs = plan.run.by_type("kubernetes:kueue.x-k8s.io/v1beta2:LocalQueue")
    assert {(q.inputs["metadata"]["namespace"], q.inputs["spec"]["clusterQueue"]) for q in lqs} == {
        ("team-research", "research"),
        ("team-serving", "serving"),
    }
    quotas = {
        q.inputs["metadata"]["namespace"]: q.inputs["spec"]["hard"]
        for q in plan.run.by_type("kubernetes:core/v1:ResourceQuota")
    }
    # Nominal plus what the team may borrow (never more than the pool): 96 + any of 128 H100, (8 + 8) x 4
    # time-sliced L40S replicas for research; (32 + 32) H100 and all 32 x 4 replicas for serving.
    assert quotas["team-research"] == {
        "requests.nvidia.com/gpu": "128",
        "requests.nvidia.com/gpu.shared": "64",
    }
    assert quotas["team-serving"] == {
        "requests.nvidia.com/gpu": "64",
        "requests.nvidia.com/gpu.shared": "128",
    }
    assert len(plan.run.by_type("kubernetes:scheduling.k8s.io/v1:PriorityClass")) == 3


def test_storage_classes_kms_and_protection(plan) -> None:
    classes = {
        r.inputs["metadata"]["name"]: r for r in plan.run.by_type("kubernetes:storage.k8s.io/v1:StorageClass")
    }
    assert set(classes) == {"aiinfra-hot-nvme", "aiinfra-warm-rbd", "aiinfra-cold-bucket"}
    assert all(
        r.inputs["reclaimPolicy"] == "Retain" and r.protect and r.retain_on_delete for r in classes.values()
    )
    assert classes["aiinfra-hot-nvme"].inputs["volumeBindingMode"] == "WaitForFirstConsumer"
    warm = classes["aiinfra-warm-rbd"].inputs["parameters"]
    assert warm["encrypted"] == "true" and warm["encryptionKMSID"] == "vault-transit"
    kms = next(
        r
        for r in plan.run.by_type("kubernetes:core/v1:ConfigMap")
        if r.inputs["metadata"]["name"] == "ceph-csi-encryption-kms-config"
    )
    assert "vault-transit" in json.loads(kms.inputs["data"]["config.json"])
    store = _one(plan, "kubernetes:ceph.rook.io/v1:CephObjectStore")
    assert store.protect and store.inputs["spec"]["gateway"]["securePort"] == 443
    assert store.inputs["spec"]["security"]["kms"]["connectionDetails"]["VAULT_SECRET_ENGINE"] == "transit"
    assert _one(plan, "kubernetes:ceph.rook.io/v1:CephBlockPool").protect
    bucket = _one(plan, "kubernetes:objectbucket.io/v1alpha1:ObjectBucketClaim")
    assert json.loads(bucket.inputs["spec"]["additionalConfig"]["bucketLifecycle"])["Rules"]


def test_etcd_encryption_configuration_is_exported_not_applied(plan) -> None:
    doc = yaml.safe_load(plan.run.outputs["etcd_encryption_configuration"])
    assert (doc["apiVersion"], doc["kind"]) == ("apiserver.config.k8s.io/v1", "EncryptionConfiguration")
    providers = doc["resources"][0]["providers"]
    assert providers[0]["kms"]["apiVersion"] == "v2" and providers[-1] == {"identity": {}}
    assert "not applied by Pulumi" in plan.run.outputs["etcd_encryption_note"]
    assert not [r for r in plan.run.resources if "EncryptionConfiguration" in r.type]


def test_every_namespaced_object_lands_in_a_namespace_the_plan_owns(plan) -> None:
    created = {
        r.inputs["metadata"]["name"]
        for r in plan.run.resources
        if r.type in ("kubernetes:core/v1:Namespace", "kubernetes:core/v1:NamespacePatch")
    }
    by_helm = {  # cert-manager and KServe: their releases create their namespaces (createNamespace)
        r.inputs["namespace"]
        for r in plan.run.by_type("kubernetes:helm.sh/v3:Release")
        if r.inputs.get("createNamespace")
    }
    assert by_helm == {"cert-manager", "kserve"}
    created |= by_helm
    assert set(plan.run.outputs["namespaces"]) == created
    seen = set()
    for obj, rec in objects_of(plan.run):
        ns = obj["metadata"].get("namespace")
        if obj["kind"] in CLUSTER_SCOPED_CUSTOM or obj["kind"] in (
            "Namespace",
            "StorageClass",
            "PriorityClass",
        ):
            assert ns is None, f"{rec.name}: cluster-scoped {obj['kind']} has a namespace"
            continue
        assert ns in created, f"{rec.name}: {obj['kind']} in namespace {ns!r}, which the plan does not create"
        seen.add(ns)
    for release in plan.run.by_type("kubernetes:helm.sh/v3:Release"):
        assert release.inputs["namespace"] in created
    # network attachments render into the operator namespace the plan creates
    for net in plan.run.by_type("kubernetes:mellanox.com/v1alpha1:IPoIBNetwork"):
        assert net.inputs["spec"]["networkNamespace"] in created
    assert seen


def test_summary_figures(plan) -> None:
    s = plan.summary
    assert s["accelerator_total"] == 160
    assert {a["pool"]: a["total"] for a in s["accelerators"]} == {"h100-train": 128, "l40s-infer": 32}
    fabric = {a["pool"]: (a["fabric"], a["fabric_interfaces"]) for a in s["accelerators"]}
    assert fabric == {"h100-train": ("infiniband", 8), "l40s-infer": ("none", 0)}
    assert s["estimated_usd_per_hour"] is None  # owned hardware: no dollar figure at all
    assert set(s["unpriced_pools"]) == {"h100-train", "l40s-infer"}


def test_quota_over_inventory_fails_before_registering() -> None:
    raw = _raw_platform()
    raw["scheduling"]["teams"][1]["quotas"]["h100-train"] = 40
    with pytest.raises(
        InputError, match=r"quotas on pool 'h100-train' add up to 136 GPUs but the pool has 128"
    ):
        validate_platform(raw)
    raw = _raw_platform()
    raw["scheduling"]["teams"][0]["quotas"]["h100-train"] = 129
    with pytest.raises(
        InputError,
        match=r"teams\[0\]\.quotas\.h100-train: team 'research' asks 129 GPUs of pool 'h100-train'",
    ):
        validate_platform(raw)


def test_overlapping_rails_fail_naming_both() -> None:
    raw = _raw_platform()
    raw["fabric"]["rails"][3]["subnet"] = "10.110.0.0/22"
    with pytest.raises(
        InputError,
        match=r"rail 'rail1' \(10.110.0.0/22\)|rail 'rail3' \(10.110.0.0/22\) overlaps rail 'rail0'",
    ):
        validate_platform(raw)


def test_planning_imports_no_cloud_sdk() -> None:
    code = (
        "import sys; from aiinfra.plan import plan_stack; plan_stack('onprem'); "
        "print(sorted(m for m in sys.modules if m.startswith(('pulumi_aws', 'pulumi_gcp'))))"
    )
    out = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_k8s_object_built_from_recorded_inputs(plan) -> None:
    ncp = _one(plan, "kubernetes:mellanox.com/v1alpha1:NicClusterPolicy")
    obj = k8s_object(ncp)
    assert (obj["apiVersion"], obj["kind"], obj["metadata"]["name"]) == (
        "mellanox.com/v1alpha1",
        "NicClusterPolicy",
        "nic-cluster-policy",
    )
    assert isinstance(obj["spec"]["rdmaSharedDevicePlugin"]["config"], str)
    from conftest import cached_plan

    [container_ncp] = cached_plan("hybrid-gcp").run.by_type(
        "kubernetes:mellanox.com/v1alpha1:NicClusterPolicy"
    )
    assert isinstance(
        k8s_object(container_ncp)["spec"]["ofedDriver"]["upgradePolicy"]["maxParallelUpgrades"], int
    )
