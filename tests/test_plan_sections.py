"""The plan shows what was promised: storage tiers, pool zones and placement, zone findings, integers."""

from __future__ import annotations

import json

from aiinfra.cli.main import main
from aiinfra.plan_sections import storage_findings
from aiinfra.render import resource_json

from conftest import cached_plan


def test_storage_section_lists_every_tier_with_size_throughput_zone_and_key() -> None:
    rows = {r["tier"]: r for r in cached_plan("aws-training").summary["storage"]}
    assert set(rows) == {"hot", "warm", "cold"}
    assert rows["hot"] == {
        "tier": "hot",
        "kind": "FSx for Lustre PERSISTENT_2",
        "size": "14400 GiB",
        "throughput": "500 MB/s/TiB (~7,031 MB/s)",
        "zone": "usw2-az2",
        "key": "llm-train-keys-hot",
    }
    assert (
        rows["warm"]["throughput"] == "16000 IOPS, 1000 MiB/s"
        and rows["warm"]["key"] == "llm-train-keys-warm"
    )
    assert rows["cold"]["zone"] == "region us-west-2"
    gcp = {r["tier"]: r for r in cached_plan("gcp-training").summary["storage"]}
    assert gcp["hot"]["kind"] == "Managed Lustre" and gcp["hot"]["zone"] == "us-central1-b"


def test_pools_show_zone_and_placement() -> None:
    pools = {a["pool"]: a for a in cached_plan("gcp-training").summary["accelerators"]}
    assert pools["h200-train"]["zones"] == "us-central1-b"
    assert pools["v5p-slice"]["placement"] == "auto: COMPACT placement (tpuTopology 2x2x4)"
    burst = {a["pool"]: a for a in cached_plan("hybrid-aws").summary["accelerators"]}
    assert burst["h100-burst"]["placement"] == "auto: placement group dc1-aws-h100-burst-pg"
    assert burst["l40s-burst"]["zones"] == "any zone of us-west-2"


def test_hot_tier_in_another_zone_than_a_fabric_pool_is_a_finding() -> None:
    rows = [{"tier": "hot", "zone": "us-central1-a"}]
    placements = {
        "train": {"fabric_pool": True, "zone": "us-central1-b"},
        "infer": {"fabric_pool": False, "zone": "us-central1-c"},
    }
    findings = storage_findings(rows, placements)
    assert len(findings) == 1
    assert findings[0].startswith("hot tier is in us-central1-a but fabric pool train is in us-central1-b")
    assert storage_findings(rows, {"train": {"fabric_pool": True, "zone": "us-central1-a"}}) == []
    for stack in ("aws-training", "gcp-training", "hybrid-aws"):
        assert cached_plan(stack).summary["findings"] == []


def test_text_view_has_storage_and_findings_sections(capsys) -> None:
    assert main(["plan", "gcp-training"]) == 0
    out = capsys.readouterr().out
    assert "\nStorage:\n  hot         Managed Lustre" in out
    assert "zone us-central1-b; key llm-train-keys-hot" in out
    assert "\nFindings: 0\n" in out


def test_integers_in_the_provider_schema_are_integers_in_json() -> None:
    plan = cached_plan("aws-training")
    template = next(r for r in plan.run.resources if r.name == "llm-train-h100-train-lt")
    assert isinstance(template.inputs["networkInterfaces"][1]["deviceIndex"], float)  # what policies see
    shown = resource_json(template)["inputs"]
    assert [n["deviceIndex"] for n in shown["networkInterfaces"][:2]] == [0, 1]
    assert '"deviceIndex": 1,' in json.dumps(shown)
    assert shown["metadataOptions"]["httpPutResponseHopLimit"] == 1
    fsx = resource_json(next(r for r in plan.run.resources if r.name == "llm-train-data-hot"))["inputs"]
    assert fsx["storageCapacity"] == 14400 and isinstance(fsx["storageCapacity"], int)
