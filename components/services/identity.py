"""Per-cloud identity adapters: a service's ServiceAccount reaches only its prefix of the cold bucket.

- AWS: an IRSA role trusting only ``system:serviceaccount:<ns>:<account>`` (the team trust policy of
  components/aws/teams.py) with the prefix policy (list under the prefix, objects under it, the
  cold key only through S3 in the region).
- GCP: a Google service account, its Workload Identity binding, and ``roles/storage.objectUser``
  on the bucket with the prefix IAM condition of components/gcp/teams.py.
- On-prem, cold tier ``rgw``: a ``CephObjectStoreUser`` per service in the service's namespace
  (Rook generates its keys Secret there); the cold bucket's policy (:mod:`.rgw`, set on the
  ObjectBucketClaim by components/onprem/storage.py) limits that user to the prefix.
- On-prem, cold tier ``external_s3``: no identity can be created; the service reads S3 keys from a
  Secret the operator provides and scopes (see docs/services.md). Nothing is registered.

Children (of the service component): ``{name}-role``/``{name}-data`` (AWS), ``{name}-sa``/``{name}-wi``/
``{name}-data`` (GCP), ``{name}-rgw-user`` (on-prem RGW).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi


@dataclass(frozen=True)
class AwsIrsa:
    """IRSA: an IAM role per service, scoped to its prefix of the cold bucket."""

    oidc_provider_arn: pulumi.Input[str]
    oidc_issuer: pulumi.Input[str]
    bucket_arn: pulumi.Input[str]
    cold_key_arn: pulumi.Input[str]
    region: str
    tags: dict[str, str]
    kind: str = "IRSA role"

    def bind(
        self, parent: Any, name: str, namespace: str, account: str, prefix: str, after: Sequence[Any] = ()
    ) -> dict[str, Any]:
        """The role and its prefix policy; returns ``eks.amazonaws.com/role-arn``."""
        import pulumi_aws as aws

        from ..aws.common import irsa_trust_policy
        from ..aws.teams import prefix_data_policy

        role = aws.iam.Role(
            f"{name}-role",
            assume_role_policy=pulumi.Output.all(self.oidc_provider_arn, self.oidc_issuer).apply(
                lambda a: irsa_trust_policy(a[0], a[1], namespace, account)
            ),
            description=f"{account} in {namespace}: s3 prefix {prefix} only",
            tags=self.tags,
            opts=parent.child_opts(),
        )
        aws.iam.RolePolicy(
            f"{name}-data",
            role=role.id,
            policy=pulumi.Output.all(self.bucket_arn, self.cold_key_arn).apply(
                lambda a: prefix_data_policy(prefix, a[0], a[1], self.region)
            ),
            opts=parent.child_opts(),
        )
        return {"eks.amazonaws.com/role-arn": role.arn}


@dataclass(frozen=True)
class GcpWorkloadIdentity:
    """Workload Identity: a Google service account per service, scoped to its bucket prefix."""

    project: str
    bucket: pulumi.Input[str]
    kind: str = "Workload Identity service account"

    def bind(
        self, parent: Any, name: str, namespace: str, account: str, prefix: str, after: Sequence[Any] = ()
    ) -> dict[str, Any]:
        """The account, its Workload Identity binding and the conditional bucket role."""
        import pulumi_gcp as gcp

        from ..gcp.teams import OBJECT_ROLE, WORKLOAD_IDENTITY_ROLE, object_prefix_condition
        from ..gcp.teams import workload_identity_member as member_of

        sa = gcp.serviceaccount.Account(
            f"{name}-sa",
            project=self.project,
            account_id=f"svc-{account}"[:30].rstrip("-"),
            display_name=f"{account} in {namespace}",
            opts=parent.child_opts(),
        )
        gcp.serviceaccount.IAMMember(
            f"{name}-wi",
            service_account_id=sa.name,
            role=WORKLOAD_IDENTITY_ROLE,
            member=member_of(self.project, namespace, account),
            opts=parent.child_opts(),
        )
        gcp.storage.BucketIAMMember(
            f"{name}-data",
            bucket=self.bucket,
            role=OBJECT_ROLE,
            member=sa.email.apply(lambda e: f"serviceAccount:{e}"),
            condition=pulumi.Output.from_input(self.bucket).apply(
                lambda b: object_prefix_condition(b, prefix, f"{account}-prefix")
            ),
            opts=parent.child_opts(),
        )
        return {"iam.gke.io/gcp-service-account": sa.email}


@dataclass(frozen=True)
class OnpremRgwUser:
    """Ceph RGW: a CephObjectStoreUser per service; the bucket policy scopes it to its prefix."""

    store: str
    rook_namespace: str
    labels: Mapping[str, str] = field(default_factory=dict)
    kind: str = "Ceph RGW user (CephObjectStoreUser)"

    def bind(
        self, parent: Any, name: str, namespace: str, account: str, prefix: str, after: Sequence[Any] = ()
    ) -> dict[str, Any]:
        """The service's RGW user (read-write on ``prefix``); no ServiceAccount annotations."""
        from .rgw import PrefixGrant, object_user, register_object_user, user_name

        grant = PrefixGrant(account, user_name(account), namespace, prefix, write=True)
        cr = object_user(
            grant, store=self.store, rook_namespace=self.rook_namespace, labels=dict(self.labels)
        )
        register_object_user(f"{name}-rgw-user", cr, parent.child_opts(depends_on=list(after)))
        return {}


@dataclass(frozen=True)
class OnpremS3Keys:
    """External S3 stores: S3 keys from an operator-provided Secret; no identity can be created."""

    kind: str = "S3 keys Secret (operator-provided)"

    def bind(
        self, parent: Any, name: str, namespace: str, account: str, prefix: str, after: Sequence[Any] = ()
    ) -> dict[str, Any]:
        """Nothing to create; the service mounts the operator's Secret (``rgw.EXTERNAL_SECRET``)."""
        return {}
