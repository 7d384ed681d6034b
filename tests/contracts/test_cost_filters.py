"""Wiring contract: every budget or cost filter selects something the plan creates that carries the
filtered key and value where billing sees it, and (AWS) the key is an active cost-allocation tag.

Where billing sees a key, per resource (the "carriers"):
- AWS instances: the instance tags of a launch template (``tagSpecifications`` with
  ``resourceType: instance``) or an ``aws.ec2.Instance``'s tags. An EKS node group's own ``tags``
  are not propagated to its instances (EKS user guide, "Tagging your Amazon EKS resources": node
  group tags are not propagated to the EC2 instances), so they are no carrier.
- GCP: a node pool's ``nodeConfig.resourceLabels`` (the VMs' labels in the billing export) and a
  cluster's ``resourceLabels``; Kubernetes labels reach the billing export only with GKE cost
  allocation (``costManagementConfig.enabled``), as ``k8s-label/<key>`` (unverified against a live
  billing export), so a namespace label counts there only then.

Issue 24 point 12 is what this caught: the team budgets filtered on ``aiinfra-team``, which no instance
or node pool carries (and AWS never activated it). Per-team cloud budgets are gone (teams share nodes
through Kueue); a team budget is now an alert rule over OpenCost's per-namespace series
(components/observability/budgets.py). Any cloud budget a stack creates is judged, and so is every
budget rule's namespace matcher: it must name a Namespace the plan creates, labelled with the team.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import promql_parser as pp
import pytest
import yaml

from .plans import NAMESPACE, STACKS, metadata, of_type
from .test_rules_promtool import AMP_RULES, GCP_POLICY

AWS_BUDGET = "aws:budgets/budget:Budget"
GCP_BUDGET = "gcp:billing/budget:Budget"
ALLOCATION_TAG = "aws:costexplorer/costAllocationTag:CostAllocationTag"


def filters(stack: str) -> Iterator[tuple[str, str, str, str]]:
    """(budget, cloud, key, value) for every tag/label filter of every budget."""
    for b in of_type(stack, AWS_BUDGET):
        for f in b.inputs.get("costFilters") or []:
            if f.get("name") == "TagKeyValue":
                for v in f.get("values") or []:
                    key, _, value = v.removeprefix("user:").partition("$")
                    yield b.name, "aws", key, value
    for b in of_type(stack, GCP_BUDGET):
        for key, value in ((b.inputs.get("budgetFilter") or {}).get("labels") or {}).items():
            yield b.name, "gcp", key, value


def carriers(stack: str, cloud: str) -> list[tuple[str, dict[str, str]]]:
    """(resource, the tags/labels billing sees on it) for the cloud's billed resources."""
    out = []
    if cloud == "aws":
        for lt in of_type(stack, "aws:ec2/launchTemplate:LaunchTemplate"):
            for spec in lt.inputs.get("tagSpecifications") or []:
                if spec.get("resourceType") == "instance":
                    out.append((lt.name, dict(spec.get("tags") or {})))
        out += [
            (r.name, dict(r.inputs.get("tags") or {})) for r in of_type(stack, "aws:ec2/instance:Instance")
        ]
    else:
        for np in of_type(stack, "gcp:container/nodePool:NodePool"):
            out.append((np.name, dict((np.inputs.get("nodeConfig") or {}).get("resourceLabels") or {})))
        allocation = False
        for c in of_type(stack, "gcp:container/cluster:Cluster"):
            out.append((c.name, dict(c.inputs.get("resourceLabels") or {})))
            allocation |= bool((c.inputs.get("costManagementConfig") or {}).get("enabled"))
        if allocation:
            out += [(ns.name, dict(metadata(ns).get("labels") or {})) for ns in of_type(stack, NAMESPACE)]
    return out


def problems(stack: str) -> list[str]:
    """Every filter that selects nothing, or whose AWS tag is never activated for cost allocation."""
    out = []
    active = {
        r.inputs.get("tagKey") for r in of_type(stack, ALLOCATION_TAG) if r.inputs.get("status") == "Active"
    }
    for budget, cloud, key, value in filters(stack):
        if not any(tags.get(key) == value for _, tags in carriers(stack, cloud)):
            out.append(f"{budget}: filter {key}={value} selects nothing billing sees carrying it")
        if cloud == "aws" and key not in active:
            out.append(
                f"{budget}: tag {key!r} is not an active cost-allocation tag (Cost Explorer ignores it)"
            )
    return out


@pytest.mark.parametrize("stack", STACKS)
def test_every_budget_filter_selects_a_carrier(stack: str) -> None:
    found = problems(stack)
    assert not found, "\n".join(found)


