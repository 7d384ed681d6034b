"""The shipped gcp-training stack plans into a private GKE platform with every fabric network, the TPU
slice, every storage tier and every key with its grants, ordered grant-before-use."""

from __future__ import annotations

import pytest

from aiinfra.components.catalog import lookup
from aiinfra.engine import Secret

from conftest import cached_plan
from engine_helpers import names, only

STACK = "gcp-training"
PROJECT = "aiinfra-training"
NUMBER = "123456789012"
RING = f"projects/{PROJECT}/locations/us-central1/keyRings/llm-train-keys-ring"
NODE_POOL = "gcp:container/nodePool:NodePool"
KEY = "gcp:kms/cryptoKey:CryptoKey"
GRANT = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"


@pytest.fixture(scope="module")
def run():
    return cached_plan(STACK).run


def _urn(run, name: str) -> str:
    return next(r.urn for r in run.resources if r.name == name)


def test_summary_counts_gpus_and_tpu_chips() -> None:
    summary = cached_plan(STACK).summary
    pools = {a["pool"]: a for a in summary["accelerators"]}
    assert pools["h200-train"]["total"] == 8 * 4
    assert pools["v5p-slice"]["total"] == 16 and pools["v5p-slice"]["max_nodes"] == 4
    assert summary["accelerator_total"] == 48


def test_keys_rotate_every_90_days_and_are_protected(run) -> None:
    keys = run.by_type(KEY)
    assert sorted(k.name for k in keys) == [
        f"llm-train-keys-{p}" for p in ("cluster", "cold", "hot", "nodes", "warm")
    ]
    for key in keys:
        assert key.inputs["rotationPeriod"] == "7776000s"
        assert key.inputs["destroyScheduledDuration"] == "2592000s"
        assert key.inputs["keyRing"] == RING
        assert key.protect and key.retain_on_delete
    ring = only(run, "gcp:kms/keyRing:KeyRing")
    assert ring.inputs["location"] == "us-central1" and ring.protect


def test_each_key_grants_encrypter_decrypter_to_its_service_agent(run) -> None:
    # PlatformKeys' grants (the alert topic's Pub/Sub grant is tested in tests/observability)
    grants = {g.name: g.inputs for g in run.by_type(GRANT) if g.name.startswith("llm-train-keys-")}
    assert {n: g["member"] for n, g in grants.items()} == {
        "llm-train-keys-cluster-gke": f"serviceAccount:service-{NUMBER}@container-engine-robot.iam.gserviceaccount.com",
        "llm-train-keys-nodes-compute": f"serviceAccount:service-{NUMBER}@compute-system.iam.gserviceaccount.com",
        "llm-train-keys-warm-compute": f"serviceAccount:service-{NUMBER}@compute-system.iam.gserviceaccount.com",
        "llm-train-keys-cold-storage": f"serviceAccount:service-{NUMBER}@gs-project-accounts.iam.gserviceaccount.com",
        "llm-train-keys-hot-lustre": f"serviceAccount:service-{NUMBER}@gcp-sa-lustre.iam.gserviceaccount.com",
    }
    for name, inputs in grants.items():
        purpose = name.split("-")[3]
        assert inputs["role"] == "roles/cloudkms.cryptoKeyEncrypterDecrypter"
        assert inputs["cryptoKeyId"] == f"{RING}/cryptoKeys/llm-train-keys-{purpose}"
    identity = only(run, "gcp:projects/serviceIdentity:ServiceIdentity", "llm-train-keys-lustre-identity")
    assert identity.inputs["service"] == "lustre.googleapis.com"
    assert "gcp:organizations/getProject:getProject" in run.invokes
    assert "gcp:storage/getProjectServiceAccount:getProjectServiceAccount" in run.invokes


