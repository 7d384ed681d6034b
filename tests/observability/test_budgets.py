"""Team budget alerts: the exact rule per team and threshold in each shipped stack's alert path, the
namespace label per backend, and what the rule computes, evaluated by the real ``promtool test rules``.

Issue 24 point 12: before this, a team's ``budget`` created nothing (the plan said "no billing
alert created"); on that code ``test_every_budgeted_team_has_one_rule_per_threshold`` finds no
``TeamBudgetProjectedOverrun`` rule in aws-training or gcp-training.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from contracts import upstream_tools
from contracts.plans import of_type

from aiinfra.components.observability.budgets import (
    ALERT,
    TeamBudget,
    budget_alert_text,
    budget_rules,
    projected_monthly_expr,
)
from aiinfra.components.observability.build import budget_backend, check_budgets
from aiinfra.components.observability.spec import ObservabilitySpec
from aiinfra.components.scheduling.spec import SchedulingSpec
from aiinfra.stacks import load_stack

from conftest import REPO

AMP_RULES = "aws:amp/ruleGroupNamespace:RuleGroupNamespace"
GCP_POLICY = "gcp:monitoring/alertPolicy:AlertPolicy"

# The exact projection for one namespace, as written in docs/audit-and-cost.md.
AWS_INFERENCE = (
    "sum_over_time((sum by (namespace) ("
    'label_replace(sum by (namespace, node) (container_cpu_allocation{namespace="team-inference"}) '
    '* on (node) group_left () max by (node) (node_cpu_hourly_cost), "resource", "cpu", "node", ".*") '
    'or label_replace(sum by (namespace, node) (container_memory_allocation_bytes{namespace="team-inference"}) '
    "/ 1073741824 * on (node) group_left () max by (node) (node_ram_hourly_cost), "
    '"resource", "ram", "node", ".*") '
    'or label_replace(sum by (namespace, node) (container_gpu_allocation{namespace="team-inference"}) '
    '* on (node) group_left () max by (node) (node_gpu_hourly_cost), "resource", "gpu", "node", ".*")'
    "))[24h:5m]) / 288 * 730"
)


def _budget_rules(stack: str) -> list[dict[str, Any]]:
    """The stack's TeamBudgetProjectedOverrun rules as {team, percent, expr, for, severity}."""
    out = []
    for r in of_type(stack, AMP_RULES):
        for group in yaml.safe_load(r.inputs["data"])["groups"]:
            for rule in group["rules"]:
                if rule["alert"] == ALERT:
                    labels = rule["labels"]
                    out.append(
                        {
                            "team": labels["team"],
                            "percent": int(labels["threshold_percent"]),
                            "expr": rule["expr"],
                            "for": rule["for"],
                            "severity": labels["severity"],
                        }
                    )
    for r in of_type(stack, GCP_POLICY):
        for cond in r.inputs["conditions"]:
            q = cond["conditionPrometheusQueryLanguage"]
            if q["alertRule"] == ALERT:
                out.append(
                    {
                        "team": q["labels"]["team"],
                        "percent": int(q["labels"]["threshold_percent"]),
                        "expr": q["query"],
                        "for": q["duration"],
                        "severity": q["labels"]["severity"],
                        "channels": r.inputs.get("notificationChannels"),
                    }
                )
    return out


def _budgets(stack: str) -> dict[str, tuple[str, int, tuple[int, ...]]]:
    """Team -> (namespace, monthly_usd, thresholds) from the stack file."""
    config = load_stack(str(REPO / "stacks" / f"Pulumi.{stack}.yaml")).config
    (raw,) = [v["scheduling"] for v in config.values() if isinstance(v, dict) and "scheduling" in v]
    return {
        t.name: (t.ns, t.budget.monthly_usd, t.budget.thresholds_percent)
        for t in SchedulingSpec.model_validate(raw).teams
        if t.budget is not None
    }


@pytest.mark.parametrize(
    ("stack", "label"), [("aws-training", "namespace"), ("gcp-training", "exported_namespace")]
)
def test_every_budgeted_team_has_one_rule_per_threshold(stack: str, label: str) -> None:
    budgets = _budgets(stack)
    assert budgets, f"{stack} ships no team budget"
    found = {(r["team"], r["percent"]): r for r in _budget_rules(stack)}
    expected = {(team, pct) for team, (_, _, pcts) in budgets.items() for pct in pcts}
    assert set(found) == expected
    for (team, pct), rule in found.items():
        ns, monthly, _ = budgets[team]
        assert rule["expr"] == f"{projected_monthly_expr([ns], label)} > {monthly * pct / 100:g}"
        assert f'{label}="{ns}"' in rule["expr"]
        assert rule["severity"] == ("critical" if pct >= 100 else "warning")
        assert rule["for"] in ("30m", "1800s")


