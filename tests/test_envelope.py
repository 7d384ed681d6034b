"""The performance envelope: every pool of every shipped stack, in the plan JSON and text."""

from __future__ import annotations

import pytest

from aiinfra.components.catalog import lookup
from aiinfra.components.catalog.fabric_bandwidth import GPUDIRECT_NICS, interface_bandwidth
from aiinfra.render import envelope_lines

from conftest import cached_plan

STACKS = ["aws-training", "gcp-training", "gcp-tpu-inference", "onprem", "hybrid-aws", "hybrid-gcp"]


@pytest.mark.parametrize("stack", STACKS)
def test_every_pool_has_an_envelope(stack: str) -> None:
    plan = cached_plan(stack)
    envelope = plan.summary["envelope"]
    assert [e["pool"] for e in envelope] == [a["pool"] for a in plan.summary["accelerators"]]
    for e in envelope:
        if e["fabric_percent"] is not None:
            assert e["fabric_source"] and e["fabric_gbps_max"] > 0
        if e["hot_mbps_per_accelerator"] is not None:
            assert e["hot_tier_source"] and e["hot_tier"]
    text = envelope_lines(envelope)
    # a header, then per pool its figures and what scales it
    assert len(text) == 1 + 2 * len(envelope)
    assert [line.strip().split(": ", 1)[0] for line in text[2::2]] == ["scaled by"] * len(envelope)
    assert all(e["scaled_by"] not in ("", "unknown") for e in envelope)


def _by_pool(stack: str) -> dict[str, dict]:
    return {e["pool"]: e for e in cached_plan(stack).summary["envelope"]}


def test_shipped_multi_node_training_pools_get_their_whole_fabric() -> None:
    aws = _by_pool("aws-training")["h100-train"]
    assert (aws["interfaces_enabled"], aws["interfaces_max"], aws["fabric_gbps_enabled"]) == (32, 32, 3200.0)
    assert aws["fabric_percent"] == 100.0 and aws["same_zone"] is True and aws["pool_zones"] == ["usw2-az2"]
    # FSx PERSISTENT_2 14,400 GiB x 500 MB/s/TiB = 7,031.25 MB/s over 64 H100 + 16 L40S
    assert aws["hot_tier_mbps"] == 7031.2 and aws["hot_mbps_per_accelerator"] == 87.9
    gcp = _by_pool("gcp-training")["h200-train"]
    assert (gcp["interfaces_enabled"], gcp["fabric_gbps_enabled"], gcp["fabric_percent"]) == (8, 3200, 100.0)
    assert gcp["same_zone"] is True
    onprem = _by_pool("onprem")["h100-train"]
    assert (onprem["interfaces_enabled"], onprem["fabric_percent"]) == (8, 100.0)
    assert _by_pool("hybrid-aws")["h100-burst"]["fabric_percent"] == 100.0


def test_the_envelope_tells_the_truth_where_fabric_is_missing() -> None:
    """Facts of the current shipped stacks, reported as they are: every shipped multi-node training
    pool gets all of its fabric (the hybrid-gcp burst pool its 4 TCPX NICs, its RoCE pool all 8 rails)."""
    hybrid = _by_pool("hybrid-gcp")
    burst = hybrid["h100-burst"]
    assert burst["fabric"] == "tcpx" and burst["fabric_percent"] == 100.0 and not burst["under_provisioned"]
    assert (hybrid["h100-roce"]["interfaces_enabled"], hybrid["h100-roce"]["interfaces_max"]) == (8, 8)
    tpu = _by_pool("gcp-training")["v5p-slice"]
    assert tpu["fabric_percent"] is None and tpu["cross_zone"] is True  # v5p in -a, Lustre in -b
    inference = _by_pool("aws-training")["l40s-infer"]
    assert not inference["training"] and not inference["under_provisioned"]


def test_interface_bandwidth_from_the_catalog() -> None:
    assert interface_bandwidth(lookup("p5.48xlarge")).gbps == 100.0  # 3,200 Gbps / 32 EFA
    assert interface_bandwidth(lookup("dgx-h100")).max_gbps == 3200.0  # 8 NDR rails x 400
    assert interface_bandwidth(lookup("g6e.xlarge")) is None
    for machine_type, figure in GPUDIRECT_NICS.items():
        entry = lookup(machine_type)
        assert figure.interfaces == entry.fabric_interfaces and figure.source and figure.as_of
        assert figure.max_gbps < entry.network_gbps  # the host gVNIC(s) are not fabric


def test_capped_efa_shows_in_the_envelope_and_fires_the_advisory(tmp_path) -> None:
    import yaml

    from aiinfra.plan import plan_stack
    from aiinfra.policies import evaluate

    from conftest import REPO

    data = yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())
    data["config"]["aiinfra:platform"]["pools"][0]["fabric"]["interfaces"] = 8
    path = tmp_path / "Pulumi.capped.yaml"
    path.write_text(yaml.safe_dump(data))
    plan = plan_stack(str(path))
    train = next(e for e in plan.summary["envelope"] if e["pool"] == "h100-train")
    assert (train["interfaces_enabled"], train["fabric_gbps_enabled"], train["fabric_percent"]) == (
        8,
        800.0,
        25.0,
    )
    assert train["under_provisioned"]
    findings = [f for f in evaluate(plan.run).findings if f.rule.id == "AIP-PERF-001"]
    assert [f.message for f in findings] == [
        "multi-node training pool 'llm-train-h100-train-ng' wires 8 of the 32 EFA interfaces of "
        "p5.48xlarge (25% of its fabric)."
    ]
    assert findings[0].enforcement == "advisory" and not findings[0].blocking
