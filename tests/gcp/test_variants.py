"""Blueprint variants beyond the shipped stacks: TCPXO, flex-start with queued provisioning, shared keys,
Filestore, tpu7x workload policy, allow_destroy, the inference stack."""

from __future__ import annotations

import pytest
from gcp_helpers import by_name, platform, run_platform

from aiinfra.components.catalog import lookup

from engine_helpers import names, only

NODE_POOL = "gcp:container/nodePool:NodePool"


def _pool(**overrides) -> dict:
    base = {"name": "gpu", "machine_type": "a3-megagpu-8g", "max_nodes": 4, "zone": "us-central1-b"}
    return {**base, **overrides}


def test_tcpxo_pool_gets_one_vpc_per_gpu_nic_with_compact_placement() -> None:
    machine = lookup("a3-megagpu-8g")
    run = run_platform(platform(pools=[_pool(capacity="spot", fabric={"type": "tcpxo"})], tpu_slices=[]))
    nets = [n for n in names(run, "gcp:compute/network:Network") if "-gpu-fabric-" in n]
    assert len(nets) == machine.extra_vpcs == 8
    for net in nets:
        assert by_name(run)[net].inputs["mtu"] == float(machine.mtu)
        assert "networkProfile" not in by_name(run)[net].inputs
    assert len([n for n in names(run, "gcp:compute/firewall:Firewall") if "-gpu-fabric-" in n]) == 8
    pool = only(run, NODE_POOL, "llm-train-gpu-np")
    assert len(pool.inputs["networkConfig"]["additionalNodeNetworkConfigs"]) == 8
    assert pool.inputs["placementPolicy"] == {"type": "COMPACT"}
    nc = pool.inputs["nodeConfig"]
    assert nc["spot"] is True
    assert nc["reservationAffinity"] == {"consumeReservationType": "NO_RESERVATION"}
    assert nc["guestAccelerators"][0]["type"] == "nvidia-h100-mega-80gb"


def test_flex_start_queued_pool_disables_auto_repair() -> None:
    pool = _pool(
        machine_type="a4-highgpu-8g", capacity="flex_start", queued_provisioning=True, fabric={"type": "rdma"}
    )
    run = run_platform(platform(pools=[pool], tpu_slices=[]))
    np = only(run, NODE_POOL, "llm-train-gpu-np")
    assert np.inputs["nodeConfig"]["flexStart"] is True
    assert np.inputs["queuedProvisioning"] == {"enabled": True}
    assert np.inputs["management"]["autoRepair"] is False
    assert np.inputs["autoscaling"]["totalMinNodeCount"] == 0.0
    assert np.inputs["nodeConfig"]["reservationAffinity"] == {"consumeReservationType": "NO_RESERVATION"}
    assert "placementPolicy" not in np.inputs  # queued provisioning: no COMPACT


def test_shared_key_scope_has_one_key_with_every_agent_grant() -> None:
    run = run_platform(platform(encryption={"key_scope": "shared"}))
    assert names(run, "gcp:kms/cryptoKey:CryptoKey") == ["llm-train-keys-platform"]
    grants = names(run, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember")
    assert sorted(grants) == sorted(
        [
            *(f"llm-train-keys-platform-{a}" for a in ("gke", "compute", "lustre", "storage")),
            "llm-train-obs-alerts-key",
        ]
    )
    grants = [g for g in grants if g.startswith("llm-train-keys-")]
    cluster = only(run, "gcp:container/cluster:Cluster")
    grant_urns = {r.urn for r in run.resources if r.name in grants}
    assert grant_urns <= set(cluster.dependencies)


def test_filestore_hot_tier() -> None:
    storage = platform()["storage"]
    storage["hot"] = {"kind": "filestore", "capacity_gib": 10240, "import_from_cold": False}
    run = run_platform(platform(storage=storage))
    fs = only(run, "gcp:filestore/instance:Instance")
    assert fs.inputs["kmsKeyName"].endswith("/cryptoKeys/llm-train-keys-hot")
    assert fs.inputs["deletionProtectionEnabled"] is True
    assert fs.inputs["networks"][0]["connectMode"] == "PRIVATE_SERVICE_ACCESS"
    assert fs.protect and fs.retain_on_delete
    identity = only(run, "gcp:projects/serviceIdentity:ServiceIdentity")
    assert identity.inputs["service"] == "file.googleapis.com"
    assert "llm-train-keys-hot-filestore" in names(run, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember")
    cluster = only(run, "gcp:container/cluster:Cluster")
    assert cluster.inputs["addonsConfig"]["gcpFilestoreCsiDriverConfig"] == {"enabled": True}


def test_tpu7x_multi_host_uses_a_workload_policy() -> None:
    tpu = {
        "name": "ironwood",
        "machine_type": "tpu7x-standard-4t",
        "topology": "2x2x2",
        "zone": "us-central1-c",
    }
    run = run_platform(platform(pools=[], tpu_slices=[tpu]))
    policy = only(run, "gcp:compute/resourcePolicy:ResourcePolicy")
    assert policy.inputs["workloadPolicy"] == {"type": "HIGH_THROUGHPUT", "acceleratorTopology": "2x2x2"}
    np = only(run, NODE_POOL, "llm-train-ironwood-np")
    assert np.inputs["placementPolicy"]["policyName"] == policy.inputs["name"]
    assert "tpuTopology" not in np.inputs["placementPolicy"]


def test_allow_destroy_lifts_protection() -> None:
    storage = platform()["storage"]
    storage["cold"]["allow_destroy"] = True
    run = run_platform(platform(storage=storage, encryption={"allow_destroy": True}))
    bucket = only(run, "gcp:storage/bucket:Bucket")
    assert not bucket.protect and not bucket.retain_on_delete
    assert not any(k.protect for k in run.by_type("gcp:kms/cryptoKey:CryptoKey"))
    assert only(run, "gcp:lustre/instance:Instance").protect  # the hot tier still protects itself


def test_inference_stack_single_host_v6e_on_spot() -> None:
    from conftest import cached_plan

    run = cached_plan("gcp-tpu-inference").run
    for name in ("tpu-serve-v6e-4-np", "tpu-serve-v6e-8-np"):
        np = only(run, NODE_POOL, name)
        assert "placementPolicy" not in np.inputs
        assert np.inputs["nodeConfig"]["spot"] is True
        assert np.inputs["nodeConfig"]["reservationAffinity"] == {"consumeReservationType": "NO_RESERVATION"}
        assert np.inputs["autoscaling"]["totalMinNodeCount"] == 0.0
    assert only(run, NODE_POOL, "tpu-serve-v6e-4-np").inputs["autoscaling"]["totalMaxNodeCount"] == 8.0
    assert "gcp:lustre/instance:Instance" not in {r.type for r in run.resources}
    assert "enableMultiNetworking" not in only(run, "gcp:container/cluster:Cluster").inputs


@pytest.mark.parametrize("stack", ["gcp-training", "gcp-tpu-inference"])
def test_offline_context_names_project_and_region(stack: str) -> None:
    from conftest import cached_plan

    config = cached_plan(stack).config
    assert config.offline_context() == {"gcp_project": config.project, "gcp_region": config.region}
