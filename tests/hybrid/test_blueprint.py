"""The shipped hybrid stacks planned offline: both sides, the link, MultiKueue, replication, keys."""

from __future__ import annotations

import subprocess
import sys

import pytest

from aiinfra.cli.main import main as cli
from aiinfra.engine import Secret

from conftest import REPO, cached_plan


@pytest.fixture(scope="module")
def aws_plan():
    return cached_plan("hybrid-aws")


def _types(plan) -> set[str]:
    return {r.type for r in plan.run.resources}


def test_hybrid_aws_has_both_sides_and_what_joins_them(aws_plan) -> None:
    types = _types(aws_plan)
    assert {
        "pulumi:providers:kubernetes",
        "aws:eks/cluster:Cluster",
        "aws:eks/nodeGroup:NodeGroup",
        "aws:ec2transitgateway/transitGateway:TransitGateway",
        "aws:ec2/customerGateway:CustomerGateway",
        "aws:ec2/vpnConnection:VpnConnection",
        "aws:ec2/route:Route",
        "kubernetes:kueue.x-k8s.io/v1beta2:MultiKueueCluster",
        "kubernetes:kueue.x-k8s.io/v1beta2:MultiKueueConfig",
        "kubernetes:kueue.x-k8s.io/v1beta2:AdmissionCheck",
        "aws:datasync/agent:Agent",
        "aws:datasync/locationObjectStorage:LocationObjectStorage",
        "aws:datasync/s3Location:S3Location",
        "aws:datasync/task:Task",
        "aws:kms/key:Key",
    } <= types
    assert "gcp:compute/vPNTunnel:VPNTunnel" not in types


def test_onprem_side_comes_from_the_stack_reference(aws_plan) -> None:
    # A StackReference is a read, not a registration: the engine answers it from `onprem`'s own plan,
    # whose kubeconfig output is the (secret) stack config value.
    assert aws_plan.config.referenced_stacks() == {"organization/aiinfra/onprem": "onprem"}
    provider = next(r for r in aws_plan.run.resources if r.name == "dc1-hybrid-onprem-k8s")
    assert provider.inputs["kubeconfig"] == Secret(cached_plan("onprem").run.outputs["kubeconfig"].value)
    assert not any(r.name.startswith("dc1-gpu-") for r in aws_plan.run.resources)
    manager_objects = [r for r in aws_plan.run.resources if r.provider == provider.urn]
    assert {r.name for r in manager_objects} == {
        "dc1-hybrid-burst-kubeconfig",
        "dc1-hybrid-burst-cluster",
        "dc1-hybrid-burst-config",
        "dc1-hybrid-burst-check",
        "dc1-hybrid-burst-flavor",
        "dc1-hybrid-burst-cq-research",
        "dc1-hybrid-burst-cq-serving",
        "dc1-hybrid-burst-lq-research",
        "dc1-hybrid-burst-lq-serving",
    }
    assert aws_plan.run.outputs["onprem"]["kueue_cohort"] == "dc1-gpu"


def test_every_private_route_table_routes_back_to_onprem(aws_plan) -> None:
    routes = [r for r in aws_plan.run.resources if r.type == "aws:ec2/route:Route"]
    assert len(routes) == 3 * 2  # three AZ route tables x two on-prem prefixes
    assert {r.inputs["destinationCidrBlock"] for r in routes} == {"10.20.0.0/16", "10.24.0.0/14"}
    private_tables = {
        r.id
        for r in aws_plan.run.resources
        if r.type == "aws:ec2/routeTable:RouteTable" and "-private-" in r.name
    }
    assert len(private_tables) == 3
    assert {r.inputs["routeTableId"] for r in routes} == private_tables


def test_secrets_stay_secret(aws_plan) -> None:
    by_name = {r.name: r for r in aws_plan.run.resources}
    vpn = by_name["dc1-hybrid-link-vpn-0"].inputs
    assert isinstance(vpn["tunnel1PresharedKey"], Secret) and isinstance(vpn["tunnel2PresharedKey"], Secret)
    source = by_name["dc1-hybrid-sync-source"].inputs
    assert isinstance(source["accessKey"], Secret) and isinstance(source["secretKey"], Secret)
    assert isinstance(by_name["dc1-hybrid-sync-agent"].inputs["activationKey"], Secret)
    assert isinstance(by_name["dc1-hybrid-burst-kubeconfig"].inputs["stringData"], Secret)
    outputs = aws_plan.run.outputs
    assert isinstance(outputs["multikueue"]["worker_kubeconfig"], Secret)
    assert isinstance(outputs["cloud"]["kubeconfig"], Secret)


def test_outputs_show_tunnels_queues_replication_and_keys(aws_plan) -> None:
    out = aws_plan.run.outputs
    assert len(out["link"]["tunnel_addresses"]) == 2
    assert out["multikueue"]["burst_queues"] == {
        "team-research": "research-burst",
        "team-serving": "serving-burst",
    }
    assert out["replication"]["schedule"] == "cron(0 2 * * ? *)"
    assert set(out["key_hierarchy"]["cloud"]) == {"cluster", "nodes", "hot", "warm", "cold", "logs"}
    assert out["key_hierarchy"]["onprem"]["address"] == "https://vault.dc1.example.internal:8200"
    assert out["address_plan"]["cloud.services (EKS default)"] == "172.20.0.0/16"


def test_summary_counts_cloud_burst_accelerators(aws_plan) -> None:
    summary = aws_plan.summary
    assert summary["accelerator_total"] == 48
    assert [a["pool"] for a in summary["accelerators"]] == ["h100-burst", "l40s-burst"]


def test_check_has_no_mandatory_violations(capsys) -> None:
    assert cli(["check", "hybrid-aws"]) == 0
    assert "0 mandatory violations" in capsys.readouterr().out


def test_hybrid_aws_does_not_import_pulumi_gcp() -> None:
    code = (
        "import sys; from aiinfra.plan import plan_stack; plan_stack('hybrid-aws');"
        "print('pulumi_gcp' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-P", "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False"
