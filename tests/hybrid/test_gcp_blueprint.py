"""hybrid-gcp: the inline on-prem platform, GKE burst over HA VPN, MultiKueue, Storage Transfer; GCP rules."""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest
import yaml

from aiinfra.blueprints import validate_platform
from aiinfra.cli.main import main as cli
from aiinfra.engine import Secret
from aiinfra.errors import InputError

from conftest import REPO, cached_plan

RAW = yaml.safe_load((REPO / "stacks" / "Pulumi.hybrid-gcp.yaml").read_text())["config"]["aiinfra:platform"]


@pytest.fixture(scope="module")
def gcp_plan():
    return cached_plan("hybrid-gcp")


def _error(path: list, value) -> str:
    raw = copy.deepcopy(RAW)
    node = raw
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(InputError) as caught:
        validate_platform(raw)
    return str(caught.value)


def test_both_sides_link_burst_and_replication(gcp_plan) -> None:
    types = {r.type for r in gcp_plan.run.resources}
    assert {
        "kubernetes:mellanox.com/v1alpha1:NicClusterPolicy",  # the inline on-prem platform
        "kubernetes:kueue.x-k8s.io/v1beta2:ClusterQueue",
        "gcp:container/cluster:Cluster",
        "gcp:container/nodePool:NodePool",
        "gcp:compute/haVpnGateway:HaVpnGateway",
        "gcp:compute/externalVpnGateway:ExternalVpnGateway",
        "gcp:compute/vPNTunnel:VPNTunnel",
        "gcp:compute/routerPeer:RouterPeer",
        "gcp:compute/networkPeeringRoutesConfig:NetworkPeeringRoutesConfig",
        "kubernetes:kueue.x-k8s.io/v1beta2:MultiKueueCluster",
        "kubernetes:kueue.x-k8s.io/v1beta2:AdmissionCheck",
        "gcp:storage/transferAgentPool:TransferAgentPool",
        "gcp:storage/transferJob:TransferJob",
        "gcp:kms/cryptoKey:CryptoKey",
    } <= types
    tunnels = [r for r in gcp_plan.run.resources if r.type == "gcp:compute/vPNTunnel:VPNTunnel"]
    assert [t.name for t in tunnels] == ["dc2-hybrid-link-tunnel0", "dc2-hybrid-link-tunnel1"]
    assert all(isinstance(t.inputs["sharedSecret"], Secret) for t in tunnels)
    onprem_provider = next(r for r in gcp_plan.run.resources if r.name == "dc2-gpu-k8s")
    check = next(r for r in gcp_plan.run.resources if r.name == "dc2-hybrid-burst-check")
    assert check.provider == onprem_provider.urn  # the manager is the on-prem cluster
    job = next(r for r in gcp_plan.run.resources if r.type == "gcp:storage/transferJob:TransferJob")
    assert job.inputs["schedule"]["repeatInterval"] == "21600s"
    assert (
        job.inputs["transferSpec"]["awsS3CompatibleDataSource"]["s3Metadata"]["protocol"]
        == "NETWORK_PROTOCOL_HTTPS"
    )


def test_outputs_and_summary(gcp_plan) -> None:
    out = gcp_plan.run.outputs
    assert set(out["key_hierarchy"]["cloud"]) == {"cluster", "nodes", "warm", "cold"}
    assert out["key_hierarchy"]["onprem"]["address"] == "https://vault.dc2.example.internal:8200"
    assert out["multikueue"]["burst_queues"] == {
        "team-research": "research-burst",
        "team-applied": "applied-burst",
    }
    assert isinstance(out["multikueue"]["worker_kubeconfig"], Secret)
    assert gcp_plan.summary["accelerator_total"] == 64 + 32


def test_check_has_no_mandatory_violations(capsys) -> None:
    assert cli(["check", "hybrid-gcp"]) == 0
    assert "0 mandatory violations" in capsys.readouterr().out


def test_hybrid_gcp_does_not_import_pulumi_aws() -> None:
    code = (
        "import sys; from aiinfra.plan import plan_stack; plan_stack('hybrid-gcp');"
        "print('pulumi_aws' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-P", "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["connectivity", "routing"], "static", "platform.connectivity.routing: GCP HA VPN needs BGP"),
        (
            ["cloud", "cluster", "authorized_cidrs"],
            [],
            "platform.cloud.cluster.authorized_cidrs: [] does not admit address_plan.onprem.nodes (10.60.0.0/16)",
        ),
        (
            ["cloud", "network", "pods_cidr"],
            "10.4.0.0/22",
            "cloud.network.pods_cidr: 10.4.0.0/22 must be /9 to /21",
        ),
        (
            ["address_plan", "onprem", "nodes"],
            "10.120.0.0/16",
            "onprem.fabric.rails[0].subnet (10.120.0.0/24) overlaps address_plan.onprem.nodes (10.120.0.0/16)",
        ),
        (
            ["burst", "teams", 0, "name"],
            "vision",
            "platform.burst.teams[0].name: 'vision' is not an on-prem team (teams: research, applied)",
        ),
        (["burst", "teams", 1, "namespace"], "applied", "burst.teams[1].namespace: 'applied' differs"),
        (
            ["replication", "schedule", "cron"],
            "0 3 * * 1",
            "replication.schedule.cron: '0 3 * * 1' cannot be expressed in Storage Transfer Service",
        ),
        (["replication", "transfer_pool"], None, "replication.transfer_pool: required on GCP"),
        (
            ["onprem", "encryption", "enforce_in_transit"],
            False,
            "onprem.encryption.enforce_in_transit: must be true",
        ),
    ],
)
def test_gcp_rules_name_the_field(path, value, expected) -> None:
    message = _error(path, value)
    assert expected in message, message
