"""Energy and carbon: sourced facts for every catalog machine and stack region, figures recomputed by hand."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from aiinfra.blueprints import validate_platform
from aiinfra.components.catalog import energy, lookup, machines
from aiinfra.components.spec import PoolCapacity
from aiinfra.energy import estimate, pool_energy
from aiinfra.render_sections import energy_lines

from conftest import cached_plan

REPO = Path(__file__).resolve().parents[1]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_every_catalog_machine_has_sourced_power_or_says_unknown() -> None:
    for machine in machines():
        power = energy.machine_power(machine)
        if power.watts is None:
            assert power.unknown_reason, machine.machine_type
        else:
            assert power.watts > power.host_watts > 0, machine.machine_type
            assert power.sources and all(power.sources), machine.machine_type


def test_every_fact_names_a_source_and_a_date() -> None:
    facts = [
        *energy.BOARD_POWER.values(),
        *energy.HOST_WATTS_PER_VCPU.values(),
        energy.MEMORY_WATTS_PER_GB,
        *energy.PUE.values(),
    ]
    for fact in facts:
        assert fact.source and DATE.match(fact.as_of), fact
        assert fact.verified or fact.note, f"unverified without saying why: {fact}"
    for cloud in ("aws", "gcp"):
        for region in energy.regions_with_intensity(cloud):
            grid = energy.grid_intensity(cloud, region)
            assert grid is not None and grid.source and grid.year, (cloud, region)
            assert 0 < grid.g_co2e_per_kwh < 1500, (cloud, region)


def test_every_region_a_shipped_stack_uses_has_a_sourced_intensity() -> None:
    regions = set()
    for path in sorted((REPO / "stacks").glob("Pulumi.*.yaml")):
        raw = yaml.safe_load(path.read_text())["config"]["aiinfra:platform"]
        context = validate_platform(raw).offline_context()  # type: ignore[attr-defined]
        if context.get("aws_region"):
            regions.add(("aws", context["aws_region"]))
        if context.get("gcp_region"):
            regions.add(("gcp", context["gcp_region"]))
    assert regions >= {("aws", "us-west-2"), ("gcp", "us-central1")}
    for cloud, region in regions:
        assert energy.grid_intensity(cloud, region) is not None, (cloud, region)


def test_data_file_says_where_it_came_from() -> None:
    data = json.loads((REPO / "components" / "catalog" / "energy_data.json").read_text())
    assert "region-carbon-info @ 49f3f26" in data["_provenance"]
    assert "Cloud Carbon Footprint release-2024-02-11" in data["_provenance"]
    # Spot values against the upstream rows (2024.csv; CCF Methodology Appendix V).
    assert data["grid"]["gcp"]["us-central1"]["g_co2e_per_kwh"] == 412.72
    assert data["grid"]["gcp"]["us-central1"]["cfe"] == 0.87
    assert data["grid"]["aws"]["us-west-2"]["g_co2e_per_kwh"] == 322.17  # 0.000322167 t/kWh (WECC)
    assert "p5.48xlarge" in data["aws_offerings"]["regions"]
    assert "us-west-2" in data["aws_offerings"]["regions"]["p5.48xlarge"]


def test_aws_training_h100_pool_recomputed_by_hand() -> None:
    pool = next(
        p for p in cached_plan("aws-training").summary["energy"]["pools"] if p["pool"] == "h100-train"
    )
    # p5.48xlarge: 8 x H100 SXM at 700 W + 192 vCPU x 3.5 W + 2,048 GiB x 0.392 W = 7,074.816 W.
    machine_w = 8 * 700 + 192 * 3.5 + 2048 * 0.392
    assert machine_w == pytest.approx(7074.816)
    facility_kw = 8 * machine_w / 1000 * 1.14  # 8 nodes at max, AWS 2025 PUE
    assert pool["nodes"] == 8
    assert pool["facility_kw"] == pytest.approx(64.52, abs=0.01)
    assert pool["facility_kw"] == round(facility_kw, 2)
    assert pool["kwh_per_day"] == round(facility_kw * 24, 1)
    assert pool["grid_g_co2e_per_kwh"] == 322.17
    assert pool["kg_co2e_per_hour"] == round(facility_kw * 322.17 / 1000, 2) == 20.79
    assert pool["region"] == "us-west-2" and pool["verified"] is True


def test_plans_show_energy_per_pool_and_in_total() -> None:
    for stack in ("aws-training", "gcp-training"):
        summary = cached_plan(stack).summary
        section = summary["energy"]
        assert section["label"].startswith("upper-bound estimate: full load")
        estimated = [p for p in section["pools"] if p["facility_kw"] is not None]
        assert estimated, stack
        assert section["total_kw"] == pytest.approx(sum(p["facility_kw"] for p in estimated), abs=0.02)
        text = "\n".join(energy_lines(summary))
        assert "Energy and carbon at full scale (upper-bound estimate" in text
        assert "kgCO2e/h" in text and "total " in text


def test_tpu_pools_say_not_estimated_and_are_left_out_of_the_total() -> None:
    section = cached_plan("gcp-training").summary["energy"]
    tpu = next(p for p in section["pools"] if p["machine_type"].startswith("ct5p"))
    assert tpu["facility_kw"] is None
    assert tpu["reason"] == "not estimated: Google publishes no board power for its TPUs"
    assert tpu["pool"] in section["excluded_power"]
    line = "\n".join(energy_lines(cached_plan("gcp-training").summary))
    assert f"power excludes {tpu['pool']}" in line


def test_all_unestimated_never_prints_a_zero_total() -> None:
    summary = cached_plan("gcp-tpu-inference").summary
    text = "\n".join(energy_lines(summary))
    assert "total not estimated" in text
    assert "0.0 kW" not in text


def _onprem(energy_block: dict | None) -> object:
    raw = yaml.safe_load((REPO / "stacks" / "Pulumi.onprem.yaml").read_text())["config"]["aiinfra:platform"]
    if energy_block is not None:
        raw = {**raw, "energy": energy_block}
    return validate_platform(raw)


def test_onprem_without_site_figures_says_carbon_not_estimated() -> None:
    section = estimate(_onprem(None))
    pool = section["pools"][0]
    assert pool["it_kw"] is not None and pool["facility_kw"] is None
    assert pool["reason"].startswith("carbon not estimated: the stack gives no energy.pue")


def test_onprem_site_figures_drive_the_estimate() -> None:
    config = _onprem({"pue": 1.4, "grid_g_co2e_per_kwh": 250, "source": "facility meter 2025"})
    section = estimate(config)
    for pool in section["pools"]:
        assert pool["pue"] == 1.4 and pool["grid_g_co2e_per_kwh"] == 250
        assert pool["facility_kw"] == pytest.approx(pool["it_kw"] * 1.4, abs=0.01)
        assert pool["kg_co2e_per_hour"] == pytest.approx(pool["facility_kw"] * 250 / 1000, abs=0.01)
        assert "site energy from the stack file: facility meter 2025" in pool["sources"]


@pytest.mark.parametrize(
    ("block", "field"),
    [
        ({"pue": 0.9, "grid_g_co2e_per_kwh": 250, "source": "x"}, "pue"),
        ({"pue": 1.2, "grid_g_co2e_per_kwh": 5000, "source": "x"}, "grid_g_co2e_per_kwh"),
        ({"pue": 1.2, "grid_g_co2e_per_kwh": 250}, "source"),
    ],
)
def test_onprem_site_figures_are_bounded(block: dict, field: str) -> None:
    with pytest.raises(Exception, match=field):
        _onprem(block)


def test_unknown_region_says_so() -> None:
    pool = pool_energy(
        PoolCapacity("p", lookup("p5.48xlarge"), 2, "on_demand"), "xx-nowhere-1", (None, None, "")
    )
    assert pool.facility_kw is not None and pool.kg_co2e_per_hour is None
    assert pool.reason == "carbon not estimated: no sourced grid intensity for aws region xx-nowhere-1"


def test_prefer_low_carbon_orders_equal_capacity_flavors_by_power_per_accelerator() -> None:
    from aiinfra.components.scheduling.flavors import FlavorSource, SchedulingPlan

    def flavor(name: str, machine: str, capacity: str) -> FlavorSource:
        m = lookup(machine)
        return FlavorSource(
            name, m.machine_type, m.accelerator, m.accelerator_kind, m.device_resource, m.accelerator_count,
            m.vcpus, m.memory_gib, 2, capacity, {}, (),
            watts_per_accelerator=energy.machine_power(m).watts / m.accelerator_count,  # type: ignore[operator]
        )  # fmt: skip

    flavors = (
        flavor("h100", "p5.48xlarge", "on_demand"),
        flavor("l4", "g6.48xlarge", "on_demand"),
        flavor("a100-reserved", "p4d.24xlarge", "reservation"),
    )
    raw = yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())["config"][
        "aiinfra:platform"
    ]
    spec = validate_platform(raw).scheduling  # type: ignore[attr-defined]
    default = SchedulingPlan(spec, flavors, (), "root", "aws")
    assert [f.name for f in default.ordered()] == ["a100-reserved", "h100", "l4"]
    low = SchedulingPlan(spec.model_copy(update={"prefer_low_carbon": True}), flavors, (), "root", "aws")
    assert [f.name for f in low.ordered()] == ["a100-reserved", "l4", "h100"]


def test_low_carbon_advisory_on_the_shipped_stacks() -> None:
    """gcp-tpu-inference's v6e pools sit in us-east5 (323 g/kWh) while us-west1 (79) offers v6e;
    aws-training's us-west-2 (322) has no US region offering p5.48xlarge at half of it."""
    from aiinfra.policies.registry import get_rule
    from aiinfra.policies.runner import evaluate

    rule = get_rule("AIP-SUS-001")

    def sus(stack: str) -> list[str]:
        findings = evaluate(cached_plan(stack).run, rules=[rule]).findings  # type: ignore[list-item]
        assert all(f.enforcement == "advisory" and not f.unknown for f in findings)
        return [f.message for f in findings]

    tpu = sus("gcp-tpu-inference")
    assert tpu and all("us-west1 (79 g/kWh)" in m and "in us-east5 at 323 gCO2e/kWh" in m for m in tpu)
    assert sus("aws-training") == []
