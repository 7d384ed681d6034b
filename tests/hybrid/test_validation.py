"""Hybrid validation: one address plan, a route back, MultiKueue without TAS, encrypted replication.

Every case fails with one clear message naming the field(s) and registers nothing.
"""

from __future__ import annotations

import pytest

from aiinfra.blueprints import validate_platform
from aiinfra.errors import InputError

from .hybrid_helpers import platform, set_path


def _error(raw: dict) -> str:
    with pytest.raises(InputError) as caught:
        validate_platform(raw)
    return str(caught.value)


def test_shipped_platform_is_valid() -> None:
    config = validate_platform(platform())
    assert config.cloud_kind == "aws"
    assert config.referenced_stacks() == {"organization/aiinfra/onprem": "onprem"}


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            ["address_plan", "onprem", "pods"],
            "10.40.0.0/16",
            "cloud.network.cidr (10.40.0.0/16) overlaps address_plan.onprem.pods (10.40.0.0/16)",
        ),
        (
            ["address_plan", "onprem", "services"],
            "10.110.0.0/24",
            "stack onprem: fabric.rails[0].subnet (10.110.0.0/24) overlaps address_plan.onprem.services (10.110.0.0/24)",
        ),
        (
            ["address_plan", "onprem", "services"],
            "172.20.0.0/16",
            "cloud.services (EKS default) (172.20.0.0/16) overlaps address_plan.onprem.services (172.20.0.0/16)",
        ),
        (
            ["address_plan", "onprem", "nodes"],
            "10.20.0.0/16",
            None,
        ),
    ],
)
def test_overlapping_address_plans_are_rejected_naming_both(path, value, expected) -> None:
    raw = set_path(platform(), path, value)
    if expected is None:
        validate_platform(raw)
        return
    message = _error(raw)
    assert expected in message, message


def test_overlap_message_names_both_fields_and_ranges() -> None:
    raw = set_path(platform(), ["address_plan", "onprem", "pods"], "10.40.0.0/16")
    assert _error(raw) == (
        "platform.address_plan: cloud.network.cidr (10.40.0.0/16) overlaps address_plan.onprem.pods "
        "(10.40.0.0/16); every range of both sides must be distinct"
    )


def test_public_onprem_range_is_refused_like_eks_remote_networks() -> None:
    raw = set_path(platform(), ["address_plan", "onprem", "pods"], "100.64.0.0/16")
    assert _error(raw).startswith(
        "platform.address_plan.onprem.pods: 100.64.0.0/16 is not a private RFC 1918"
    )


def test_burst_cluster_without_a_route_back_is_rejected() -> None:
    raw = set_path(platform(), ["connectivity", "routes_to_onprem"], ["10.24.0.0/14"])
    message = _error(raw)
    assert message.startswith("platform.connectivity.routes_to_onprem: no route back from the burst cluster")
    assert "address_plan.onprem.nodes (10.20.0.0/16)" in message


def test_route_back_must_not_cover_cloud_ranges() -> None:
    raw = set_path(platform(), ["connectivity", "routes_to_onprem"], ["10.0.0.0/8"])
    assert "connectivity.routes_to_onprem[0]: 10.0.0.0/8 overlaps cloud.network.cidr" in _error(raw)