def test_a_filter_on_a_key_an_instance_carries_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The contract's own fixture: a launch template tagging instances team=a, activated."""

    class R:
        def __init__(self, type_: str, name: str, inputs: dict[str, Any]) -> None:
            self.type, self.name, self.inputs = type_, name, inputs

    fake = [
        R(AWS_BUDGET, "b", {"costFilters": [{"name": "TagKeyValue", "values": ["user:team$a"]}]}),
        R(
            "aws:ec2/launchTemplate:LaunchTemplate",
            "lt",
            {"tagSpecifications": [{"resourceType": "instance", "tags": {"team": "a"}}]},
        ),
        R("aws:eks/nodeGroup:NodeGroup", "ng", {"tags": {"team": "b"}}),
        R(ALLOCATION_TAG, "t", {"tagKey": "team", "status": "Active"}),
    ]
    monkeypatch.setattr(
        sys.modules[__name__], "of_type", lambda stack, *types: [r for r in fake if r.type in types]
    )
    assert problems("fake") == []
    fake[0].inputs["costFilters"][0]["values"] = ["user:team$b"]  # only the node group says b
    assert problems("fake") == ["b: filter team=b selects nothing billing sees carrying it"]
    # the budget the platform used to create per team: a tag no instance carries, never activated
    fake[0].inputs["costFilters"][0]["values"] = ["user:aiinfra-team$evals"]
    assert problems("fake") == [
        "b: filter aiinfra-team=evals selects nothing billing sees carrying it",
        "b: tag 'aiinfra-team' is not an active cost-allocation tag (Cost Explorer ignores it)",
    ]


def test_a_gke_label_filter_needs_a_node_pool_carrying_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """GCP: node pool resource labels are billed; a Kubernetes namespace label only with cost allocation."""

    class R:
        def __init__(self, type_: str, name: str, inputs: dict[str, Any]) -> None:
            self.type, self.name, self.inputs = type_, name, inputs

    fake = [
        R(
            "gcp:container/nodePool:NodePool",
            "np",
            {"nodeConfig": {"resourceLabels": {"aiinfra-pool": "h200"}}},
        ),
        R(GCP_BUDGET, "seen", {"budgetFilter": {"labels": {"aiinfra-pool": "h200"}}}),
        R(GCP_BUDGET, "unseen", {"budgetFilter": {"labels": {"aiinfra-team": "pretrain"}}}),
    ]
    monkeypatch.setattr(
        sys.modules[__name__], "of_type", lambda stack, *types: [r for r in fake if r.type in types]
    )
    assert problems("fake") == [
        "unseen: filter aiinfra-team=pretrain selects nothing billing sees carrying it"
    ]


BUDGET_ALERT = "TeamBudgetProjectedOverrun"
NAMESPACE_LABELS = ("namespace", "exported_namespace")


def budget_rule_matchers(stack: str) -> list[tuple[str, str, set[str]]]:
    """(rule, team label, namespaces its selectors match) for every budget alert rule of the stack."""
    rules = []
    for r in of_type(stack, AMP_RULES):
        for group in yaml.safe_load(r.inputs["data"])["groups"]:
            rules += [
                (r.name, x["labels"]["team"], x["expr"]) for x in group["rules"] if x["alert"] == BUDGET_ALERT
            ]
    for r in of_type(stack, GCP_POLICY):
        for cond in r.inputs.get("conditions") or []:
            q = cond["conditionPrometheusQueryLanguage"]
            if q["alertRule"] == BUDGET_ALERT:
                rules.append((r.name, q["labels"]["team"], q["query"]))
    return [(name, team, _namespaces(pp.parse(expr))) for name, team, expr in rules]


def _namespaces(e: Any) -> set[str]:
    """The values of every namespace matcher in a parsed expression (``a|b`` split)."""
    out: set[str] = set()
    if isinstance(e, pp.VectorSelector):
        for m in e.matchers.matchers:
            if m.name in NAMESPACE_LABELS:
                out.update(m.value.split("|"))
    for attr in ("expr", "lhs", "rhs", "vector_selector"):
        if getattr(e, attr, None) is not None:
            out |= _namespaces(getattr(e, attr))
    for a in getattr(e, "args", None) or []:
        out |= _namespaces(a)
    return out


@pytest.mark.parametrize("stack", STACKS)
def test_every_budget_rule_selects_a_team_namespace(stack: str) -> None:
    """A budget rule's namespace matcher names a Namespace the plan creates, labelled ``team=<team>``."""
    created = {
        metadata(ns).get("name"): (metadata(ns).get("labels") or {}) for ns in of_type(stack, NAMESPACE)
    }
    found = []
    for rule, team, namespaces in budget_rule_matchers(stack):
        if not namespaces:
            found.append(f"{rule}: selects no namespace")
        for ns in sorted(namespaces):
            if created.get(ns, {}).get("team") != team:
                found.append(f"{rule}: namespace {ns!r} is not a Namespace of the plan labelled team={team}")
    assert not found, "\n".join(found)


def test_budget_rules_are_judged() -> None:
    """The shipped stacks with budgets have budget rules (the contract above is not vacuous)."""
    judged = {s: budget_rule_matchers(s) for s in ("aws-training", "gcp-training")}
    assert all(judged.values()) and all(ns for rules in judged.values() for _, _, ns in rules)
