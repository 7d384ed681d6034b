"""Every pod the platform creates is admitted by its namespace's Pod Security ``enforce`` level.

Pods: the workloads the program registers itself (Deployments, DaemonSets, StatefulSets, Jobs,
CronJobs, Pods) and the pods a Helm release's chart creates from its values
(components/payloads/chart_pods.py, read from each chart's templates at the pinned tag). A release
in a namespace with a baseline/restricted level whose chart was never read fails: unknown is not
admitted. The levels are the Pod Security Standards of tests/contracts/pss.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from aiinfra.components.payloads.chart_pods import pods_for

from . import pss
from .plans import STACKS, chart, enforce_levels, metadata, releases, resources

WORKLOADS = {
    "kubernetes:apps/v1:Deployment": ("spec", "template", "spec"),
    "kubernetes:apps/v1:DaemonSet": ("spec", "template", "spec"),
    "kubernetes:apps/v1:StatefulSet": ("spec", "template", "spec"),
    "kubernetes:batch/v1:Job": ("spec", "template", "spec"),
    "kubernetes:batch/v1:CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
    "kubernetes:core/v1:Pod": ("spec",),
}
JUPYTERHUB_STACKS = [s for s in STACKS if releases(s, "jupyterhub")]


def _pod_spec(r: Any) -> dict[str, Any]:
    node: Any = r.inputs
    for key in WORKLOADS[r.type]:
        node = (node or {}).get(key)
    return node or {}


def pods(stack: str) -> Iterator[tuple[str, str, dict[str, Any] | None]]:
    """(what, namespace, pod spec or None when the chart was never read) for every pod the stack makes."""
    for r in resources(stack):
        if r.type in WORKLOADS:
            yield (
                f"{r.type.rsplit(':', 1)[-1]} {r.name}",
                metadata(r).get("namespace", "default"),
                _pod_spec(r),
            )
    for r in releases(stack):
        found = pods_for(chart(r), str(r.inputs.get("version")), r.inputs.get("values") or {})
        if found is None:
            yield f"chart {chart(r)} {r.inputs.get('version')} ({r.name})", r.inputs.get("namespace"), None
            continue
        for pod in found:
            yield (
                f"chart {pod.chart} {pod.version} {pod.workload} ({r.name})",
                r.inputs.get("namespace"),
                dict(pod.pod_spec),
            )


def refused(stack: str) -> list[str]:
    """Every pod its namespace's enforce level refuses, with the reasons."""
    levels = enforce_levels(stack)
    out = []
    for what, namespace, pod in pods(stack):
        level = levels.get(namespace)
        if level in (None, "privileged"):
            continue
        if pod is None:
            out.append(f"{what} in {namespace} ({level}): pods never read from the chart's templates")
            continue
        reasons = pss.violations(pod, level)
        if reasons:
            out.append(f"{what} in {namespace} ({level}): {'; '.join(reasons)}")
    return out


def _jupyterhub(line: str) -> bool:
    return line.startswith("chart jupyterhub ")


@pytest.mark.parametrize("stack", STACKS)
def test_every_pod_is_admitted_by_its_namespace(stack: str) -> None:
    problems = [p for p in refused(stack) if not _jupyterhub(p)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stack", JUPYTERHUB_STACKS)
def test_jupyterhub_user_pods_are_admitted_by_the_team_namespace(stack: str) -> None:
    """Issue 24 point 3: singleuser.cloudMetadata.blockWithIptables (chart default true) adds a
    privileged NET_ADMIN init container, which the team namespace's baseline level refuses."""
    problems = [p for p in refused(stack) if _jupyterhub(p)]
    assert not problems, "\n".join(problems)


def test_the_check_sees_jupyterhubs_privileged_init_container() -> None:
    """The chart default is what applies when the release says nothing (Helm's merge)."""
    (pod,) = pods_for("jupyterhub", "4.4.0", {})
    assert pss.violations(dict(pod.pod_spec), "baseline") == [
        "container block-cloud-metadata privileged",
        "container block-cloud-metadata adds NET_ADMIN",
    ]
    assert (
        pods_for("jupyterhub", "4.4.0", {"singleuser": {"cloudMetadata": {"blockWithIptables": False}}}) == []
    )
    assert pods_for("some-chart", "1.0.0", {}) is None
