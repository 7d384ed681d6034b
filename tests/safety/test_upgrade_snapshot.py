"""Upgrade safety: the (type, name, parent) of every resource per shipped stack is a snapshot.

A refactor that renames or re-parents a resource replaces it in users' stacks. This test fails until
the snapshot is updated deliberately (with an alias added in code for the old URN):
``AIINFRA_UPDATE_SNAPSHOTS=1 pytest tests/safety/test_upgrade_snapshot.py``.
"""

from __future__ import annotations

import json
import os

import pytest

from aiinfra.stacks import stack_names

from conftest import REPO, cached_plan

SNAPSHOTS = REPO / "tests" / "safety" / "snapshots"


def identity(plan) -> list[list[str | None]]:
    """(type, name, parent type::name) for every resource, sorted."""
    by_urn = plan.run.by_urn()
    rows = []
    for r in plan.run.resources:
        parent = by_urn.get(r.parent) if r.parent else None
        rows.append([r.type, r.name, f"{parent.type}::{parent.name}" if parent else None])
    return sorted(rows, key=lambda row: (row[0], row[1]))


@pytest.mark.parametrize("stack", stack_names(REPO))
def test_resource_identities_match_snapshot(stack: str) -> None:
    current = identity(cached_plan(stack))
    path = SNAPSHOTS / f"{stack}.json"
    if os.environ.get("AIINFRA_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(current, indent=1) + "\n")
    assert path.is_file(), f"no snapshot for {stack}; create it with AIINFRA_UPDATE_SNAPSHOTS=1"
    expected = json.loads(path.read_text())
    removed = [row for row in expected if row not in current]
    added = [row for row in current if row not in expected]
    assert not removed and not added, (
        f"{stack}: resource identities changed (would replace resources in deployed stacks).\n"
        f"gone: {removed}\nnew: {added}\nAdd aliases for renamed/re-parented resources, then update the snapshot."
    )
