"""Costs that add up: every hourly-billed resource is priced or named as excluded, in stack plans and
in ``plan --program`` alike, and no per-team figure is left blank."""

from __future__ import annotations

import json

import pytest

from aiinfra import billing, pricing
from aiinfra.cli.main import main
from aiinfra.render import plan_text

from conftest import cached_plan

STACKS = ("aws-training", "gcp-training", "gcp-tpu-inference", "hybrid-aws", "hybrid-gcp", "onprem")


@pytest.mark.parametrize("stack", STACKS)
def test_every_type_a_shipped_stack_registers_has_a_billing_class(stack: str) -> None:
    types = {r.type for r in cached_plan(stack).run.resources if r.custom}
    assert billing.unclassified(types) == []


@pytest.mark.parametrize("stack", STACKS)
def test_every_hourly_resource_is_priced_or_named(stack: str) -> None:
    plan = cached_plan(stack)
    cost = plan.summary["cost"]
    if not cost["applicable"]:
        assert stack == "onprem" and cost["note"].startswith("owned hardware")
        return
    items = " | ".join(f["item"] for f in cost["fixed"])
    custom = [r for r in plan.run.resources if r.custom]
    for r in custom:
        if r.type == "aws:rds/instance:Instance":
            assert f"RDS {r.name} (" in items
        if r.type == "gcp:sql/databaseInstance:DatabaseInstance":
            assert f"Cloud SQL {r.name} (" in items
    for type_, (item, _) in billing.EXCLUDED_HOURLY.items():
        if any(r.type == type_ for r in custom):
            assert item in items, (stack, type_)
    for line in cost["fixed"]:
        assert line["usd_per_hour"] is not None or line["basis"].startswith("excluded: "), line
    assert set(cost["excluded_fixed"]) == {f["item"] for f in cost["fixed"] if f["usd_per_hour"] is None}


def test_system_node_pools_are_priced_from_sourced_rates() -> None:
    aws = {f["item"]: f for f in cached_plan("aws-training").summary["cost"]["fixed"]}
    system = aws["EKS node group llm-train-system-ng (2 x m7i.2xlarge)"]
    assert system["usd_per_hour"] == pytest.approx(2 * 0.4032)
    assert system["basis"] == "2 nodes at max; us-east-1 list price used for us-west-2"
    assert system["source"] == pricing.EC2_US_EAST_1_RATES["m7i.2xlarge"].source
    gcp = {f["item"]: f for f in cached_plan("gcp-training").summary["cost"]["fixed"]}
    pool = gcp["GKE node pool llm-train-system (3 x e2-standard-8)"]
    assert pool["usd_per_hour"] == pytest.approx(3 * 0.268045)
    assert "3 zones assumed" in pool["basis"] and "unverified" in pool["source"]
    # No sourced E2 rate in us-east5: named, not silently dropped.
    tpu = {f["item"]: f for f in cached_plan("gcp-tpu-inference").summary["cost"]["fixed"]}
    assert tpu["GKE node pool tpu-serve-system (3 x e2-standard-8)"]["basis"] == (
        "excluded: no sourced rate for e2-standard-8 in us-east5"
    )


def test_managed_grafana_and_databases_are_named_as_excluded() -> None:
    text = plan_text(cached_plan("aws-training"), [])
    assert "Amazon Managed Grafana workspaces" in text and "billed per active user per month" in text
    assert "RDS llm-train-services-mlflow-db (db.m7g.large, postgres, Multi-AZ: two instances)" in text
    assert "excluding 7 fixed items" in text


def test_onprem_team_quota_cost_is_never_blank() -> None:
    text = plan_text(cached_plan("onprem"), [])
    rows = [line for line in text.splitlines() if " reservation " in line and "research" in line]
    assert rows and all(line.rstrip().endswith("owned") for line in rows)
    assert "nominal quota at scale owned hardware, no cloud charge" in text


def _program_plan(capsys, path: str) -> dict:
    assert main(["plan", "--program", path, "--format", "json"]) == 0
    (stack,) = json.loads(capsys.readouterr().out)["stacks"]
    return stack["summary"]


def test_program_plan_has_the_stack_plans_cost_energy_and_envelope(capsys) -> None:
    stack_keys = cached_plan("aws-training").summary
    summary = _program_plan(capsys, "examples/aws-gpu-pool")
    for key in ("cost", "energy", "envelope"):
        assert key in summary, key
    assert set(summary["cost"]) == set(stack_keys["cost"])
    assert set(summary["energy"]) == set(stack_keys["energy"])
    assert set(summary["envelope"][0]) == set(stack_keys["envelope"][0])
    (row,) = summary["accelerators"]
    assert (row["zones"], row["placement"], row["fabric"], row["fabric_interfaces"]) == (
        "usw2-az2",
        "none",
        "efa",
        32,
    )
    assert summary["cost"]["pools"][0]["basis"].startswith(
        "on-demand list price used (no sourced Capacity Block"
    )
    assert summary["estimated_usd_per_hour"] == summary["cost"]["total_usd_per_hour"]
    (pool,) = summary["energy"]["pools"]
    assert pool["region"] == "us-west-2" and pool["kg_co2e_per_hour"] is not None


def test_program_pool_without_a_fabric_says_none(capsys) -> None:
    summary = _program_plan(capsys, "examples/gcp-gpu-pool")
    (row,) = summary["accelerators"]
    assert row["fabric"] == "none" and row["fabric_interfaces"] == 0
    (envelope,) = summary["envelope"]
    assert envelope["interfaces_enabled"] == 0
    assert main(["plan", "--program", "examples/gcp-gpu-pool"]) == 0
    text = capsys.readouterr().out
    assert "no fabric" in text and "Cost per hour at full scale:" in text and "Performance envelope" in text


def test_types_the_estimate_cannot_bill_are_listed() -> None:
    from types import SimpleNamespace

    from aiinfra.cost import estimate
    from aiinfra.render_sections import cost_lines

    endpoint = SimpleNamespace(custom=True, type="aws:sagemaker/endpoint:Endpoint", name="e", inputs={})
    cost = estimate(SimpleNamespace(), [endpoint])
    assert cost["applicable"] is False and cost["note"] == "no hourly-priced resources in this plan"
    assert cost["unclassified_types"] == ["aws:sagemaker/endpoint:Endpoint"]
    assert cost_lines({"cost": cost}) == [
        "Cost: no hourly-priced resources in this plan",
        "  not known to the estimate (priced by neither rule nor note): aws:sagemaker/endpoint:Endpoint",
    ]
