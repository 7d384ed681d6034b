"""AIP-SVC-013..016: risks of the on-prem object-store identities (Rook / Ceph RGW).

- AIP-SVC-013: a CephObjectStoreUser with RGW admin capabilities.
- AIP-SVC-014: a bucket policy on an ObjectBucketClaim that grants more than a prefix (public
  principals, wildcard actions, whole-bucket object resources, unconditioned listing, bucket
  configuration actions).
- AIP-SVC-015: a model-serving RGW user whose op mask allows writes or deletes.
- AIP-SVC-016: a CephObjectStore that lets object users be created in every namespace.

Facts from Rook v1.20.6 (Documentation/CRDs/Object-Storage/ceph-object-store-user-crd.md,
ceph-object-bucket-claim.md, object-store CRD ``allowUsersInNamespaces``; read 2026-12-01). Rules judge
resource types and properties only; they never import the components. The serving user is recognised
by the label ``aiinfra.io/purpose: model-serving``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..access import as_list, get
from ..documents import PolicyParseError, parse_policy
from ..registry import Res, RuleContext, rule

OBJECT_USER = "kubernetes:ceph.rook.io/v1:CephObjectStoreUser"
OBJECT_STORE = "kubernetes:ceph.rook.io/v1:CephObjectStore"
BUCKET_CLAIM = "kubernetes:objectbucket.io/v1alpha1:ObjectBucketClaim"
PURPOSE_LABEL = "aiinfra.io/purpose"
SERVING_PURPOSE = "model-serving"
LIST_ACTIONS = ("s3:ListBucket", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads")
"""Bucket-level actions a prefix-scoped grant may hold, each only with an ``s3:prefix`` condition."""


def _where(res: Res) -> str:
    meta = get(res.props, "metadata")
    return f"{get(meta, 'namespace') or ''}/{get(meta, 'name') or res.name}"


@rule(
    "AIP-SVC-013",
    "rgw-user-no-admin-capabilities",
    title="Ceph RGW object users hold no admin capabilities",
    severity="high",
    enforcement="mandatory",
    types=(OBJECT_USER,),
    description="A CephObjectStoreUser sets no spec.capabilities (users, buckets, metadata, zone, roles, usage, info and the other RGW admin caps).",
    rationale="RGW admin capabilities reach past the bucket policy: a service holding buckets or users caps can read every bucket, mint keys for other users or change quotas; service credentials live in application namespaces where they are easiest to steal.",
    remediation="Remove spec.capabilities; run administration through the Rook operator or a separate, audited admin user in the Rook namespace.",
    unknown="Unknown capabilities give an unknown verdict.",
    references=("Rook CephObjectStoreUser capabilities", "Ceph radosgw admin capabilities"),
)
def svc_013(res: Res, ctx: RuleContext) -> Iterator[str]:
    caps = get(res.props, "spec", "capabilities")
    if isinstance(caps, Mapping):
        granted = sorted(f"{k}={v}" for k, v in caps.items() if v)
        if granted:
            yield f"CephObjectStoreUser {_where(res)} has admin capabilities {', '.join(granted)}; service users need none."


def _statement_problems(st) -> Iterator[str]:
    if not st.allows:
        return
    if st.public_principal:
        yield "grants to every principal"
    if st.admin_actions():
        yield f"grants wildcard actions {', '.join(st.admin_actions())}"
    for resource in (*st.resources, *st.not_resources):
        if resource == "*" or (
            resource.startswith("arn:aws:s3:::") and resource.endswith("/*") and resource.count("/") == 1
        ):
            yield f"reaches {resource} (the whole bucket, not a prefix)"
    bucket_level = [r for r in st.resources if r.startswith("arn:aws:s3:::") and "/" not in r]
    if bucket_level:
        other = [a for a in st.actions if a not in LIST_ACTIONS]
        if other:
            yield f"grants bucket-level {', '.join(other)} on {', '.join(bucket_level)}"
        elif "s3:prefix" not in st.condition_keys:
            yield f"lists {', '.join(bucket_level)} without an s3:prefix condition"


@rule(
    "AIP-SVC-014",
    "rgw-bucket-policy-prefix-scoped",
    title="Bucket policies on claimed buckets grant each principal only a prefix",
    severity="high",
    enforcement="mandatory",
    peers=("Checkov CKV_AWS_70",),
    types=(BUCKET_CLAIM,),
    description="An ObjectBucketClaim's spec.additionalConfig.bucketPolicy allows no public principal and no wildcard action, reaches objects only under a prefix (never <bucket>/* or *), lists the bucket only with an s3:prefix condition and grants no other bucket-level action.",
    rationale="On-prem services share the cold bucket; the bucket policy is the only thing that keeps the MLflow, Label Studio and model-serving users inside their prefixes (datasets and checkpoints live beside them). Rook replaces any existing policy with this one.",
    remediation="Give each service user s3:ListBucket with Condition StringLike s3:prefix [<prefix>, <prefix>*] and object actions on arn:aws:s3:::<bucket>/<prefix>*; keep bucket configuration with the bucket owner.",
    unknown="An unknown additionalConfig or bucketPolicy gives an unknown verdict.",
    references=("Rook ObjectBucketClaim bucketPolicy", "Ceph RGW bucket policies", "CKV_AWS_70"),
)
def svc_014(res: Res, ctx: RuleContext) -> Iterator[str]:
    policy = get(res.props, "spec", "additionalConfig", "bucketPolicy")
    try:
        statements = parse_policy(policy) or ()
    except PolicyParseError as exc:
        yield f"ObjectBucketClaim {_where(res)}: bucketPolicy cannot be parsed: {exc}."
        return
    for i, st in enumerate(statements):
        for problem in _statement_problems(st):
            label = st.sid or f"Statement[{i}]"
            yield f"ObjectBucketClaim {_where(res)}: bucketPolicy {label} {problem}."


@rule(
    "AIP-SVC-015",
    "rgw-serving-user-read-only",
    title="Model-serving RGW users may only read",
    severity="high",
    enforcement="mandatory",
    types=(OBJECT_USER,),
    description="A CephObjectStoreUser labelled aiinfra.io/purpose=model-serving sets spec.opMask to read only (an absent op mask means read, write and delete).",
    rationale="The op mask applies regardless of bucket policy: a read-only mask keeps a compromised inference server from replacing the models every replica loads, even if the bucket policy is later widened.",
    remediation="Set spec.opMask: [read] on the serving user; upload models with a separate identity.",
    unknown="Unknown labels or op mask give an unknown verdict.",
    references=("Rook CephObjectStoreUser opMask", "NIST AI 100-2 (poisoning)"),
)
def svc_015(res: Res, ctx: RuleContext) -> Iterator[str]:
    if get(res.props, "metadata", "labels", PURPOSE_LABEL) != SERVING_PURPOSE:
        return
    mask = get(res.props, "spec", "opMask")
    if mask is None:
        yield f"CephObjectStoreUser {_where(res)} ({PURPOSE_LABEL}={SERVING_PURPOSE}) has no opMask (RGW default: read, write, delete); set [read]."
        return
    extra = sorted({str(m) for m in as_list(mask)} - {"read"})
    if extra:
        yield f"CephObjectStoreUser {_where(res)} ({PURPOSE_LABEL}={SERVING_PURPOSE}) opMask allows {', '.join(extra)}; a serving user only reads."


@rule(
    "AIP-SVC-016",
    "rgw-users-listed-namespaces",
    title="Object stores accept users only from listed namespaces",
    severity="medium",
    enforcement="mandatory",
    types=(OBJECT_STORE,),
    description="A CephObjectStore's spec.allowUsersInNamespaces names namespaces; it is not '*'.",
    rationale="With '*' anyone who may create a CephObjectStoreUser in any namespace gets RGW credentials (and, with capabilities, admin rights) on the store; listing the services' namespaces keeps that to the platform.",
    remediation="List the namespaces that hold object users (the services' namespaces) instead of '*'.",
    unknown="An unknown allowUsersInNamespaces gives an unknown verdict.",
    references=("Rook CephObjectStore allowUsersInNamespaces",),
)
def svc_016(res: Res, ctx: RuleContext) -> Iterator[str]:
    allowed = [str(n) for n in as_list(get(res.props, "spec", "allowUsersInNamespaces"))]
    if "*" in allowed:
        yield f"CephObjectStore {_where(res)} allows object users in every namespace ('*'); list the namespaces."
