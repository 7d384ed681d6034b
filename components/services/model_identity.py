"""The serving identity per cloud: read-only access to the ``models/`` prefix of the cold tier.

KServe's storage initializer runs as the predictor's ServiceAccount and pulls the model from
``storageUri`` with the pod's cloud credentials (IRSA on EKS, Workload Identity on GKE). The identity
it gets can list and read objects under ``models/`` and decrypt them with the cold-tier key through
the storage service; nothing else (no write, no delete, no other prefix). Policy rule AIP-SVC-011
keeps it that way.

- AWS: an IAM role trusting only ``system:serviceaccount:<namespace>:<account>`` (the team trust
  policy of components/aws/teams.py), with the prefix policy inline, tagged
  ``aiinfra:purpose=model-serving``.
- GCP: a Google service account bound to the Kubernetes ServiceAccount (Workload Identity) and a
  ``roles/storage.objectViewer`` binding on the bucket conditioned on the prefix (titled
  ``model-serving-prefix``).
- On-prem (Ceph RGW): a CephObjectStoreUser with op mask ``read``, limited by the bucket policy to
  ``s3:GetObject`` under ``models/`` (:mod:`.rgw`; registered by the serving component).

Children: AWS ``{name}-role``; GCP ``{name}-sa``, ``{name}-wi``, ``{name}-read``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from ..base import Component

MODELS_PREFIX = "models/"
PURPOSE_TAG = "aiinfra:purpose"
PURPOSE = "model-serving"
READ_ACTIONS = ("s3:GetObject",)
READ_KEY_ACTIONS = ("kms:Decrypt",)
GCP_READ_ROLE = "roles/storage.objectViewer"
CONDITION_TITLE = "model-serving-prefix"
IDENTITY_LABELS = {
    "aws": "IRSA role, s3:GetObject on models/",
    "gcp": "Workload Identity, objectViewer on models/",
}
"""What the serving identity is, in words (plan rows)."""


def reader_label(config: Any) -> str:
    """The serving identity of a blueprint config in words; on-prem from its cold tier (RGW user or the
    operator's Secret for an external S3 store)."""
    if config.blueprint in IDENTITY_LABELS:
        return IDENTITY_LABELS[config.blueprint]
    from .rgw import grant_note, grant_of, s3_keys, service_grants
    from .serving import READER_ACCOUNT

    facts = config.service_facts()
    keys = s3_keys(facts.rgw_store, READER_ACCOUNT)
    if facts.rgw_store is None:
        return (
            f"S3 keys from Secret {keys.secret} (operator-provided; scope them to {MODELS_PREFIX} read-only)"
        )
    return f"{grant_note(grant_of(service_grants(config.services), 'serving'))}; keys in Secret {keys.secret}"


class AwsModelReader(Component):
    """An IRSA role that reads ``models/`` of the cold bucket, for the serving ServiceAccount."""

    def __init__(
        self,
        name: str,
        *,
        namespace: str,
        account: str,
        region: str,
        oidc_provider_arn: pulumi.Input[str],
        oidc_issuer: pulumi.Input[str],
        bucket_arn: pulumi.Input[str],
        cold_key_arn: pulumi.Input[str],
        tags: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:services:AwsModelReader", name, opts)
        import pulumi_aws as aws

        from ..aws.common import irsa_trust_policy
        from ..aws.teams import prefix_data_policy

        policy = pulumi.Output.all(bucket_arn, cold_key_arn).apply(
            lambda a: prefix_data_policy(
                MODELS_PREFIX,
                a[0],
                a[1],
                region,
                object_actions=READ_ACTIONS,
                key_actions=READ_KEY_ACTIONS,
            )
        )
        self.role = aws.iam.Role(
            f"{name}-role",
            assume_role_policy=pulumi.Output.all(oidc_provider_arn, oidc_issuer).apply(
                lambda a: irsa_trust_policy(a[0], a[1], namespace, account)
            ),
            description=f"KServe {namespace}/{account}: read models/ of the cold tier",
            inline_policies=[{"name": "read-models", "policy": policy}],
            tags={**tags, PURPOSE_TAG: PURPOSE},
            opts=self.child_opts(),
        )
        self.register_outputs({"role_arn": self.role.arn})

    def annotations(self) -> dict[str, Any]:
        """ServiceAccount annotations (IRSA)."""
        return {"eks.amazonaws.com/role-arn": self.role.arn}


class GcpModelReader(Component):
    """A Workload Identity service account that reads ``models/`` of the cold bucket."""

    def __init__(
        self,
        name: str,
        *,
        project: str,
        namespace: str,
        account: str,
        bucket_name: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:services:GcpModelReader", name, opts)
        import pulumi_gcp as gcp

        from ..gcp.teams import WORKLOAD_IDENTITY_ROLE, object_prefix_condition, workload_identity_member

        self.account = gcp.serviceaccount.Account(
            f"{name}-sa",
            project=project,
            account_id="model-reader",
            display_name=f"KServe {namespace}/{account}: reads models/",
            opts=self.child_opts(),
        )
        gcp.serviceaccount.IAMMember(
            f"{name}-wi",
            service_account_id=self.account.name,
            role=WORKLOAD_IDENTITY_ROLE,
            member=workload_identity_member(project, namespace, account),
            opts=self.child_opts(),
        )
        gcp.storage.BucketIAMMember(
            f"{name}-read",
            bucket=bucket_name,
            role=GCP_READ_ROLE,
            member=self.account.email.apply(lambda e: f"serviceAccount:{e}"),
            condition=pulumi.Output.from_input(bucket_name).apply(
                lambda b: object_prefix_condition(b, MODELS_PREFIX, CONDITION_TITLE)
            ),
            opts=self.child_opts(),
        )
        self.register_outputs({"email": self.account.email})

    def annotations(self) -> dict[str, Any]:
        """ServiceAccount annotations (GKE Workload Identity)."""
        return {"iam.gke.io/gcp-service-account": self.account.email}
