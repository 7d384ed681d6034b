"""The vendored upstream files (tests/schemas, written by scripts/vendor_upstream.py) are the ones the
platform pins: every Helm release of every shipped stack has its chart vendored at that exact version,
CRDs come from the same tag as their chart, and every file matches the SHA-256 in SOURCES.md."""

from __future__ import annotations

import hashlib
import re

import pytest
import yaml

from aiinfra.components.payloads.registry import chart_name
from aiinfra.stacks import stack_names

from conftest import REPO, cached_plan

SCHEMAS = REPO / "tests" / "schemas"
MANIFEST = yaml.safe_load((SCHEMAS / "upstream.yaml").read_text())
HELM = "kubernetes:helm.sh/v3:Release"


def _releases() -> set[tuple[str, str]]:
    return {
        (chart_name(r.inputs["chart"]), r.inputs["version"])
        for stack in stack_names()
        for r in cached_plan(stack).run.resources
        if r.type == HELM
    }


def test_every_released_chart_is_vendored_at_its_pinned_version() -> None:
    vendored = {(c["chart"], str(c["version"])) for c in MANIFEST["charts"]}
    assert _releases() <= vendored, sorted(_releases() - vendored)


@pytest.mark.parametrize("entry", MANIFEST["charts"], ids=lambda c: f"{c['chart']}-{c['version']}")
def test_vendored_chart_yaml_says_the_pinned_version(entry) -> None:
    chart = yaml.safe_load(
        (SCHEMAS / "charts" / entry["chart"] / str(entry["version"]) / "Chart.yaml").read_text()
    )
    expected = str(entry.get("source_version", entry["version"]))  # placeholder stamped at release time
    assert (chart["name"], str(chart["version"])) == (entry["chart"], expected)


def test_crds_come_from_the_tag_of_the_chart_that_installs_them() -> None:
    """The defect of issue 24 point 14: CRDs read at the default branch while the chart was pinned older."""
    chart_tags: dict[str, set[str]] = {}
    for c in MANIFEST["charts"]:
        chart_tags.setdefault(c["repo"], set()).add(str(c["tag"]))
    for crd in MANIFEST["crds"]:
        if crd["repo"] in chart_tags:
            assert str(crd["tag"]) in chart_tags[crd["repo"]], crd
    network_operator = next(c for c in MANIFEST["charts"] if c["chart"] == "network-operator")
    for crd in MANIFEST["crds"]:
        if crd["repo"] == "Mellanox/nvidia-k8s-ipam":  # released with the Network Operator
            assert crd["tag"] == f"network-operator-v{network_operator['version']}"


def test_every_vendored_file_matches_sources_md() -> None:
    rows = re.findall(
        r"^\| (\S+) \| github\.com/\S+ \| .*\| ([0-9a-f]{16}) \|$", (SCHEMAS / "SOURCES.md").read_text(), re.M
    )
    listed = dict(rows)
    on_disk = {
        str(p.relative_to(SCHEMAS))
        for d in ("crds", "charts", "sarif", "ctk")
        for p in (SCHEMAS / d).rglob("*")
        if p.is_file()
    }
    assert on_disk == set(listed)
    for name, digest in listed.items():
        text = (SCHEMAS / name).read_text()
        if name.endswith(".yaml"):  # the provenance comment line is ours
            assert text.startswith("# Vendored by scripts/vendor_upstream.py"), name
            text = text.split("\n", 1)[1]
        assert hashlib.sha256(text.encode()).hexdigest()[:16] == digest, name


def test_nvidiadriver_default_exists_at_the_pinned_gpu_operator() -> None:
    """spec.default arrived in GPU Operator v26.7.0's NVIDIADriver CRD (absent at v26.3.3)."""
    from crd_validation import crd_errors

    driver = {
        "apiVersion": "nvidia.com/v1alpha1",
        "kind": "NVIDIADriver",
        "metadata": {"name": "d"},
        "spec": {"driverType": "gpu", "default": False},
    }
    assert crd_errors(driver) == []
    assert crd_errors({**driver, "spec": {**driver["spec"], "default": "no"}}) == [
        "['spec', 'default']: 'no' is not of type 'boolean'"
    ]


def test_key_path_facts_and_vendored_values_come_from_the_same_commit() -> None:
    """The plan-time facts (components/payloads/facts) and the test-time chart files describe one release."""
    from aiinfra.components.payloads import registry

    commits = dict(
        re.findall(
            r"^\| charts/([^|]+)/values\.yaml \| github\.com/\S+ \| \S+ \| ([0-9a-f]{40}) \|",
            (SCHEMAS / "SOURCES.md").read_text(),
            re.M,
        )
    )
    compared = 0
    for (chart, version), facts in registry.charts().items():
        key = f"{chart}/{version}"
        if key in commits:
            assert facts.commit == commits[key], key
            compared += 1
    assert compared == len(MANIFEST["charts"])
