"""Shared helpers over the shipped stacks' offline plans: the Kubernetes objects, Helm releases and
monitoring resources the contract tests judge."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aiinfra.stacks import stack_names

from conftest import REPO, cached_plan

HELM = "kubernetes:helm.sh/v3:Release"
NAMESPACE = "kubernetes:core/v1:Namespace"
ENFORCE = "pod-security.kubernetes.io/enforce"
STACKS = stack_names(REPO)


def resources(stack: str) -> list[Any]:
    """Every recorded resource of a shipped stack's plan."""
    return list(cached_plan(stack).run.resources)


def of_type(stack: str, *types: str) -> list[Any]:
    """The stack's resources of the given type tokens."""
    return [r for r in resources(stack) if r.type in types]


def chart(release: Any) -> str:
    """A Helm release's chart name (without an OCI or repository path)."""
    return str(release.inputs.get("chart", "")).rstrip("/").rsplit("/", 1)[-1]


def releases(stack: str, name: str | None = None) -> list[Any]:
    """The stack's Helm releases (of chart ``name``)."""
    return [r for r in of_type(stack, HELM) if name is None or chart(r) == name]


def metadata(r: Any) -> dict[str, Any]:
    """A Kubernetes object's metadata input."""
    return r.inputs.get("metadata") or {}


def enforce_levels(stack: str) -> dict[str, str]:
    """Namespace -> its Pod Security ``enforce`` level, for the namespaces the stack creates with one."""
    out = {}
    for ns in of_type(stack, NAMESPACE):
        level = (metadata(ns).get("labels") or {}).get(ENFORCE)
        if level:
            out[metadata(ns).get("name", ns.name)] = level
    return out


def custom_resources(stack: str, kind: str) -> Iterator[Any]:
    """The stack's custom resources of ``kind`` (any API group)."""
    for r in resources(stack):
        if r.type.endswith(f":{kind}") or r.inputs.get("kind") == kind:
            yield r


def cluster_of_release(r: Any) -> str | None:
    """The Kubernetes provider a resource is registered with (a cluster's identity in the plan)."""
    return r.provider or None
