"""Cost per team: OpenCost pinned and priced from the cloud's list, team tags activated on AWS, team
namespaces labelled for OpenCost's aggregation, and the plan's per-team cost on the same list."""

from __future__ import annotations

import botocore.session
import pytest

from aiinfra.components.catalog import lookup
from aiinfra.components.observability.cost import OPENCOST_CHART, TEAM_TAGS
from aiinfra.components.observability.cost_spec import CATALOG_PRICE_REGION, OPENCOST_PRICING
from aiinfra.components.payloads import registry
from aiinfra.engine.model import Secret
from aiinfra.stacks import stack_names

from conftest import cached_plan

HELM = "kubernetes:helm.sh/v3:Release"
TAG = "aws:costexplorer/costAllocationTag:CostAllocationTag"


def _opencost(stack: str) -> list:
    return [r for r in cached_plan(stack).run.resources if r.type == HELM and r.inputs["chart"] == "opencost"]


def _team_cost(stack: str) -> list[dict]:
    outputs = cached_plan(stack).run.outputs
    found = [outputs.get("team_cost")] + [
        outputs.get(side, {}).get("team_cost") for side in ("onprem", "cloud")
    ]
    return [f for f in found if f]


@pytest.mark.parametrize("stack", stack_names())
def test_opencost_is_pinned_and_its_values_are_known_key_paths(stack: str) -> None:
    releases = _opencost(stack)
    assert len(releases) == (2 if stack == "hybrid-gcp" else 1)
    for r in releases:
        assert (r.inputs["version"], r.inputs["repositoryOpts"]["repo"]) == (
            OPENCOST_CHART.version,
            OPENCOST_CHART.repo,
        )
        assert registry.helm_values_problems("opencost", OPENCOST_CHART.version, r.inputs["values"]) == []
        exporter = r.inputs["values"]["opencost"]["exporter"]
        assert exporter["collectorDataSource"]["enabled"] is True
        assert r.inputs["values"]["opencost"]["prometheus"]["internal"]["enabled"] is False
        assert r.inputs["values"]["opencost"]["mcp"] == {"enabled": False}


def test_an_unknown_value_key_is_refused() -> None:
    problems = registry.helm_values_problems(
        "opencost", "2.5.17", {"opencost": {"exporter": {"pricingKey": "x"}}}
    )
    assert len(problems) == 1 and "pricingKey" in problems[0]


@pytest.mark.parametrize("stack", ["aws-training", "hybrid-aws"])
def test_aws_activates_the_team_tags_for_cost_allocation(stack: str) -> None:
    tags = [r for r in cached_plan(stack).run.resources if r.type == TAG]
    assert sorted(t.inputs["tagKey"] for t in tags) == sorted(TEAM_TAGS)
    ce = botocore.session.get_session().get_service_model("ce")
    assert (
        {t.inputs["status"] for t in tags} == {"Active"} <= set(ce.shape_for("CostAllocationTagStatus").enum)
    )


def test_gcp_gets_the_billing_catalog_key_as_a_secret_and_onprem_its_rates() -> None:
    [gcp] = _opencost("gcp-training")
    key = gcp.inputs["values"]["opencost"]["exporter"]["cloudProviderApiKey"]
    assert isinstance(key, Secret)  # read from secret config aiinfra:opencostPricingApiKey, never plain
    [onprem] = _opencost("onprem")
    pricing = onprem.inputs["values"]["opencost"]["customPricing"]
    assert pricing["enabled"] is True and pricing["costModel"]["GPU"] == 2.5
    assert "customPricing" not in gcp.inputs["values"]["opencost"]


@pytest.mark.parametrize("stack", stack_names())
def test_team_namespaces_carry_the_label_opencost_aggregates_by(stack: str) -> None:
    plan = cached_plan(stack)
    namespaces = {
        r.inputs["metadata"]["name"]: r.inputs["metadata"]["labels"]
        for r in plan.run.resources
        if r.type == "kubernetes:core/v1:Namespace"
    }
    for summary in _team_cost(stack):
        assert summary["aggregate"] == "label:team"
        # a hybrid burst worker has no scheduling section of its own: its teams are the burst teams
        teams = summary["teams"] or [t.name for t in plan.config.burst.teams]
        assert teams
        for team in teams:
            assert any(labels.get("team") == team for labels in namespaces.values()), (stack, team)


