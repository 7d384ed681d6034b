"""Team identities on AWS: an IRSA role per team scoped to its prefix of the data tiers.

The role trusts only the team's ServiceAccount (``system:serviceaccount:<ns>:<team>``) through the
cluster's OIDC provider. Its policy reaches ``s3://<cold bucket>/teams/<team>/`` only: list with an
``s3:prefix`` condition, read/write/delete objects under the prefix, and the cold-tier key only
through S3 in the stack's region. The hot tier (FSx for Lustre) is linked to the cold bucket, so
the team's hot-tier directory ``<import_path>/teams/<team>/`` is that same prefix; Lustre access
itself is POSIX, not IAM.

No AWS Budget per team (see :class:`TeamIdentities`): a team's ``budget`` is an alert rule over
OpenCost's metrics in AMP (components/observability/budgets.py).

Children: ``{name}-role-<team>``, ``{name}-data-<team>`` (RolePolicy).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi
import pulumi_aws as aws

from ..base import Component
from ..scheduling.spec import SchedulingSpec, TeamSpec
from .common import irsa_trust_policy, policy_json

TEAM_PREFIX = "teams/{team}/"
OBJECT_ACTIONS = [
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
]


def team_prefix(team: str) -> str:
    """The team's prefix in the cold bucket (and, through the import link, in the hot tier)."""
    return TEAM_PREFIX.format(team=team)


def team_data_policy(team: str, bucket_arn: str, key_arn: str, region: str) -> str:
    """The team's data access: its own prefix of the cold bucket, the cold key only via S3."""
    return prefix_data_policy(team_prefix(team), bucket_arn, key_arn, region)


def prefix_data_policy(
    prefix: str,
    bucket_arn: str,
    key_arn: str,
    region: str,
    *,
    object_actions: tuple[str, ...] = tuple(OBJECT_ACTIONS),
    key_actions: tuple[str, ...] = ("kms:Decrypt", "kms:GenerateDataKey"),
) -> str:
    """Access to one prefix of a bucket: list it, ``object_actions`` under it, the key only via S3."""
    return policy_json(
        [
            {
                "Sid": "ListOwnPrefix",
                "Effect": "Allow",
                "Action": "s3:ListBucket",
                "Resource": bucket_arn,
                "Condition": {"StringLike": {"s3:prefix": [prefix, f"{prefix}*"]}},
            },
            {
                "Sid": "ObjectsUnderOwnPrefix",
                "Effect": "Allow",
                "Action": list(object_actions),
                "Resource": f"{bucket_arn}/{prefix}*",
            },
            {
                "Sid": "ColdKeyThroughS3",
                "Effect": "Allow",
                "Action": list(key_actions),
                "Resource": key_arn,
                "Condition": {"StringEquals": {"kms:ViaService": f"s3.{region}.amazonaws.com"}},
            },
        ]
    )


class TeamIdentities(Component):
    """Per team: an IRSA role for its ServiceAccount and its data policy.

    No AWS Budget per team: Budgets filter on resource tags, and teams share nodes through Kueue, so
    no instance carries a team tag (such a budget measures $0). Team spend is measured where pods are
    seen: OpenCost by namespace (whose metrics the team budget alert reads), and CUR split cost
    allocation data by ``aws:eks:namespace`` (docs/audit-and-cost.md).
    """

    role_arns: dict[str, pulumi.Output[str]]

    def __init__(
        self,
        name: str,
        spec: SchedulingSpec,
        *,
        platform: str,
        region: str,
        oidc_provider_arn: pulumi.Input[str],
        oidc_issuer: pulumi.Input[str],
        bucket_arn: pulumi.Input[str] | None,
        cold_key_arn: pulumi.Input[str],
        tags: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:aws:TeamIdentities", name, opts)
        self.role_arns = {}
        teams: Sequence[TeamSpec] = spec.teams
        for team in teams:
            team_tags = {**tags, spec.team_tag: team.name}
            role = aws.iam.Role(
                f"{name}-role-{team.name}",
                assume_role_policy=pulumi.Output.all(oidc_provider_arn, oidc_issuer).apply(
                    lambda a, t=team: irsa_trust_policy(a[0], a[1], t.ns, t.name)
                ),
                description=f"Team {team.name}: its prefix of the data tiers",
                tags=team_tags,
                opts=self.child_opts(),
            )
            if bucket_arn is not None:
                aws.iam.RolePolicy(
                    f"{name}-data-{team.name}",
                    role=role.id,
                    policy=pulumi.Output.all(bucket_arn, cold_key_arn).apply(
                        lambda a, t=team.name: team_data_policy(t, a[0], a[1], region)
                    ),
                    opts=self.child_opts(),
                )
            self.role_arns[team.name] = role.arn
        self.register_outputs({"role_arns": self.role_arns})

    def annotations(self) -> dict[str, dict[str, pulumi.Output[str]]]:
        """ServiceAccount annotations binding each team's account to its role (IRSA)."""
        return {team: {"eks.amazonaws.com/role-arn": arn} for team, arn in self.role_arns.items()}
