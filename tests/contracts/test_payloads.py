"""Every JSON/YAML payload a shipped stack sends inside a string or Helm ``values`` uses only key
paths its service knows (facts in components/payloads/facts/, with their source commits)."""

from __future__ import annotations

import json

import helm_values
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiinfra.components.payloads import keypaths, registry
from aiinfra.stacks import stack_names

from conftest import cached_plan

HELM = "kubernetes:helm.sh/v3:Release"
ADDON = "aws:eks/addon:Addon"
STACKS = stack_names()


def _payloads(stack: str) -> tuple[list, list]:
    resources = cached_plan(stack).run.resources
    return [r for r in resources if r.type == HELM], [r for r in resources if r.type == ADDON]


def _problems(stack: str) -> list[str]:
    releases, addons = _payloads(stack)
    out = []
    for r in releases:
        out += [
            f"{stack}/{r.name}: {p}"
            for p in registry.helm_values_problems(
                r.inputs["chart"], r.inputs["version"], r.inputs.get("values")
            )
        ]
    for r in addons:
        raw = r.inputs.get("configurationValues")
        out += [
            f"{stack}/{r.name}: {p}"
            for p in registry.addon_problems(
                r.inputs["addonName"], r.inputs.get("addonVersion"), json.loads(raw) if raw else None
            )
        ]
    return out


def test_eight_stacks_are_walked() -> None:
    assert len(STACKS) == 8, STACKS


@pytest.mark.parametrize("stack", STACKS)
def test_every_helm_release_and_eks_addon_payload_is_known(stack: str) -> None:
    assert _problems(stack) == []


def test_coverage_counts() -> None:
    """The walk sees every Helm release and EKS add-on of the eight stacks (72 releases of 20 chart versions,
    15 add-ons; the rack-scale stacks add the NVIDIA DRA driver chart)."""
    releases = sum(len(_payloads(s)[0]) for s in STACKS)
    addons = sum(len(_payloads(s)[1]) for s in STACKS)
    charts = {(r.inputs["chart"], r.inputs["version"]) for s in STACKS for r in _payloads(s)[0]}
    assert (releases, addons, len(charts)) == (72, 15, 20)
    assert all(
        r.inputs.get("addonVersion")
        for s in STACKS
        for r in _payloads(s)[1]
        if r.inputs["addonName"] in ("vpc-cni", "kube-proxy", "coredns")
    )


def test_the_old_vpc_cni_payload_is_refused() -> None:
    """{"enableEfaOnly": true} is no key of the VPC CNI add-on: CreateAddon would have failed."""
    problems = registry.addon_problems("vpc-cni", "v1.20.1-eksbuild.3", {"enableEfaOnly": True})
    assert len(problems) == 1
    assert "'enableEfaOnly'" in problems[0] and "vpc-cni v1.20.1-eksbuild.3" in problems[0]
    assert "github.com/aws/amazon-vpc-cni-k8s v1.20.1" in problems[0]
    assert (
        registry.addon_problems(
            "vpc-cni", "v1.20.1-eksbuild.3", {"env": {"ENABLE_PREFIX_DELEGATION": "true"}}
        )
        == []
    )


def test_addon_without_recorded_keys_refuses_any_configuration() -> None:
    [problem] = registry.addon_problems("coredns", "v1.14.3-eksbuild.3", {"replicaCount": 3})
    assert "no configuration key paths recorded" in problem and registry.FACTS_DIR in problem


def test_unknown_chart_says_where_to_record_it() -> None:
    [problem] = registry.helm_values_problems("kueue", "0.14.1", {"managerConfig": {}})
    assert problem.startswith("Helm chart kueue 0.14.1: no key-path facts recorded")
    assert "components/payloads/facts/" in problem and "aiinfra.components.payloads.derive" in problem


def test_unknown_version_lists_recorded_ones() -> None:
    [problem] = registry.helm_values_problems("gpu-operator", "v26.3.3", {})
    assert "recorded versions: v26.7.0" in problem


