"""On-prem object-store identity: one Ceph RGW user per service, limited to its prefix by the bucket policy.

Facts from the pinned Rook release (rook/rook v1.20.6, commit 4e1b7a626891, read 2026-12-01):

- ``CephObjectStoreUser`` (Documentation/CRDs/Object-Storage/ceph-object-store-user-crd.md): a user
  created in the service's own namespace with ``spec.clusterNamespace`` set to the Rook namespace,
  allowed only when the CephObjectStore lists that namespace in ``spec.allowUsersInNamespaces``. The
  RGW user id is the CR's ``metadata.name`` (pkg/operator/ceph/object/user/controller.go); Rook
  generates the keys and writes the Secret ``rook-ceph-object-user-<store>-<user>`` in the user's
  namespace with the keys ``AccessKey``, ``SecretKey`` and ``Endpoint`` (``generateCephUserSecret``).
  The keys never pass through Pulumi state. ``opMask`` is the set of RGW operation types the user may
  perform at all (``read``/``write``/``delete``), applied on top of any bucket policy.
- ``ObjectBucketClaim`` ``spec.additionalConfig.bucketPolicy`` (Documentation/Storage-Configuration/
  Object-Storage-RGW/ceph-object-bucket-claim.md): a raw AWS-S3-format bucket policy that Rook sets on
  the claimed bucket, replacing any existing one. It is disabled by default: the operator config
  ``ROOK_OBC_ALLOW_ADDITIONAL_CONFIG_FIELDS`` (chart value ``obcAllowAdditionalConfigFields``) must
  include ``bucketPolicy`` (and ``bucketLifecycle``, which the cold tier already uses). That is the
  declarative way Rook offers; CephObjectStoreUser has no per-bucket policy field.

The bucket policy names RGW users as ``arn:aws:iam:::user/<uid>`` (Ceph docs "Bucket Policies",
docs.ceph.com/en/latest/radosgw/bucketpolicy, read 2026-12-01). Each service gets ``s3:ListBucket``
on the bucket only with an ``s3:prefix`` condition on its prefix, and object actions on
``<bucket>/<prefix>*``; the read-only model reader gets ``s3:GetObject`` only and the ``read`` op mask.
The users are registered after the claim (services depend on storage); whether RGW refuses a bucket
policy naming a user that does not exist yet is unverified (Rook requeues a failed reconcile, so the
policy would land once the users exist).

kind ``external_s3`` has no such mechanism: services read keys from an operator-provided Secret per
service (:data:`EXTERNAL_SECRET`), whose scope the store's owner must set.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

OBJECT_USER_API = "ceph.rook.io/v1"
USER_PREFIX = "aiinfra-"
ROOK_SECRET = "rook-ceph-object-user-{store}-{user}"
"""Rook's Secret of a CephObjectStoreUser (``generateCephUserSecretName``, v1.20.6)."""
EXTERNAL_SECRET = "{service}-s3-credentials"
"""external_s3: Secret (keys AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) an operator provides per service."""
NO_BUCKETS = -1
"""``quotas.maxBuckets``: a negative value disables bucket creation (radosgw-admin ``--max-buckets``,
docs.ceph.com/en/latest/man/8/radosgw-admin; Rook passes it through; unverified end to end)."""
READ_WRITE_ACTIONS = (
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
)
READ_ACTIONS = ("s3:GetObject",)
PURPOSE_LABEL = "aiinfra.io/purpose"
SERVING_PURPOSE = "model-serving"


@dataclass(frozen=True)
class S3Keys:
    """Where a service finds its S3 keys: a Secret in its namespace and the two key names."""

    secret: str
    access_key: str
    secret_key: str
    kind: str

    def env(self) -> list[dict[str, Any]]:
        """``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` container env from the Secret."""
        return [
            {"name": name, "valueFrom": {"secretKeyRef": {"name": self.secret, "key": key}}}
            for name, key in (
                ("AWS_ACCESS_KEY_ID", self.access_key),
                ("AWS_SECRET_ACCESS_KEY", self.secret_key),
            )
        ]


@dataclass(frozen=True)
class PrefixGrant:
    """One service's reach into the cold bucket: its RGW user, namespace, prefix and access."""

    service: str
    user: str
    namespace: str
    prefix: str
    write: bool


def user_name(account: str) -> str:
    """The RGW user id (= CephObjectStoreUser name, unique in the object store) of a service account."""
    return f"{USER_PREFIX}{account}"


def s3_keys(rgw_store: str | None, account: str) -> S3Keys:
    """The Secret a service reads its keys from: Rook's (``rgw``) or the operator's (``external_s3``)."""
    if rgw_store is not None:
        secret = ROOK_SECRET.format(store=rgw_store, user=user_name(account))
        return S3Keys(
            secret, "AccessKey", "SecretKey", f"Ceph RGW user {user_name(account)} (CephObjectStoreUser)"
        )
    return S3Keys(
        EXTERNAL_SECRET.format(service=account),
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "S3 keys Secret (operator-provided)",
    )