def test_aws_training_inference_rule_is_exact() -> None:
    rules = {(r["team"], r["percent"]): r["expr"] for r in _budget_rules("aws-training")}
    assert rules[("inference", 80)] == f"{AWS_INFERENCE} > 200000"  # 80 % of $250,000
    assert rules[("inference", 100)] == f"{AWS_INFERENCE} > 250000"


def test_gcp_policies_notify_the_platform_channel() -> None:
    rules = _budget_rules("gcp-training")
    assert rules and all(r["channels"] and len(r["channels"]) == 1 for r in rules)
    # GMP stamps the OpenCost pod's namespace: the team's is exported_namespace, never namespace
    assert all('{exported_namespace="team-' in r["expr"] for r in rules)
    assert not any('{namespace="' in r["expr"] or "(namespace" in r["expr"] for r in rules)


def test_namespace_label_per_backend() -> None:
    b = [TeamBudget("a", ("team-a",), 1000, (80,))]
    assert 'namespace="team-a"' in budget_rules(b, "aws")[0].expr
    assert 'exported_namespace="team-a"' in budget_rules(b, "gcp")[0].expr
    onprem = budget_rules(b, "onprem")[0]
    assert 'namespace="team-a"' in onprem.expr and "exported_" not in onprem.expr
    # two namespaces: one regular expression matcher
    assert 'namespace=~"team-a|team-a-serve"' in projected_monthly_expr(
        ["team-a", "team-a-serve"], "namespace"
    )


def test_rule_labels_and_delivery_text() -> None:
    rule = budget_rules([TeamBudget("a", ("team-a",), 1000, (50, 100), ("o@x.io",))], "aws")
    assert [r.prometheus()["labels"] for r in rule] == [
        {"severity": "warning", "source": "aiinfra", "team": "a", "threshold_percent": "50"},
        {"severity": "critical", "source": "aiinfra", "team": "a", "threshold_percent": "100"},
    ]
    assert [r.ident for r in rule] == [f"{ALERT}-a-50", f"{ALERT}-a-100"]
    assert "o@x.io" in rule[0].meaning
    assert "SNS" in budget_alert_text((80,), "aws")
    assert "Pub/Sub" in budget_alert_text((80,), "gcp") and "exported_namespace" in budget_alert_text(
        (80,), "gcp"
    )
    assert "Alertmanager" in budget_alert_text((80,), "onprem")


def _scheduling(**budget: Any) -> SchedulingSpec:
    return SchedulingSpec(
        teams=[
            {
                "name": "t",
                "quotas": {"p": 1},
                "budget": {"monthly_usd": 10, "alert_emails": ["o@x.io"], **budget},
            }
        ]
    )


@pytest.mark.parametrize(
    ("obs", "why"),
    [
        ({"enabled": False}, "observability.enabled is false"),
        ({"cost": {"enabled": False}}, "observability.cost.enabled is false"),
    ],
)
def test_a_budget_nothing_evaluates_is_refused(obs: dict[str, Any], why: str) -> None:
    spec = ObservabilitySpec(**obs)
    assert budget_backend(spec, "aws") == (None, budget_backend(spec, "aws")[1])
    with pytest.raises(
        ValueError, match=rf"^scheduling\.teams\[0\]\.budget: team 't' has a budget but {why}"
    ):
        check_budgets(_scheduling(), spec, "aws")
    check_budgets(_scheduling(), ObservabilitySpec(), "gcp")  # both on: accepted


def test_an_onprem_budget_needs_internal_rates() -> None:
    """On-prem OpenCost prices nodes from observability.cost.onprem_* (default 0): $0 never fires."""
    with pytest.raises(ValueError, match=r"onprem_\*_usd_per_hour are all 0 \(every node costs \$0\)"):
        check_budgets(_scheduling(), ObservabilitySpec(), "onprem")
    check_budgets(_scheduling(), ObservabilitySpec(cost={"onprem_gpu_usd_per_hour": 2.5}), "onprem")


# promtool evaluates the rule on synthetic OpenCost series: team-a runs 2 vCPU at $0.05, 4 GiB at
# $0.025/GiB and 1 GPU at $1.00 on n1 ($1.20/h, $876 a month); team-b only 2 vCPU ($0.10/h, $73).
PROMTOOL_TEST = {
    "evaluation_interval": "5m",
    "tests": [
        {
            "interval": "5m",
            "input_series": [
                {
                    "series": 'node_cpu_hourly_cost{node="n1",instance="n1",arch="amd64"}',
                    "values": "0.05x300",
                },
                {
                    "series": 'node_ram_hourly_cost{node="n1",instance="n1",arch="amd64"}',
                    "values": "0.025x300",
                },
                {"series": 'node_gpu_hourly_cost{node="n1",instance="n1",arch="amd64"}', "values": "1x300"},
                {
                    "series": 'container_cpu_allocation{namespace="team-a",pod="p",container="c",node="n1"}',
                    "values": "2x300",
                },
                {
                    "series": 'container_memory_allocation_bytes{namespace="team-a",pod="p",container="c",node="n1"}',
                    "values": "4294967296x300",
                },
                {
                    "series": 'container_gpu_allocation{namespace="team-a",pod="p",container="c",node="n1"}',
                    "values": "1x300",
                },
                {
                    "series": 'container_cpu_allocation{namespace="team-b",pod="q",container="c",node="n1"}',
                    "values": "2x300",
                },
            ],
            "alert_rule_test": [
                {
                    "eval_time": "25h",
                    "alertname": ALERT,
                    "exp_alerts": [
                        {
                            "exp_labels": {
                                "namespace": "team-a",
                                "team": "a",
                                "threshold_percent": "80",
                                "severity": "warning",
                                "source": "aiinfra",
                            }
                        },
                        {
                            "exp_labels": {
                                "namespace": "team-b",
                                "team": "b",
                                "threshold_percent": "80",
                                "severity": "warning",
                                "source": "aiinfra",
                            }
                        },
                    ],
                },
                # after 12 h the 24 h mean is half: $438 and $36.5 a month, under both thresholds
                {"eval_time": "12h", "alertname": ALERT, "exp_alerts": []},
            ],
        }
    ],
}