def test_typo_names_chart_version_and_path() -> None:
    values = {"driver": {"upgradePolicy": {"drain": {"enabled": True}}}, "cdi": {"enabled": True}}
    assert registry.helm_values_problems("gpu-operator", "v26.7.0", values) == [
        "Helm chart gpu-operator v26.7.0: unknown values key path 'driver.upgradePolicy.drain.enabled' "
        "(not in values.yaml at github.com/NVIDIA/gpu-operator v26.7.0, commit "
        + registry.charts()[("gpu-operator", "v26.7.0")].commit[:12]
        + ")"
    ]


def test_oci_chart_references_resolve_to_the_chart_name() -> None:
    assert registry.chart_name("oci://public.ecr.aws/neuron/neuron-helm-chart") == "neuron-helm-chart"


# Charts whose values.yaml is empty upstream (kserve/kserve charts/kserve-crd/values.yaml at v0.20.0):
# no key path is known, so a release of them may send no values at all.
VALUELESS = {("kserve-crd", "v0.20.0")}


def test_every_fact_records_its_source() -> None:
    for key, facts in registry.charts().items():
        assert len(facts.commit) == 40 and facts.date[:2] == "20" and facts.source.startswith("github.com/")
        if key in VALUELESS:
            assert facts.key_paths.unknown({"crds": {"enabled": True}}) == ["crds"]
        else:
            assert len(facts.key_paths) > 5
    for facts in registry.addons().values():
        assert facts.version_source
        if facts.basis != "none":
            assert len(facts.commit) == 40


def test_subchart_values_are_under_their_alias() -> None:
    """network-operator vendors node-feature-discovery; Helm passes its values under that key."""
    kp = registry.charts()[("network-operator", "26.4.1")].key_paths
    assert kp.unknown({"node-feature-discovery": {"worker": {"tolerations": []}}}) == []
    assert kp.unknown({"node-feature-discovery": {"wrker": {}}}) == ["node-feature-discovery.wrker"]


_KEY = st.text(alphabet="abcdefghijklmnopqrstuvwxyzAB_", min_size=1, max_size=6)
_TREE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.lists(st.integers(), max_size=2)),
    lambda children: st.dictionaries(_KEY, children, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(_KEY, _TREE, min_size=1, max_size=5), _KEY)
def test_defaults_are_always_known_and_a_new_key_never(defaults: dict, extra: str) -> None:
    """Property: a payload equal to the defaults passes; a key absent from the defaults is flagged
    (unless its parent map is open, i.e. empty in the defaults)."""
    kp = keypaths.derive(defaults)
    assert kp.unknown(defaults) == []
    new = "zz" + extra
    assert kp.unknown({new: 1}) == [new]
    for key, value in defaults.items():
        if isinstance(value, dict) and value:
            assert kp.unknown({key: {new: 1}}) == [f"{key}.{new}"]
        elif isinstance(value, dict):
            assert kp.unknown({key: {new: 1}}) == []


def test_unvendored_dependency_values_are_checked_against_its_own_facts() -> None:
    """kube-prometheus-stack pins kube-state-metrics 8.4.0: its keys pass under the alias, typos do not."""
    ok = {
        "kube-state-metrics": {"metricLabelsAllowlist": ["nodes=[aiinfra.io/pool]"], "prometheusScrape": True}
    }
    assert registry.helm_values_problems("kube-prometheus-stack", "88.5.3", ok) == []
    bad = registry.helm_values_problems(
        "kube-prometheus-stack", "88.5.3", {"kube-state-metrics": {"metricLabelsAlowlist": []}}
    )
    assert len(bad) == 1 and "'kube-state-metrics.metricLabelsAlowlist'" in bad[0]


# --- the chart's own values schema, on the EFFECTIVE values (tests/helm_values.py) ----------------------
SCHEMA_CHARTS = {  # charts of the shipped stacks that ship a values schema (theirs or a vendored subchart's)
    ("cert-manager", "v1.21.1"),
    ("cloudnative-pg", "0.29.0"),
    ("gpu-operator", "v26.7.0"),  # node-feature-discovery subchart
    ("jupyterhub", "4.4.0"),
    ("label-studio", "2.0.5"),
    ("network-operator", "26.4.1"),  # node-feature-discovery subchart
}


