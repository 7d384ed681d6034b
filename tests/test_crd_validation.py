"""The CRD validation helper (tests/crd_validation.py) does what the API server does: defaults, then the
schema with unknown fields refused, then the CEL rules; fixtures pass, fail, hold an unknown value and
spell the same value two ways."""

from __future__ import annotations

import copy

import pytest
from crd_validation import apply_defaults, cel_errors, cel_rules, crd_errors, openapi_schemas

CQ = "kueue.x-k8s.io/v1beta2/ClusterQueue"


def _cluster_queue(**spec) -> dict:
    group = {
        "coveredResources": ["cpu"],
        "flavors": [{"name": "f", "resources": [{"name": "cpu", "nominalQuota": "1"}]}],
    }
    return {
        "apiVersion": "kueue.x-k8s.io/v1beta2",
        "kind": "ClusterQueue",
        "metadata": {"name": "a"},
        "spec": {"resourceGroups": [group], **spec},
    }


def test_every_cel_rule_of_every_vendored_crd_compiles() -> None:
    """No rule is silently left out: each one compiles with cel-python and the Kubernetes functions added."""
    from crd_validation import _program

    rules = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            rules.update(r["rule"] for r in node.get("x-kubernetes-validations", []) or [])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for schema in openapi_schemas().values():
        walk(schema)
    assert len(rules) > 50
    for rule in rules:
        _program(rule)  # raises on a rule cel-python cannot parse or a function it does not know


def test_structural_defaults_are_applied_inside_defaulted_objects() -> None:
    spec = apply_defaults(openapi_schemas()[CQ], _cluster_queue())["spec"]
    assert spec["queueingStrategy"] == "BestEffortFIFO"
    assert spec["preemption"] == {  # default {} and then the defaults of its own properties
        "borrowWithinCohort": {"policy": "Never"},
        "reclaimWithinCohort": "Never",
        "withinClusterQueue": "Never",
    }


def test_a_valid_object_passes() -> None:
    assert crd_errors(_cluster_queue(cohortName="c")) == []


def test_cel_rules_refuse_what_the_schema_alone_lets_through() -> None:
    no_cohort = _cluster_queue()
    no_cohort["spec"]["resourceGroups"][0]["flavors"][0]["resources"][0]["borrowingLimit"] = "1"
    assert crd_errors(no_cohort) == [
        ".spec: CEL rule failed: borrowingLimit must be nil when cohort is empty"
    ]
    short = _cluster_queue(cohortName="c")
    short["spec"]["resourceGroups"][0]["coveredResources"].append("memory")
    assert crd_errors(short) == [
        ".spec.resourceGroups[0]: CEL rule failed: flavors must have the same number of resources as the "
        "coveredResources"
    ]


def test_unknown_fields_are_refused_before_cel_runs() -> None:
    typo = _cluster_queue(cohortName="c")
    typo["spec"]["cohrtName"] = "c"
    assert crd_errors(typo) == [
        "['spec']: Additional properties are not allowed ('cohrtName' was unexpected)"
    ]


@pytest.mark.parametrize(("port", "ok"), [("metrics", True), (8080, True), (0, False)])
def test_int_or_string_port_both_spellings_and_the_zero_port(port, ok: bool) -> None:
    """GMP PodMonitoring's ``self != 0``: a port name and a number are both ports (heterogeneous equality)."""
    obj = {
        "apiVersion": "monitoring.googleapis.com/v1",
        "kind": "PodMonitoring",
        "metadata": {"name": "m", "namespace": "n"},
        "spec": {"selector": {"matchLabels": {"app": "x"}}, "endpoints": [{"port": port, "interval": "30s"}]},
    }
    errors = crd_errors(obj)
    assert (errors == []) is ok, errors
    if not ok:
        assert errors == [".spec.endpoints[0].port: CEL rule failed: Port is required"]


def test_an_evaluation_error_is_a_failure_and_transition_rules_are_skipped() -> None:
    schema = {
        "type": "object",
        "x-kubernetes-validations": [
            {"rule": "self.size > 1", "message": "size above one"},
            {"rule": "self == oldSelf", "message": "immutable"},
        ],
    }
    [error] = cel_errors(schema, {"other": 1})
    assert error.startswith(".: CEL rule failed: size above one (evaluation error: ")
    assert cel_errors(schema, {"size": 2}) == []


def test_rules_of_absent_optional_fields_do_not_run() -> None:
    obj = _cluster_queue(cohortName="c")
    paths = {path for path, _, _ in cel_rules(openapi_schemas()[CQ], obj)}
    assert ".spec.flavorFungibility" not in paths and ".spec.resourceGroups[0]" in paths
    with_defaults = apply_defaults(openapi_schemas()[CQ], copy.deepcopy(obj))
    assert ".spec.flavorFungibility" in {p for p, _, _ in cel_rules(openapi_schemas()[CQ], with_defaults)}
