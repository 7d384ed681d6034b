"""The plan shows scheduling: per team quota per flavor, borrowing limit, priority, cohort and the
at-scale cost of its nominal quota; per cohort the quota check; the CLI JSON carries the same."""

from __future__ import annotations

import json

import pytest

from aiinfra.cli.main import main
from aiinfra.components.catalog import lookup
from aiinfra.render import plan_text

from conftest import cached_plan


def _team(summary: dict, name: str) -> dict:
    return next(t for t in summary["scheduling"]["teams"] if t["team"] == name)


def test_aws_team_rows_and_nominal_cost() -> None:
    s = cached_plan("aws-training").summary
    pretrain = _team(s, "pretrain")
    assert (pretrain["cohort"], pretrain["priority_class"], pretrain["namespace"]) == (
        "research",
        "training",
        "team-pretrain",
    )
    rows = {r["flavor"]: r for r in pretrain["flavors"]}
    assert list(rows) == ["h100-train", "l40s-infer"]
    assert rows["h100-train"] == {
        "flavor": "h100-train",
        "capacity": "capacity_block",
        "nominal": 48,
        "borrowing_limit": None,
        "lending_limit": 16,
        "usd_per_hour": 330.24,  # 48 x (55.04 $/h per p5.48xlarge / 8 GPUs)
    }
    assert pretrain["nominal_usd_per_hour"] == 330.24 and pretrain["monthly_budget_usd"] == 1_500_000
    inference = _team(s, "inference")
    assert {r["flavor"]: r["borrowing_limit"] for r in inference["flavors"]} == {
        "h100-train": 8,
        "l40s-infer": None,
    }
    assert inference["nominal_usd_per_hour"] == 55.04


def test_cohort_quota_math_adds_up() -> None:
    sched = cached_plan("aws-training").summary["scheduling"]
    cohorts = {c["cohort"]: c for c in sched["cohorts"]}
    assert set(cohorts) == {"llm-train", "research", "product"}
    research = {p["flavor"]: p for p in cohorts["research"]["pools"]}
    assert research["h100-train"] == {
        "flavor": "h100-train",
        "supply": 64,
        "nominal": 56,
        "shared": 0,
        "fits": True,
    }
    assert (
        cohorts["research"]["teams"] == ["pretrain", "evals"] and cohorts["research"]["parent"] == "llm-train"
    )
    root = {p["flavor"]: p for p in cohorts["llm-train"]["pools"]}
    assert root["l40s-infer"]["shared"] == 16  # spot capacity the platform cohort lends to every team
    total = sum(r["nominal"] for t in sched["teams"] for r in t["flavors"] if r["flavor"] == "h100-train")
    assert total == 64  # 48 + 8 + 8: the whole Capacity Block is promised, not more


def test_onprem_summary_uses_the_same_model() -> None:
    sched = cached_plan("onprem").summary["scheduling"]
    assert sched["root_cohort"] == "dc1-gpu" and sched["topologies"] == []
    assert {f["flavor"]: f["capacity"] for f in sched["flavors"]} == {
        "h100-train": "reservation",
        "l40s-infer": "reservation",
    }


def test_text_plan_shows_the_team_table() -> None:
    text = plan_text(cached_plan("gcp-training"), [])
    table = text[text.index("Scheduling (Kueue") :]
    assert "pretrain" in table and "inference-critical" in table
    assert "research (in llm-train): h200-train 24/32 ok, v5p-slice 16/16 ok" in table


@pytest.mark.slow
def test_cli_json_carries_the_scheduling_summary(capsys) -> None:
    assert main(["plan", "gcp-training", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    (stack,) = doc["stacks"]
    sched = stack["summary"]["scheduling"]
    assert [t["team"] for t in sched["teams"]] == ["pretrain", "inference"]
    assert sched["teams"][1]["flavors"][0] == {
        "flavor": "h200-train",
        "capacity": "reservation",
        "nominal": 8,
        "borrowing_limit": 8,
        "lending_limit": None,
        "usd_per_hour": None,  # the catalog has no list price for a3-ultragpu-8g ...
    }
    assert lookup("a3-ultragpu-8g", "gcp").price.usd_per_hour is None
    assert sched["teams"][1]["unpriced_flavors"] == ["h200-train"]  # ... and the plan says so
    assert sched == cached_plan("gcp-training").summary["scheduling"]


def test_field_reference_in_docs_is_generated() -> None:
    from aiinfra.components.scheduling.reference import embed

    from conftest import REPO

    doc = (REPO / "docs" / "scheduling.md").read_text()
    assert embed(doc) == doc, (
        "docs/scheduling.md: run python -m aiinfra.components.scheduling.reference docs/scheduling.md"
    )
    for field in (
        "borrowing_limit",
        "lending_limit",
        "thresholds_percent",
        "team_tag",
        "reclaim_within_cohort",
    ):
        assert f"| `{field}` |" in doc
    assert "| `billing_account` |" not in doc  # refused since budgets became alert rules