def test_a_pool_priced_off_the_list_breaks_the_match_and_is_named() -> None:
    """The catalog holds one region's on-demand list per cloud, with named exceptions; each is reported."""
    from aiinfra.components.catalog import machines
    from aiinfra.components.observability.cost_spec import off_list, price_source

    for cloud, region in CATALOG_PRICE_REGION.items():
        priced = [m for m in machines(cloud) if m.price is not None and m.price.published]
        odd = {m.machine_type for m in priced if region not in m.price.source}
        assert {line.split(":")[0] for line in off_list(cloud, priced)} >= odd
        assert len(odd) < len(priced) / 4, cloud  # exceptions, not the rule
    # every AWS figure is now us-east-1 on-demand: an entry priced off that list is still named
    import dataclasses

    from aiinfra.components.catalog import Price

    b300 = dataclasses.replace(
        lookup("p6-b300.48xlarge", "aws"),
        price=Price(112.32, "EC2 Capacity Block quote, region unstated", "2026-09-04", verified=False),
    )
    assert off_list("aws", [b300]) == ["p6-b300.48xlarge: EC2 Capacity Block quote, region unstated"]
    source = price_source("aws", "us-east-1", [b300, lookup("p5.48xlarge", "aws")])
    assert source.same_list is False and len(source.notes) == 1 and "p6-b300.48xlarge" in source.notes[0]
    gcp = [lookup("a3-highgpu-8g", "gcp")]
    assert price_source("gcp", "us-central1", gcp).same_list is True
    assert price_source("gcp", "us-central1", gcp, pricing_key=False).same_list is False


@pytest.mark.parametrize(
    "stack", ["aws-training", "gcp-training", "gcp-tpu-inference", "hybrid-aws", "hybrid-gcp"]
)
def test_plan_per_team_cost_and_opencost_read_the_same_list(stack: str) -> None:
    plan = cached_plan(stack)
    cloud_config = getattr(plan.config, "cloud", plan.config)
    cloud = cloud_config.blueprint
    [summary] = [s for s in _team_cost(stack) if s["price_source"]["opencost"] != OPENCOST_PRICING["onprem"]]
    source = summary["price_source"]
    assert source["same_list"] is True and source["opencost"] == OPENCOST_PRICING[cloud]
    assert source["plan"] == f"catalog on-demand list price ({CATALOG_PRICE_REGION[cloud]})"
    region_note = [n for n in source["notes"] if "list prices" in n]
    assert bool(region_note) == (cloud_config.region != CATALOG_PRICE_REGION[cloud])
    # the scheduling section of a hybrid plan is the on-prem side's (owned hardware, unpriced)
    teams = plan.summary.get("scheduling", {}).get("teams", []) if plan.config.blueprint != "hybrid" else []
    assert teams or plan.config.blueprint == "hybrid" or cloud_config.scheduling is None
    pools = {p.name: p for p in (*cloud_config.pools, *getattr(cloud_config, "tpu_slices", ()))}
    for team in teams:
        rows = [r for r in team["flavors"] if r["nominal"] and r["flavor"] in pools]
        priced = [(r, lookup(pools[r["flavor"]].machine_type, cloud)) for r in rows]
        priced = [(r, m) for r, m in priced if m.price is not None and m.price.published]
        if rows and not priced:  # owned or unpriced capacity only: no dollar figure, not $0
            assert team["nominal_usd_per_hour"] is None, team["team"]
            continue
        for _, machine in priced:
            assert CATALOG_PRICE_REGION[cloud] in machine.price.source
        expected = sum(r["nominal"] * m.price.usd_per_hour / m.accelerator_count for r, m in priced)
        assert team["nominal_usd_per_hour"] == pytest.approx(round(expected, 2), abs=0.01), team["team"]


def test_onprem_says_its_rates_are_internal() -> None:
    [summary] = _team_cost("onprem")
    assert summary["price_source"]["same_list"] is False
    assert summary["price_source"]["opencost"] == OPENCOST_PRICING["onprem"]
