"""Pass, fail and unknown-value fixtures of the on-prem object-store rules (AIP-SVC-013..016).

Imported by ``policy_fixtures`` (merged into ``FIXTURES``); same building blocks.
"""

from __future__ import annotations

import json

from policy_fixtures import F, Fixture, P, Spec, U

from aiinfra.engine.model import UNKNOWN

USER = "kubernetes:ceph.rook.io/v1:CephObjectStoreUser"
STORE = "kubernetes:ceph.rook.io/v1:CephObjectStore"
OBC = "kubernetes:objectbucket.io/v1alpha1:ObjectBucketClaim"
WHO = {"AWS": ["arn:aws:iam:::user/aiinfra-mlflow"]}
LIST = {
    "Sid": "List",
    "Effect": "Allow",
    "Principal": WHO,
    "Action": ["s3:ListBucket"],
    "Resource": ["arn:aws:s3:::datasets"],
    "Condition": {"StringLike": {"s3:prefix": ["services/mlflow/", "services/mlflow/*"]}},
}
OBJECTS = {
    "Sid": "Objects",
    "Effect": "Allow",
    "Principal": WHO,
    "Action": ["s3:GetObject", "s3:PutObject"],
    "Resource": ["arn:aws:s3:::datasets/services/mlflow/*"],
}


def user(name: str, spec: dict, labels: dict | None = None) -> Spec:
    meta = {"name": name, "namespace": "mlflow", "labels": labels if labels is not None else {}}
    return Spec(USER, name, {"metadata": meta, "spec": {"store": "aiinfra-cold", **spec}})


def claim(name: str, *statements: dict, policy=None) -> Spec:
    doc = (
        policy if policy is not None else json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
    )
    spec = {"bucketName": "datasets", "storageClassName": "c", "additionalConfig": {"bucketPolicy": doc}}
    return Spec(OBC, name, {"metadata": {"name": name, "namespace": "aiinfra-data"}, "spec": spec})


def store(name: str, allowed) -> Spec:
    return Spec(STORE, name, {"metadata": {"name": name}, "spec": {"allowUsersInNamespaces": allowed}})


SERVING = {"aiinfra.io/purpose": "model-serving"}

OBJECTSTORE_FIXTURES: dict[str, dict[str, Fixture]] = {
    "AIP-SVC-013": {
        P: Fixture([user("plain", {"opMask": ["read"]}), user("empty-caps", {"capabilities": {}})]),
        F: Fixture(
            [
                user("admin", {"capabilities": {"buckets": "*"}}),
                user("user-admin", {"capabilities": {"user": "read, write", "zone": "read"}}),
            ]
        ),
        U: Fixture([user("u", {"capabilities": UNKNOWN})], expect=U),
    },
    "AIP-SVC-014": {
        P: Fixture(
            [
                claim("scoped", LIST, OBJECTS),
                claim("deny-all", {**OBJECTS, "Effect": "Deny", "Resource": ["arn:aws:s3:::datasets/*"]}),
                Spec(
                    OBC,
                    "no-policy",
                    {"spec": {"bucketName": "b", "additionalConfig": {"bucketLifecycle": "{}"}}},
                ),
            ]
        ),
        F: Fixture(
            [
                claim("public", {**OBJECTS, "Principal": "*"}),
                claim("wildcard", {**OBJECTS, "Action": ["s3:*"]}),
                claim("whole-bucket", {**OBJECTS, "Resource": ["arn:aws:s3:::datasets/*"]}),
                claim("unconditioned-list", {k: v for k, v in LIST.items() if k != "Condition"}),
                claim("bucket-config", {**LIST, "Action": ["s3:ListBucket", "s3:PutBucketPolicy"]}),
                claim("garbled", policy="{not json"),
            ]
        ),
        U: Fixture([claim("u", policy=UNKNOWN)], expect=U),
    },
    "AIP-SVC-015": {
        P: Fixture(
            [
                user("reader", {"opMask": ["read"]}, SERVING),
                user("writer", {"opMask": ["read", "write", "delete"]}),  # not a serving user
                user("unmasked-team", {}),
            ]
        ),
        F: Fixture(
            [
                user("no-mask", {}, SERVING),
                user("writes", {"opMask": ["read", "write"]}, SERVING),
            ]
        ),
        U: Fixture([user("u", {"opMask": UNKNOWN}, SERVING)], expect=U),
    },
    "AIP-SVC-016": {
        P: Fixture([store("listed", ["mlflow", "serving"]), Spec(STORE, "default", {"spec": {}})]),
        F: Fixture([store("everyone", ["*"]), store("mixed", ["mlflow", "*"])]),
        U: Fixture([store("u", UNKNOWN)], expect=U),
    },
}
