"""Data safety, secrets and determinism over every shipped stack's offline plan (issue: reliability).

Each test walks the real plans, so adding a stack adds it to every guarantee below.
"""

from __future__ import annotations

import json
import re

import pytest

from aiinfra.engine import Secret
from aiinfra.stacks import stack_names

from conftest import REPO, cached_plan

STACKS = stack_names(REPO)

# Stateful data resources: losing one loses data or makes it unreadable.
STATEFUL_TYPES = {
    "aws:s3/bucket:Bucket",
    "aws:fsx/lustreFileSystem:LustreFileSystem",
    "aws:efs/fileSystem:FileSystem",
    "aws:ebs/volume:Volume",
    "aws:kms/key:Key",
    "gcp:storage/bucket:Bucket",
    "gcp:lustre/instance:Instance",
    "gcp:filestore/instance:Instance",
    "gcp:compute/disk:Disk",
    "gcp:kms/keyRing:KeyRing",
    "gcp:kms/cryptoKey:CryptoKey",
    "kubernetes:storage.k8s.io/v1:StorageClass",
    "kubernetes:ceph.rook.io/v1:CephBlockPool",
    "kubernetes:ceph.rook.io/v1:CephObjectStore",
    "kubernetes:objectbucket.io/v1alpha1:ObjectBucketClaim",
}


@pytest.fixture(scope="module", params=STACKS)
def plan(request):
    return cached_plan(request.param)


def test_every_stateful_resource_is_protected_and_retained(plan) -> None:
    stateful = [r for r in plan.run.resources if r.type in STATEFUL_TYPES]
    assert stateful, f"{plan.stack}: no stateful resources found"
    unsafe = [f"{r.type}::{r.name}" for r in stateful if not (r.protect and r.retain_on_delete)]
    assert unsafe == [], f"{plan.stack}: unprotected data: {unsafe}"


def test_keys_have_the_maximum_deletion_window(plan) -> None:
    for key in plan.run.by_type("aws:kms/key:Key"):
        assert key.inputs["deletionWindowInDays"] == 30.0, key.name
    for key in plan.run.by_type("gcp:kms/cryptoKey:CryptoKey"):
        # GCP's destroy-scheduled duration: 30 days is the provider default and our policy.
        assert key.inputs.get("destroyScheduledDuration", "2592000s") == "2592000s", key.name


def test_buckets_are_versioned(plan) -> None:
    versioned = {
        r.inputs["bucket"]
        for r in plan.run.by_type("aws:s3/bucketVersioning:BucketVersioning")
        if r.inputs["versioningConfiguration"]["status"] == "Enabled"
    }
    for bucket in plan.run.by_type("aws:s3/bucket:Bucket"):
        bucket_id = bucket.outputs.get("bucket") or bucket.name
        assert any(bucket_id in str(v) for v in versioned), f"{bucket.name} has no enabled BucketVersioning"
    for bucket in plan.run.by_type("gcp:storage/bucket:Bucket"):
        assert bucket.inputs.get("versioning", {}).get("enabled") is True, bucket.name


_SECRET_LOOKING = [
    ("kubeconfig", re.compile(r'"kind":\s*"Config"|kind:\s*Config\b')),
    ("private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("AWS access key", re.compile(r"\bAKIA[0-9A-Z]{16}\b")),
    ("password field", re.compile(r'"(password|secretKey|secret_access_key|token)"\s*:\s*"[^"\[]')),
]


def _plain_strings(value, path: str = ""):
    """Every string not wrapped in Secret, with its path."""
    if isinstance(value, Secret):
        return
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _plain_strings(v, f"{path}.{k}")
            if (
                isinstance(v, str)
                and re.search(r"(?i)(password|token|secret|privatekey|kubeconfig)$", k)
                and not k.startswith("existing")  # the *name* of a Secret object (Helm existingSecret)
                and v
            ):
                yield f"{path}.{k}", '"password": "' + v + '"'
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _plain_strings(v, f"{path}[{i}]")


def test_no_secret_looking_value_is_unmarked(plan) -> None:
    findings = []
    sources = [("outputs", plan.run.outputs)] + [
        (f"{r.type}::{r.name}", r.inputs) for r in plan.run.resources
    ]
    for where, values in sources:
        for path, text in _plain_strings(values):
            for label, pattern in _SECRET_LOOKING:
                if pattern.search(text):
                    findings.append(f"{where}{path}: {label}")
    assert findings == []


def test_plan_json_shows_secrets_as_marker(plan) -> None:
    from aiinfra.render import plan_json

    text = json.dumps(plan_json(plan, []))
    for value in plan.run.outputs.values():
        if isinstance(value, Secret) and isinstance(value.value, str) and len(value.value) > 8:
            assert value.value not in text


def test_planning_twice_is_identical(plan) -> None:
    from aiinfra.plan import plan_stack

    again = plan_stack(plan.stack, root=REPO)

    def shape(p):
        return [(r.urn, r.type, r.name, r.parent, r.inputs, r.dependencies) for r in p.run.resources]

    assert shape(again) == shape(plan)
    assert again.summary == plan.summary


def test_allow_destroy_is_the_only_way_out_and_the_pack_flags_it() -> None:
    import copy

    import yaml

    from aiinfra.blueprints import validate_platform
    from aiinfra.engine import run_program
    from aiinfra.policies import evaluate
    from aiinfra.program import main as program

    raw = yaml.safe_load((REPO / "stacks" / "Pulumi.aws-training.yaml").read_text())["config"][
        "aiinfra:platform"
    ]
    raw = copy.deepcopy(raw)
    raw["storage"]["cold"]["allow_destroy"] = True
    config = validate_platform(raw)
    run = run_program(program, config={"aiinfra:platform": raw}, context=config.offline_context())
    [bucket] = [b for b in run.by_type("aws:s3/bucket:Bucket") if b.name == "llm-train-data-cold"]
    assert (bucket.protect, bucket.retain_on_delete) == (False, False)
    lustre = run.by_type("aws:fsx/lustreFileSystem:LustreFileSystem")[0]
    assert (lustre.protect, lustre.retain_on_delete) == (True, True)  # only the tier that asked
    flagged = [
        (v["policy_id"], v["resource"]) for v in evaluate(run).violations if v["policy_id"] == "AIP-DATA-009"
    ]
    assert flagged == [("AIP-DATA-009", bucket.name)]