def object_user(
    grant: PrefixGrant, *, store: str, rook_namespace: str, labels: dict[str, str]
) -> dict[str, Any]:
    """The CephObjectStoreUser of ``grant`` (``metadata`` and ``spec``): no admin capabilities, no
    buckets of its own, op mask read (+ write, delete for read-write services)."""
    meta_labels = {**labels, "app.kubernetes.io/component": grant.service}
    if not grant.write:
        meta_labels[PURPOSE_LABEL] = SERVING_PURPOSE
    return {
        "apiVersion": OBJECT_USER_API,
        "kind": "CephObjectStoreUser",
        "metadata": {"name": grant.user, "namespace": grant.namespace, "labels": meta_labels},
        "spec": {
            "store": store,
            "clusterNamespace": rook_namespace,
            "displayName": f"{grant.service} ({grant.namespace}): {grant.prefix} {'read-write' if grant.write else 'read-only'}",
            "quotas": {"maxBuckets": NO_BUCKETS},
            "opMask": ["read", "write", "delete"] if grant.write else ["read"],
        },
    }


def register_object_user(resource: str, cr: dict[str, Any], opts: Any) -> Any:
    """Register the CephObjectStoreUser ``cr`` (from :func:`object_user`) as Pulumi resource ``resource``."""
    import pulumi_kubernetes as k8s

    return k8s.apiextensions.CustomResource(
        resource,
        api_version=cr["apiVersion"],
        kind=cr["kind"],
        metadata=cr["metadata"],
        spec=cr["spec"],
        opts=opts,
    )


def principal(user: str) -> str:
    """The bucket-policy principal of an RGW user of the default tenant."""
    return f"arn:aws:iam:::user/{user}"


def bucket_policy(bucket: str, grants: Sequence[PrefixGrant]) -> str:
    """The cold bucket's policy: each grant lists and reaches only its prefix (JSON text)."""
    statements: list[dict[str, Any]] = []
    used: set[str] = set()
    for i, g in enumerate(grants):
        sid = "".join(part.capitalize() for part in g.user.replace("_", "-").split("-"))
        base, n = sid, i
        while sid in used:  # users "a" and "a-" camel-case alike; Sids must be unique in a policy
            sid, n = f"{base}{n}", n + 1
        used.add(sid)
        statements += [
            {
                "Sid": f"{sid}List",
                "Effect": "Allow",
                "Principal": {"AWS": [principal(g.user)]},
                "Action": ["s3:ListBucket"],
                "Resource": [f"arn:aws:s3:::{bucket}"],
                "Condition": {"StringLike": {"s3:prefix": [g.prefix, f"{g.prefix}*"]}},
            },
            {
                "Sid": f"{sid}Objects",
                "Effect": "Allow",
                "Principal": {"AWS": [principal(g.user)]},
                "Action": list(READ_WRITE_ACTIONS if g.write else READ_ACTIONS),
                "Resource": [f"arn:aws:s3:::{bucket}/{g.prefix}*"],
            },
        ]
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, sort_keys=True)


def service_grants(services: Any) -> list[PrefixGrant]:
    """The grants of the enabled services of a ``ServicesSpec`` (MLflow, Label Studio, the model reader)."""
    if services is None:
        return []
    from . import labeling, mlflow
    from .model_identity import MODELS_PREFIX
    from .serving import READER_ACCOUNT

    out = []
    if services.mlflow is not None:
        out.append(
            PrefixGrant(
                "mlflow", user_name(mlflow.ACCOUNT), mlflow.NAMESPACE, services.mlflow.artifact_prefix, True
            )
        )
    if services.labeling is not None:
        out.append(
            PrefixGrant(
                "labeling",
                user_name(labeling.ACCOUNT),
                labeling.NAMESPACE,
                services.labeling.file_prefix,
                True,
            )
        )
    if services.serving is not None:
        out.append(
            PrefixGrant(
                "serving", user_name(READER_ACCOUNT), services.serving.namespace, MODELS_PREFIX, False
            )
        )
    return out


def user_namespaces(grants: Iterable[PrefixGrant]) -> list[str]:
    """``allowUsersInNamespaces`` of the CephObjectStore: exactly the services' namespaces."""
    return sorted({g.namespace for g in grants})


def grant_of(grants: Iterable[PrefixGrant], service: str) -> PrefixGrant:
    """The grant of one service (KeyError naming it when the service is not enabled)."""
    for g in grants:
        if g.service == service:
            return g
    raise KeyError(service)


def grant_note(grant: PrefixGrant) -> str:
    """The plan's words for one RGW identity."""
    access = "read-write" if grant.write else "read-only (op mask read)"
    return f"Ceph RGW user {grant.user} (CephObjectStoreUser, Rook-generated keys), bucket policy {grant.prefix} {access}"
