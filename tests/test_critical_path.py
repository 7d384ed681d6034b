"""The provisioning critical path, and that no shipped blueprint serialises independent work."""

from __future__ import annotations

import pytest

from aiinfra.critical_path import DEFAULT_MINUTES, critical_path, minutes_for
from aiinfra.engine import RecordedResource
from aiinfra.stacks import stack_names

from conftest import REPO, cached_plan


def _res(urn: str, type_: str, deps: tuple[str, ...] = (), provider: str | None = None) -> RecordedResource:
    return RecordedResource(
        urn=urn,
        type=type_,
        name=urn,
        custom=True,
        parent=None,
        inputs={},
        dependencies=deps,
        provider=provider,
    )


def test_longest_weighted_chain_wins() -> None:
    resources = [
        _res("key", "aws:kms/key:Key"),
        _res("cluster", "aws:eks/cluster:Cluster", ("key",)),
        _res("lustre", "aws:fsx/lustreFileSystem:LustreFileSystem", ("key",)),
        _res("k8s", "pulumi:providers:kubernetes", ("cluster",)),
        _res("release", "kubernetes:helm.sh/v3:Release", (), provider="k8s"),
    ]
    path = critical_path(resources)
    assert path.chain == ("key", "cluster", "k8s", "release")
    assert path.minutes == round(0.3 + 10 + DEFAULT_MINUTES + 4, 1)


def test_empty_and_unknown_types() -> None:
    assert critical_path([]).minutes == 0.0
    assert minutes_for("example:unknown:Thing") == DEFAULT_MINUTES


NODE_POOL_TYPES = {"aws:eks/nodeGroup:NodeGroup", "gcp:container/nodePool:NodePool"}
INDEPENDENT_OF_NODES = {
    "aws:kms/key:Key",
    "aws:s3/bucket:Bucket",
    "aws:fsx/lustreFileSystem:LustreFileSystem",
    "gcp:kms/cryptoKey:CryptoKey",
    "gcp:storage/bucket:Bucket",
    "gcp:lustre/instance:Instance",
    "gcp:filestore/instance:Instance",
}


@pytest.mark.parametrize("stack", stack_names(REPO))
def test_keys_and_storage_never_wait_for_node_pools(stack: str) -> None:
    run = cached_plan(stack).run
    by_urn = run.by_urn()
    memo: dict[str, set[str]] = {}

    def upstream_types(urn: str) -> set[str]:
        if urn not in memo:
            res = by_urn[urn]
            found: set[str] = set()
            for dep in (*res.dependencies, *((res.provider,) if res.provider in by_urn else ())):
                if dep in by_urn:
                    found |= {by_urn[dep].type} | upstream_types(dep)
            memo[urn] = found
        return memo[urn]

    for res in run.resources:
        if res.type in INDEPENDENT_OF_NODES:
            assert not upstream_types(res.urn) & NODE_POOL_TYPES, f"{stack}: {res.name} waits for a node pool"


@pytest.mark.parametrize("stack", stack_names(REPO))
def test_summary_reports_the_critical_path(stack: str) -> None:
    summary = cached_plan(stack).summary
    assert summary["critical_path"]["minutes"] > 0
    assert summary["critical_path"]["chain"]
