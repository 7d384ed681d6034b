"""Every budget's filter selects something that is billed and carries the filtered key.

AWS Budgets filter ``TagKeyValue`` on the tags of billed resources (for accelerator spend: the EC2
instances, tagged through their launch template's ``tagSpecifications``); Cloud Billing budgets
filter ``labels`` on resource labels (GKE nodes: the node pool's ``nodeConfig.resourceLabels``). A
filter on a key no such resource carries measures $0, silently: teams share nodes through Kueue, so
a team tag on a node can never exist. This contract judges the recorded plan of every shipped stack.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import cached_plan

STACKS = ("aws-training", "gcp-training", "gcp-tpu-inference", "onprem", "hybrid-gcp", "hybrid-aws")
AWS_BUDGET = "aws:budgets/budget:Budget"
GCP_BUDGET = "gcp:billing/budget:Budget"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
GKE_NODE_POOL = "gcp:container/nodePool:NodePool"


def billed_tags(resources: list[Any]) -> set[tuple[str, str]]:
    """(key, value) pairs carried by EC2 instances (launch templates) and GKE nodes (node pools)."""
    out: set[tuple[str, str]] = set()
    for r in resources:
        if r.type == LAUNCH_TEMPLATE:
            for spec in r.inputs.get("tagSpecifications") or []:
                if spec.get("resourceType") == "instance":
                    out |= set((spec.get("tags") or {}).items())
        elif r.type == GKE_NODE_POOL:
            out |= set(((r.inputs.get("nodeConfig") or {}).get("resourceLabels") or {}).items())
    return out


def unmatched_filters(resources: list[Any]) -> list[str]:
    """Budget filters that select no billed resource (empty: every filter sees spend)."""
    carried = billed_tags(resources)
    problems = []
    for r in resources:
        if r.type == AWS_BUDGET:
            for f in r.inputs.get("costFilters") or []:
                if f.get("name") != "TagKeyValue":
                    continue
                for value in f.get("values") or []:
                    key, _, tag_value = value.removeprefix("user:").partition("$")
                    if (key, tag_value) not in carried:
                        problems.append(f"{r.name}: TagKeyValue {value!r} is on no EC2 instance of the plan")
        elif r.type == GCP_BUDGET:
            for key, value in ((r.inputs.get("budgetFilter") or {}).get("labels") or {}).items():
                if (key, value) not in carried:
                    problems.append(f"{r.name}: label {key}={value} is on no GKE node of the plan")
    return problems


@pytest.mark.parametrize("stack", STACKS)
def test_every_budget_filter_selects_billed_resources(stack: str) -> None:
    assert unmatched_filters(cached_plan(stack).run.resources) == []


class _R:
    def __init__(self, type_: str, name: str, inputs: dict[str, Any]) -> None:
        self.type, self.name, self.inputs = type_, name, inputs


_TEMPLATE = _R(
    LAUNCH_TEMPLATE,
    "lt",
    {
        "tagSpecifications": [
            {"resourceType": "instance", "tags": {"team": "ml-platform", "aiinfra:pool": "a"}}
        ]
    },
)


def _aws_budget(value: str) -> _R:
    return _R(AWS_BUDGET, "b", {"costFilters": [{"name": "TagKeyValue", "values": [value]}]})


def test_checker_refuses_a_team_tag_no_instance_carries() -> None:
    assert unmatched_filters([_TEMPLATE, _aws_budget("user:aiinfra-team$evals")]) == [
        "b: TagKeyValue 'user:aiinfra-team$evals' is on no EC2 instance of the plan"
    ]


def test_checker_accepts_a_tag_the_instances_carry() -> None:
    assert unmatched_filters([_TEMPLATE, _aws_budget("user:team$ml-platform")]) == []


def test_checker_ignores_tags_on_unbilled_resources_and_volumes() -> None:
    volume_only = _R(
        LAUNCH_TEMPLATE,
        "lt",
        {"tagSpecifications": [{"resourceType": "volume", "tags": {"aiinfra-team": "x"}}]},
    )
    assert unmatched_filters([volume_only, _aws_budget("user:aiinfra-team$x")]) != []


def test_checker_judges_gke_label_filters() -> None:
    pool = _R(GKE_NODE_POOL, "np", {"nodeConfig": {"resourceLabels": {"aiinfra-pool": "h200"}}})
    seen = _R(GCP_BUDGET, "g", {"budgetFilter": {"labels": {"aiinfra-pool": "h200"}}})
    unseen = _R(GCP_BUDGET, "g2", {"budgetFilter": {"labels": {"aiinfra-team": "pretrain"}}})
    assert unmatched_filters([pool, seen, unseen]) == [
        "g2: label aiinfra-team=pretrain is on no GKE node of the plan"
    ]
