"""Every custom resource of every shipped stack, in one walk, against its CRD at the pinned tag as the
API server would judge it on create (tests/crd_validation.py: defaults, schema, CEL rules). A kind with
no vendored CRD must be listed here with the reason and the test that covers it instead."""

from __future__ import annotations

import pytest
from crd_validation import crd_errors, key_of, openapi_schemas
from onprem.k8s_objects import objects_of
from onprem.test_schemas import _is_core

from aiinfra.stacks import stack_names

from conftest import cached_plan

# GKE installs these itself and publishes no CRD file; tests/gcp/test_gpudirect.py checks their
# documented fields with a hand-written closed schema.
NOT_VENDORED = {"networking.gke.io/v1/GKENetworkParamSet", "networking.gke.io/v1/Network"}


@pytest.mark.parametrize("stack", stack_names())
def test_every_custom_resource_passes_its_pinned_crd(stack: str) -> None:
    problems, unvendored = [], set()
    for obj, rec in objects_of(cached_plan(stack).run):
        if _is_core(obj["apiVersion"]):
            continue
        key = key_of(obj)
        if key not in openapi_schemas():
            unvendored.add(key)
            continue
        problems += [f"{rec.name} ({key}): {e}" for e in crd_errors(obj)]
    assert problems == []
    assert unvendored <= NOT_VENDORED, "vendor the CRD (tests/schemas/upstream.yaml) or list it with a reason"


def test_the_walk_covers_the_kinds_of_every_operator() -> None:
    kinds = {
        key_of(obj)
        for stack in stack_names()
        for obj, _ in objects_of(cached_plan(stack).run)
        if not _is_core(obj["apiVersion"])
    }
    groups = {k.split("/")[0] for k in kinds}
    assert {
        "kueue.x-k8s.io",
        "mellanox.com",
        "nv-ipam.nvidia.com",
        "nvidia.com",
        "ceph.rook.io",
        "objectbucket.io",
        "postgresql.cnpg.io",
        "serving.kserve.io",
        "monitoring.coreos.com",
        "monitoring.googleapis.com",
    } <= groups
