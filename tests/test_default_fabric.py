"""Multi-node pools of fabric-capable machine types get their fabric unless told `fabric: {type: none}`,
which the policy pack reports (AIP-NET-090) with the bandwidth given up."""

from __future__ import annotations

import pytest

from aiinfra.blueprints.aws import AwsPoolSpec
from aiinfra.components.gcp.nodepool import GpuPoolSpec
from aiinfra.components.spec import AcceleratorPoolSpec

from conftest import cached_plan
from engine_helpers import only


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"machine_type": "p5.48xlarge", "max_nodes": 4, "zone": "usw2-az1"}, "efa"),
        ({"machine_type": "p5.48xlarge", "max_nodes": 1}, "none"),
        ({"machine_type": "p5.48xlarge", "max_nodes": 4, "fabric": {"type": "none"}}, "none"),
        (
            {
                "machine_type": "p5.48xlarge",
                "max_nodes": 4,
                "zone": "usw2-az1",
                "fabric": {"placement": "none"},
            },
            "efa",
        ),
        ({"machine_type": "m7i.large", "max_nodes": 4}, "none"),
        ({"machine_type": "dgx-h100", "max_nodes": 4}, "none"),  # on-prem fabrics are declared per cluster
    ],
)
def test_neutral_default(spec: dict, expected: str) -> None:
    try:
        pool = AcceleratorPoolSpec(name="p", **spec)
    except ValueError as exc:  # m7i.large is not in the catalog
        assert "machine_type" in str(exc)
        return
    assert pool.fabric.type == expected


def test_accelerator_form_resolves_per_cloud() -> None:
    aws = AwsPoolSpec(name="p", accelerator="H100", accelerator_count=8, max_nodes=2, zone="usw2-az1")
    assert aws.fabric.type == "efa"
    gcp = GpuPoolSpec(name="p", machine_type="a3-megagpu-8g", max_nodes=2, zone="us-central1-a")
    assert gcp.fabric.type == "tcpxo"


def test_a_defaulted_efa_pool_without_zone_says_how_to_opt_out() -> None:
    with pytest.raises(ValueError, match=r"set fabric\.type: none to run this pool without it"):
        AwsPoolSpec(name="p", machine_type="g6e.12xlarge", max_nodes=4)


def test_hybrid_gcp_burst_pool_gets_tcpx() -> None:
    """The a3-highgpu-8g burst pool used to plan with one NIC; now it has its four TCPX networks."""
    run = cached_plan("hybrid-gcp").run
    pool = only(run, "gcp:container/nodePool:NodePool", "dc2-gcp-h100-burst-np")
    assert len(pool.inputs["networkConfig"]["additionalNodeNetworkConfigs"]) == 4
    assert pool.inputs["nodeConfig"]["gvnic"] == {"enabled": True}
    assert pool.inputs["nodeConfig"]["labels"]["aiinfra.io/fabric"] == "tcpx"
    daemonsets = [r.name for r in run.resources if r.type == "kubernetes:apps/v1:DaemonSet"]
    assert {"dc2-gcp-h100-burst-gpudirect-installer", "dc2-gcp-h100-burst-gpudirect-nri"} <= set(daemonsets)


def test_opted_out_inference_pools_get_an_advisory_naming_the_bandwidth() -> None:
    from aiinfra.policies.registry import all_rules
    from aiinfra.policies.runner import evaluate

    [rule] = [r for r in all_rules() if r.id == "AIP-NET-090"]
    for stack, pool in (("aws-training", "llm-train-l40s-infer-ng"), ("hybrid-aws", "dc1-aws-l40s-burst-ng")):
        findings = evaluate(cached_plan(stack).run, rules=[rule]).findings
        assert [f.resource for f in findings] == [pool], stack
        message = findings[0].message
        assert (
            "4 x g6e.12xlarge without EFA" in message and "1 EFA interface(s) (100 Gbps per node" in message
        )
        assert findings[0].enforcement == "advisory" and not findings[0].unknown
    for stack in ("gcp-training", "hybrid-gcp", "gcp-tpu-inference", "onprem"):
        assert evaluate(cached_plan(stack).run, rules=[rule]).findings == [], stack
