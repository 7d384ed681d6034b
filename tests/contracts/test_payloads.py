"""Every JSON/YAML payload a shipped stack sends inside a string or Helm ``values`` uses only key
paths its service knows (facts in components/payloads/facts/, with their source commits)."""

from __future__ import annotations

import json

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


def test_six_stacks_are_walked() -> None:
    assert len(STACKS) == 6, STACKS


@pytest.mark.parametrize("stack", STACKS)
def test_every_helm_release_and_eks_addon_payload_is_known(stack: str) -> None:
    assert _problems(stack) == []


def test_coverage_counts() -> None:
    """The walk sees every Helm release and EKS add-on of the six stacks (56 releases of 19 chart versions, 10 add-ons)."""
    releases = sum(len(_payloads(s)[0]) for s in STACKS)
    addons = sum(len(_payloads(s)[1]) for s in STACKS)
    charts = {(r.inputs["chart"], r.inputs["version"]) for s in STACKS for r in _payloads(s)[0]}
    assert (releases, addons, len(charts)) == (56, 10, 19)
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
    [problem] = registry.helm_values_problems("gpu-operator", "v26.7.0", {})
    assert "recorded versions: v26.3.3" in problem


def test_typo_names_chart_version_and_path() -> None:
    values = {"driver": {"upgradePolicy": {"drain": {"enabled": True}}}, "cdi": {"enabled": True}}
    assert registry.helm_values_problems("gpu-operator", "v26.3.3", values) == [
        "Helm chart gpu-operator v26.3.3: unknown values key path 'driver.upgradePolicy.drain.enabled' "
        "(not in values.yaml at github.com/NVIDIA/gpu-operator v26.3.3, commit "
        + registry.charts()[("gpu-operator", "v26.3.3")].commit[:12]
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