@pytest.mark.parametrize(
    ("user", "grants"),
    [
        ("llm-train-gke", ["llm-train-keys-cluster-gke", "llm-train-keys-nodes-compute"]),
        ("llm-train-h200-train-np", ["llm-train-keys-nodes-compute"]),
        ("llm-train-v5p-slice-np", ["llm-train-keys-nodes-compute"]),
        ("llm-train-system", ["llm-train-keys-nodes-compute"]),
        ("llm-train-data-cold", ["llm-train-keys-cold-storage"]),
        ("llm-train-data-hot", ["llm-train-keys-hot-lustre"]),
        ("llm-train-data-warm", ["llm-train-keys-warm-compute"]),
    ],
)
def test_key_users_depend_on_their_grants(run, user: str, grants: list[str]) -> None:
    resource = next(r for r in run.resources if r.name == user)
    for grant in grants:
        assert _urn(run, grant) in resource.dependencies, f"{user} does not wait for {grant}"


def test_cluster_is_private_encrypted_and_identity_aware(run) -> None:
    cluster = only(run, "gcp:container/cluster:Cluster")
    i = cluster.inputs
    assert i["privateClusterConfig"]["enablePrivateNodes"] is True
    assert i["privateClusterConfig"]["enablePrivateEndpoint"] is True
    assert i["privateClusterConfig"]["masterIpv4CidrBlock"] == "172.16.0.32/28"
    assert i["masterAuthorizedNetworksConfig"]["cidrBlocks"] == [
        {"cidrBlock": "10.0.0.0/20", "displayName": "nodes"}
    ]
    assert i["workloadIdentityConfig"] == {"workloadPool": f"{PROJECT}.svc.id.goog"}
    assert i["databaseEncryption"] == {
        "state": "ENCRYPTED",
        "keyName": f"{RING}/cryptoKeys/llm-train-keys-cluster",
    }
    assert i["releaseChannel"] == {"channel": "REGULAR"}
    assert i["removeDefaultNodePool"] is True and i["enableShieldedNodes"] is True
    assert i["datapathProvider"] == "ADVANCED_DATAPATH" and i["enableMultiNetworking"] is True
    assert i["addonsConfig"]["lustreCsiDriverConfig"] == {"enabled": True}
    assert i["addonsConfig"]["gcsFuseCsiDriverConfig"] == {"enabled": True}
    assert i["nodeConfig"]["serviceAccount"] == f"llm-train-nodes@{PROJECT}.iam.gserviceaccount.com"
    assert "recurringWindow" in i["maintenancePolicy"]
    assert cluster.outputs["masterAuth"]["clusterCaCertificate"]
    roles = sorted(m.inputs["role"] for m in run.by_type("gcp:projects/iAMMember:IAMMember"))
    assert roles == ["roles/artifactregistry.reader", "roles/container.defaultNodeServiceAccount"]


def test_kubeconfig_output_is_secret(run) -> None:
    assert isinstance(run.outputs["kubeconfig"], Secret)
    assert "gke-gcloud-auth-plugin" in run.outputs["kubeconfig"].value