def _releases(stack: str):
    return [(registry.chart_name(r.inputs["chart"]), r.inputs["version"], r) for r in _payloads(stack)[0]]


@pytest.mark.parametrize("stack", STACKS)
def test_effective_helm_values_pass_the_charts_values_schema(stack: str) -> None:
    problems = [
        f"{stack}/{r.name}: {p}"
        for chart, version, r in _releases(stack)
        for p in helm_values.values_schema_errors(chart, version, r.inputs.get("values"))
    ]
    assert problems == []


def test_which_charts_ship_a_values_schema() -> None:
    charts = {(c, v) for s in STACKS for c, v, _ in _releases(s)}
    assert {key for key in charts if helm_values.has_values_schema(*key)} == SCHEMA_CHARTS


@pytest.mark.parametrize(
    ("chart", "version", "values", "expected"),
    [
        (
            "cloudnative-pg",
            "0.29.0",
            {"replicaCount": "three"},
            "replicaCount: 'three' is not of type 'integer'",
        ),
        ("jupyterhub", "4.4.0", {"singleuser": {"cloudMetadta": {}}}, "singleuser: Additional properties"),
        (
            "network-operator",
            "26.4.1",
            {"node-feature-discovery": {"master": {"replicaCount": "2"}}},
            "not of type",
        ),
    ],
)
def test_values_schema_refuses_a_bad_value(chart, version, values, expected) -> None:
    [problem] = helm_values.values_schema_errors(chart, version, values)
    assert problem.startswith(f"{chart} {version}: ") and expected in problem


def test_unknown_and_secret_values_are_not_judged() -> None:
    from aiinfra.engine import UNKNOWN

    assert helm_values.values_schema_errors("cloudnative-pg", "0.29.0", {"replicaCount": UNKNOWN}) == []


def test_helm_merge_maps_merge_lists_replace_null_deletes() -> None:
    defaults = {"a": {"b": 1, "c": [1, 2], "d": {"e": 1}}, "f": "x"}
    merged = helm_values.helm_merge(defaults, {"a": {"c": [3], "d": None, "g": 2}, "f": None})
    assert merged == {"a": {"b": 1, "c": [3], "g": 2}}
    assert defaults == {"a": {"b": 1, "c": [1, 2], "d": {"e": 1}}, "f": "x"}  # inputs untouched
    assert helm_values.helm_merge({"a": 1}, {"a": {"b": 2}}) == {
        "a": {"b": 2}
    }  # the release's value wins a clash
    assert helm_values.helm_merge({"a": {"b": 1}}, {"a": 2}) == {"a": 2}
    assert helm_values.helm_merge({"a": None}, {"a": None, "n": None}) == {
        "a": None,
        "n": None,
    }  # nothing to delete


@given(st.dictionaries(_KEY, _TREE, max_size=4), st.dictionaries(_KEY, _TREE, max_size=4))
def test_helm_merge_properties(defaults: dict, overrides: dict) -> None:
    """Every override that is not null wins at its path; defaults without overrides stay."""
    merged = helm_values.helm_merge(defaults, overrides)
    assert helm_values.helm_merge(defaults, {}) == defaults
    for key, value in overrides.items():
        if value is None:
            assert merged.get(key) is None
        elif not (isinstance(value, dict) and isinstance(defaults.get(key), dict)):
            assert merged[key] == value
    for key in defaults.keys() - overrides.keys():
        assert merged[key] == defaults[key]


def test_effective_values_include_subchart_defaults_under_their_name() -> None:
    """network-operator vendors node-feature-discovery: its values.yaml defaults sit under that key,
    overridden by what the parent chart's values.yaml sets there."""
    effective = helm_values.effective_values("network-operator", "26.4.1", {"operator": {"tolerations": []}})
    assert effective["operator"]["tolerations"] == []  # a list replaces the default list
    nfd = effective["node-feature-discovery"]
    assert "master" in nfd and "worker" in nfd  # from the subchart's own values.yaml