def test_multikueue_with_topology_aware_scheduling_is_rejected() -> None:
    raw = set_path(platform(), ["burst", "topology_name"], "dc1-topology")
    message = _error(raw)
    assert message.startswith("platform.burst.topology_name: 'dc1-topology'")
    assert "MultiKueue ClusterQueue that references a TAS flavor is inactive" in message


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            ["connectivity", "tunnels", 1, "inside_cidr"],
            "169.254.10.0/30",
            "connectivity.tunnels[1].inside_cidr: 169.254.10.0/30 is already used by connectivity.tunnels[0]",
        ),
        (
            ["connectivity", "tunnels", 0, "inside_cidr"],
            "169.254.10.0/29",
            "connectivity.tunnels[0].inside_cidr: 169.254.10.0/29 must be a /30 inside 169.254.0.0/16",
        ),
        (
            ["connectivity", "tunnels", 0, "inside_cidr"],
            "169.254.169.252/30",
            "169.254.169.252/30 is reserved by AWS Site-to-Site VPN",
        ),
        (["connectivity", "cloud_asn"], 65010, "connectivity.vpn.cloud_asn: 65010 equals onprem_asn"),
        (["connectivity", "cloud_asn"], 3356, "connectivity.vpn.cloud_asn: 3356 is not a private ASN"),
        (["connectivity", "onprem_asn"], 7224, "connectivity.vpn.onprem_asn: 7224 is not a usable ASN"),
        (
            ["connectivity", "tunnels", 1, "psk_key"],
            "tunnel1Psk",
            "connectivity.vpn.tunnels: every tunnel needs its own pre-shared key",
        ),
        (
            ["connectivity", "onprem_public_ips"],
            ["10.20.0.1"],
            "connectivity.vpn.onprem_public_ips[0]: 10.20.0.1 is not a public address",
        ),
        (
            ["replication", "source", "protocol"],
            "HTTP",
            "replication.source.protocol: 'HTTP' sends datasets unencrypted",
        ),
        (["replication", "schedule", "cron"], "0 25 * * *", "replication.schedule.cron: hour field '25'"),
        (["replication", "schedule", "cron"], "*/5 * * * *", "replication.schedule.cron: minute field '*/5'"),
        (["burst", "teams", 0, "gpus"], {"h100-burst": 33}, "burst.teams[0].gpus.h100-burst: 33 exceeds"),
        (["burst", "teams", 0, "gpus"], {"a100": 8}, "burst.teams[0].gpus.a100: not a cloud GPU pool"),
        (
            ["cloud", "encryption", "enforce_in_transit"],
            False,
            "cloud.encryption.enforce_in_transit: must be true",
        ),
        (["cloud", "region"], "mars-1", "platform.cloud.region: 'mars-1' is not an AWS region"),
        (["cloud", "blueprint"], "azure", "platform.cloud.blueprint: 'azure' is not a burst cloud"),
        (["cloud", "name"], "dc1-hybrid", "platform.name: the hybrid, cloud and on-prem names must differ"),
        (["replication", "datasync"], None, "replication.datasync: required on AWS"),
        (
            ["replication", "source", "server_certificate"],
            None,
            "replication.source.server_certificate: required",
        ),
    ],
)
def test_bad_input_names_the_field(path, value, expected) -> None:
    message = _error(set_path(platform(), path, value))
    assert expected in message, message


def test_cold_tier_is_the_shared_dataset_store() -> None:
    raw = platform()
    raw["cloud"]["storage"] = {"warm": {"volume_type": "gp3"}, "cold": None}
    assert _error(raw).startswith(
        "platform.cloud.storage.cold: required; the cloud cold tier is the shared dataset store"
    )


def test_onprem_inline_and_reference_are_exclusive() -> None:
    raw = platform()
    raw.pop("onprem_stack")
    assert _error(raw).startswith("platform.onprem: set exactly one of onprem")


def test_aws_vpn_needs_two_tunnels_per_onprem_ip() -> None:
    raw = set_path(platform(), ["connectivity", "onprem_public_ips"], ["203.0.113.10", "203.0.113.11"])
    assert (
        "connectivity.tunnels: AWS builds one VPN connection (two tunnels) per on-prem public IP"
        in _error(raw)
    )


def test_invalid_platform_registers_nothing(monkeypatch) -> None:
    """Validation runs before the program registers anything."""
    from aiinfra.engine import run_program
    from aiinfra.program import main

    from .hybrid_helpers import stack_config

    raw = set_path(platform(), ["burst", "topology_name"], "dc1-topology")
    registered: list[str] = []
    from aiinfra.engine import recorder

    original = recorder.RecordingMonitor.RegisterResource

    def spy(self, request):
        registered.append(request.type)
        return original(self, request)

    monkeypatch.setattr(recorder.RecordingMonitor, "RegisterResource", spy)
    with pytest.raises(InputError):
        run_program(main, project="aiinfra", stack="hybrid-aws", config=stack_config(raw))
    assert [t for t in registered if t != "pulumi:pulumi:Stack"] == []