def test_gpu_pool_wires_every_extra_network_from_the_catalog(run) -> None:
    machine = lookup("a3-ultragpu-8g")
    pool = only(run, NODE_POOL, "llm-train-h200-train-np")
    nc = pool.inputs["nodeConfig"]
    assert nc["guestAccelerators"] == [
        {
            "type": machine.accelerator_type,
            "count": float(machine.accelerator_count),
            "gpuDriverInstallationConfig": {"gpuDriverVersion": "LATEST"},
        }
    ]
    extra = pool.inputs["networkConfig"]["additionalNodeNetworkConfigs"]
    # one gVNIC VPC + one RoCE subnet per ConnectX NIC
    assert len(extra) == 1 + machine.fabric_interfaces
    assert extra[0] == {
        "network": "llm-train-h200-train-fabric-gvnic",
        "subnetwork": "llm-train-h200-train-fabric-gvnic-subnet",
    }
    assert [e["subnetwork"] for e in extra[1:]] == [
        f"llm-train-h200-train-fabric-roce-subnet{i}" for i in range(machine.fabric_interfaces)
    ]
    assert {e["network"] for e in extra[1:]} == {"llm-train-h200-train-fabric-roce"}
    assert pool.inputs["networkConfig"]["enablePrivateNodes"] is True
    assert nc["gvnic"] == {"enabled": True}
    assert nc["reservationAffinity"] == {
        "consumeReservationType": "SPECIFIC_RESERVATION",
        "key": "compute.googleapis.com/reservation-name",
        "values": ["a3u-reservation-usc1b"],
    }
    assert nc["bootDiskKmsKey"] == f"{RING}/cryptoKeys/llm-train-keys-nodes"
    assert nc["shieldedInstanceConfig"] == {"enableSecureBoot": True, "enableIntegrityMonitoring": True}
    assert nc["workloadMetadataConfig"] == {"mode": "GKE_METADATA"}
    assert nc["taints"][0] == {"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}
    assert nc["serviceAccount"] == f"llm-train-nodes@{PROJECT}.iam.gserviceaccount.com"
    assert nc["ephemeralStorageLocalSsdConfig"] == {"localSsdCount": 32.0}
    assert {"team", "project", "environment", "cost-center"} <= set(nc["resourceLabels"])
    assert "spot" not in nc and "flexStart" not in nc
    assert pool.inputs["autoscaling"]["totalMaxNodeCount"] == 4.0
    assert pool.inputs["management"] == {"autoRepair": True, "autoUpgrade": True}
    assert pool.inputs["nodeLocations"] == ["us-central1-b"]
    # a reservation brings its own locality: no forced COMPACT placement
    assert "placementPolicy" not in pool.inputs
    assert _urn(run, "llm-train-nodes-container-defaultnodeserviceaccount") in pool.dependencies


def test_roce_network_uses_the_rdma_profile_and_has_no_firewall(run) -> None:
    roce = only(run, "gcp:compute/network:Network", "llm-train-h200-train-fabric-roce")
    assert (
        roce.inputs["networkProfile"] == f"projects/{PROJECT}/global/networkProfiles/us-central1-b-vpc-roce"
    )
    assert roce.inputs["mtu"] == float(lookup("a3-ultragpu-8g").mtu)
    assert len([n for n in names(run, "gcp:compute/subnetwork:Subnetwork") if "-roce-subnet" in n]) == 8
    firewalls = run.by_type("gcp:compute/firewall:Firewall")
    assert all(roce.urn not in f.dependencies for f in firewalls)
    gvnic_fw = only(run, "gcp:compute/firewall:Firewall", "llm-train-h200-train-fabric-gvnic-internal")
    subnet = only(run, "gcp:compute/subnetwork:Subnetwork", "llm-train-h200-train-fabric-gvnic-subnet")
    assert gvnic_fw.inputs["sourceRanges"] == [subnet.inputs["ipCidrRange"]]


def test_tpu_slice_has_compact_topology_and_host_count(run) -> None:
    pool = only(run, NODE_POOL, "llm-train-v5p-slice-np")
    assert pool.inputs["placementPolicy"] == {"type": "COMPACT", "tpuTopology": "2x2x4"}
    # min_nodes 0: the slice scales atomically between 0 and its 4 hosts
    assert pool.inputs["autoscaling"]["totalMinNodeCount"] == 0.0
    assert pool.inputs["autoscaling"]["totalMaxNodeCount"] == 4.0
    nc = pool.inputs["nodeConfig"]
    assert nc["machineType"] == "ct5p-hightpu-4t" and "guestAccelerators" not in nc
    assert nc["taints"][0] == {"key": "google.com/tpu", "value": "present", "effect": "NO_SCHEDULE"}
    assert pool.inputs["nodeLocations"] == ["us-central1-a"]


def test_primary_network_subnet_nat_and_private_service_access(run) -> None:
    subnet = only(run, "gcp:compute/subnetwork:Subnetwork", "llm-train-net-subnet")
    assert subnet.inputs["privateIpGoogleAccess"] is True
    assert [r["rangeName"] for r in subnet.inputs["secondaryIpRanges"]] == ["pods", "services"]
    assert "logConfig" in subnet.inputs
    nat = only(run, "gcp:compute/routerNat:RouterNat")
    assert nat.inputs["sourceSubnetworkIpRangesToNat"] == "ALL_SUBNETWORKS_ALL_IP_RANGES"
    psa = only(run, "gcp:compute/globalAddress:GlobalAddress")
    assert psa.inputs["purpose"] == "VPC_PEERING" and psa.inputs["addressType"] == "INTERNAL"
    conn = only(run, "gcp:servicenetworking/connection:Connection")
    assert conn.inputs["service"] == "servicenetworking.googleapis.com"
    assert conn.inputs["reservedPeeringRanges"] == ["llm-train-net-psa-range"]
    lustre_fw = only(run, "gcp:compute/firewall:Firewall", "llm-train-net-lustre-fw")
    assert lustre_fw.inputs["allows"] == [{"protocol": "tcp", "ports": ["988"]}]


def test_cold_bucket_is_private_versioned_tiered_and_cmek(run) -> None:
    bucket = only(run, "gcp:storage/bucket:Bucket")
    i = bucket.inputs
    assert i["publicAccessPrevention"] == "enforced" and i["uniformBucketLevelAccess"] is True
    assert i["versioning"] == {"enabled": True} and i["forceDestroy"] is False
    assert i["encryption"] == {"defaultKmsKeyName": f"{RING}/cryptoKeys/llm-train-keys-cold"}
    assert i["softDeletePolicy"]["retentionDurationSeconds"] == 604800.0
    transitions = [
        (r["action"]["storageClass"], r["condition"]["age"])
        for r in i["lifecycleRules"]
        if r["action"]["type"] == "SetStorageClass"
    ]
    assert transitions == [("NEARLINE", 30.0), ("COLDLINE", 90.0), ("ARCHIVE", 180.0)]
    assert bucket.protect and bucket.retain_on_delete
    assert bucket.outputs["url"] == f"gs://{i['name']}"


def test_hot_lustre_instance(run) -> None:
    lustre = only(run, "gcp:lustre/instance:Instance")
    i = lustre.inputs
    assert i["capacityGib"] == "36000" and i["perUnitStorageThroughput"] == "500"
    assert i["kmsKey"] == f"{RING}/cryptoKeys/llm-train-keys-hot"
    assert i["gkeSupportEnabled"] is True and i["location"] == "us-central1-b"
    assert i["network"] == f"projects/{PROJECT}/global/networks/llm-train-net-vpc"
    assert len(i["filesystem"]) <= 8 and i["filesystem"].isalnum()
    assert lustre.protect and lustre.retain_on_delete
    assert _urn(run, "llm-train-net-psa") in lustre.dependencies
    reads = only(run, "gcp:storage/bucketIAMMember:BucketIAMMember", "llm-train-data-hot-reads-cold")
    assert reads.inputs["member"].endswith("@gcp-sa-lustre.iam.gserviceaccount.com")
    assert run.outputs["lustre_import_command"].startswith("gcloud lustre instances import-data")


def test_warm_storage_class(run) -> None:
    sc = only(run, "kubernetes:storage.k8s.io/v1:StorageClass")
    assert sc.inputs["provisioner"] == "pd.csi.storage.gke.io"
    assert sc.inputs["reclaimPolicy"] == "Retain"
    assert sc.inputs["parameters"]["disk-encryption-kms-key"] == f"{RING}/cryptoKeys/llm-train-keys-warm"
    assert sc.inputs["parameters"]["type"] == "hyperdisk-balanced"
    assert sc.protect and sc.retain_on_delete
    assert sc.provider is not None and "pulumi:providers:kubernetes" in sc.provider


@pytest.mark.parametrize("stack", [STACK, "gcp-tpu-inference"])
def test_shipped_stacks_have_no_mandatory_policy_violations(stack: str) -> None:
    try:
        from aiinfra.policies import evaluate
    except ImportError:
        pytest.skip("aiinfra.policies.evaluate is not available yet")
    violations = list(evaluate(cached_plan(stack).run).violations)
    mandatory = [v for v in violations if v["enforcement"] == "mandatory" and not v["waived"]]
    assert mandatory == []
