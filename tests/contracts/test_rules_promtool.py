"""Every rule group the platform ships passes the real ``promtool check rules``, and the AMP
collector's scrape configuration passes ``promtool check config``.

Rule groups: kube-prometheus-stack ``PrometheusRule`` objects, AMP rule group namespaces, and the
GCP alert policies' PromQL conditions rebuilt as the group they stand for (name, expr, for).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from . import upstream_tools
from .plans import STACKS, custom_resources, of_type

AMP_RULES = "aws:amp/ruleGroupNamespace:RuleGroupNamespace"
GCP_POLICY = "gcp:monitoring/alertPolicy:AlertPolicy"
SCRAPER = "aws:amp/scraper:Scraper"


def rule_files(stack: str) -> dict[str, dict[str, Any]]:
    """Resource name -> a Prometheus rule file ({"groups": [...]}) the stack ships."""
    out: dict[str, dict[str, Any]] = {}
    for r in custom_resources(stack, "PrometheusRule"):
        out[r.name] = {"groups": (r.inputs.get("spec") or {}).get("groups", [])}
    for r in of_type(stack, AMP_RULES):
        out[r.name] = yaml.safe_load(r.inputs["data"])
    gcp: dict[str, list[dict[str, Any]]] = {}
    for r in of_type(stack, GCP_POLICY):
        for cond in r.inputs.get("conditions") or []:
            q = cond["conditionPrometheusQueryLanguage"]
            rule = {"alert": q["alertRule"], "expr": q["query"], "for": q["duration"]}
            gcp.setdefault(q["ruleGroup"], []).append(rule)
    if gcp:
        out["gcp-alert-policies"] = {"groups": [{"name": g, "rules": rules} for g, rules in gcp.items()]}
    return out


def test_every_stack_ships_rules_that_are_judged() -> None:
    assert all(rule_files(s) for s in STACKS), [s for s in STACKS if not rule_files(s)]


@pytest.mark.parametrize("stack", STACKS)
def test_rule_groups_pass_promtool(stack: str, tmp_path: Path) -> None:
    failures = []
    for name, content in rule_files(stack).items():
        assert content["groups"], f"{name}: no rule groups"
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(content, sort_keys=False))
        result = upstream_tools.run("promtool", "check", "rules", path)
        if result.returncode != 0:
            failures.append(f"{name}: {(result.stdout + result.stderr).strip()}")
    assert not failures, "\n".join(failures)


def without_kubernetes_sd(text: str) -> str:
    """The scrape configuration with each ``kubernetes_sd_configs`` replaced by one static target:
    Debian's promtool is built without Kubernetes service discovery (it refuses the field), so the
    rest of every job (authorization, TLS, relabelling, honor_labels) is what it can judge."""
    config = yaml.safe_load(text)
    for job in config["scrape_configs"]:
        if job.pop("kubernetes_sd_configs", None) is not None:
            job["static_configs"] = [{"targets": ["target.invalid:443"]}]
    return yaml.safe_dump(config, sort_keys=False)


@pytest.mark.parametrize("stack", [s for s in STACKS if s.startswith(("aws", "hybrid-aws"))])
def test_amp_scrape_configuration_passes_promtool(stack: str, tmp_path: Path) -> None:
    scrapers = of_type(stack, SCRAPER)
    assert scrapers
    for r in scrapers:
        path = tmp_path / "prometheus.yml"
        path.write_text(without_kubernetes_sd(r.inputs["scrapeConfiguration"]))
        result = upstream_tools.run("promtool", "check", "config", "--syntax-only", path)
        assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_refuses_a_broken_rule(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        yaml.safe_dump({"groups": [{"name": "g", "rules": [{"alert": "A", "expr": "sum by (x"}]}]})
    )
    assert upstream_tools.run("promtool", "check", "rules", path).returncode != 0