def test_promtool_evaluates_the_projection(tmp_path: Path) -> None:
    """$876 projected: over 80 % of $1,000 ($800), not over 100 %; team-b (CPU only, $73) over 80 %
    of $90 ($72) but not 100 %: a team without GPU series still has a cost."""
    rules = budget_rules(
        [TeamBudget("a", ("team-a",), 1000, (80, 100)), TeamBudget("b", ("team-b",), 90, (80, 100))], "onprem"
    )
    (tmp_path / "rules.yaml").write_text(
        yaml.safe_dump({"groups": [{"name": "g", "rules": [r.prometheus() for r in rules]}]}, sort_keys=False)
    )
    firing = {
        (r.prometheus()["labels"]["team"], r.prometheus()["labels"]["threshold_percent"]): r for r in rules
    }
    for alert in PROMTOOL_TEST["tests"][0]["alert_rule_test"][0]["exp_alerts"]:
        labels = alert["exp_labels"]
        alert["exp_annotations"] = firing[labels["team"], labels["threshold_percent"]].prometheus()[
            "annotations"
        ]
    (tmp_path / "test.yaml").write_text(yaml.safe_dump({"rule_files": ["rules.yaml"], **PROMTOOL_TEST}))
    result = upstream_tools.run("promtool", "test", "rules", tmp_path / "test.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_onprem_budget_is_a_prometheus_rule(tmp_path: Path) -> None:
    """On-prem: a budgeted team's rules land in the PrometheusRule Alertmanager routes, on ``namespace``."""
    from aiinfra.plan import plan_stack

    doc = yaml.safe_load((REPO / "stacks" / "Pulumi.onprem.yaml").read_text())
    platform = doc["config"]["aiinfra:platform"]
    platform["scheduling"]["teams"][1]["budget"] = {"monthly_usd": 50000, "alert_emails": ["s@example.com"]}
    platform["observability"].setdefault("cost", {})["onprem_gpu_usd_per_hour"] = 2.5
    path = tmp_path / "Pulumi.onprem-budget.yaml"
    path.write_text(yaml.safe_dump(doc))
    plan = plan_stack(str(path), root=REPO)
    (rule,) = [r for r in plan.run.resources if r.type.endswith(":PrometheusRule")]
    budget = [x for g in rule.inputs["spec"]["groups"] for x in g["rules"] if x["alert"] == ALERT]
    assert [(x["labels"]["team"], x["labels"]["threshold_percent"]) for x in budget] == [
        ("serving", "80"),
        ("serving", "100"),
    ]
    assert budget[0]["expr"] == f"{projected_monthly_expr(['team-serving'], 'namespace')} > 40000"
    teams = {t["team"]: t for t in plan.summary["scheduling"]["teams"]}
    assert "PrometheusRule aiinfra-alerts -> Alertmanager" in teams["serving"]["budget_alert"]
    assert teams["research"]["budget_alert"] is None


@pytest.mark.parametrize(("stack", "scope"), [("gcp-training", "GMP"), ("aws-training", "AMP")])
def test_only_the_backends_own_namespace_label_survives_the_scrape(stack: str, scope: str) -> None:
    """The query-label contract judges the budget rule: on GMP ``namespace`` is the OpenCost pod's
    (clobbered) and the team's is ``exported_namespace``; on AMP the job honors labels."""
    from contracts.promql_labels import label_problems
    from contracts.test_query_labels import lookup_for

    lookup = lookup_for(stack, scope)
    right = "exported_namespace" if scope == "GMP" else "namespace"
    wrong = "namespace" if scope == "GMP" else "exported_namespace"
    assert label_problems(projected_monthly_expr(["team-x"], right), lookup) == []
    problems = label_problems(projected_monthly_expr(["team-x"], wrong), lookup)
    assert problems and all(repr(wrong) in p for p in problems)
