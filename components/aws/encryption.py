"""Customer-managed KMS keys per the encryption policy, shared by every other AWS component."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumi_aws as aws

from ..base import Component
from ..spec.encryption import KEY_PURPOSES, EncryptionPolicy, KeyPurpose
from .common import policy_json
from .naming import alias_name, key_names

_ALIAS_DOC = {
    "cluster": "EKS secrets envelope encryption",
    "nodes": "node root volumes",
    "hot": "FSx for Lustre",
    "warm": "EBS volumes from the warm StorageClass",
    "cold": "S3 datasets, checkpoints and models",
    "logs": "CloudWatch logs (control plane, VPC flow logs) and CloudTrail",
    "platform": "every aiinfra data tier and log",
}


def key_policy(account_id: str, region: str) -> str:
    """Key policy: account root administers; EC2 Auto Scaling (which launches managed node groups)
    may use the key for encrypted volumes and create grants; CloudWatch Logs may encrypt log groups
    of this account only; Managed Prometheus's alert manager (this account) may publish to encrypted topics;
    CloudTrail may encrypt trail logs of this account only."""
    root = f"arn:aws:iam::{account_id}:root"
    autoscaling = f"arn:aws:iam::{account_id}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
    return policy_json(
        [
            {
                "Sid": "AccountAdministers",
                "Effect": "Allow",
                "Principal": {"AWS": root},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "AutoScalingUsesKeyForNodeVolumes",
                "Effect": "Allow",
                "Principal": {"AWS": autoscaling},
                "Action": [
                    "kms:Encrypt",
                    "kms:Decrypt",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:DescribeKey",
                ],
                "Resource": "*",
            },
            {
                "Sid": "AutoScalingCreatesGrants",
                "Effect": "Allow",
                "Principal": {"AWS": autoscaling},
                "Action": "kms:CreateGrant",
                "Resource": "*",
                "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}},
            },
            {
                "Sid": "CloudWatchLogsEncrypts",
                "Effect": "Allow",
                "Principal": {"Service": f"logs.{region}.amazonaws.com"},
                "Action": [
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*",
                ],
                "Resource": "*",
                "Condition": {
                    "ArnLike": {"kms:EncryptionContext:aws:logs:arn": f"arn:aws:logs:{region}:{account_id}:*"}
                },
            },
            {
                # AMP's alert manager publishes to the KMS-encrypted alert topic (components/observability/amp.py;
                # AMP user guide "Alert manager: SNS topic encrypted with KMS", read 2026-12-01).
                "Sid": "AmpAlertManagerPublishesToEncryptedTopics",
                "Effect": "Allow",
                "Principal": {"Service": "aps.amazonaws.com"},
                "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
            },
            # CloudTrail User Guide, "Configure AWS KMS key policies for CloudTrail" (recalled, not re-read 2026-12-01: unverified):
            # trails of this account may generate data keys and describe the key.
            {
                "Sid": "CloudTrailEncryptsLogs",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "kms:GenerateDataKey*",
                "Resource": "*",
                "Condition": {
                    "StringLike": {
                        "kms:EncryptionContext:aws:cloudtrail:arn": f"arn:aws:cloudtrail:*:{account_id}:trail/*",
                        "aws:SourceArn": f"arn:aws:cloudtrail:*:{account_id}:trail/*",
                    }
                },
            },
            {
                "Sid": "CloudTrailDescribesKey",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "kms:DescribeKey",
                "Resource": "*",
                "Condition": {"StringLike": {"aws:SourceArn": f"arn:aws:cloudtrail:*:{account_id}:trail/*"}},
            },
        ]
    )


class PlatformKeys(Component):
    """One customer-managed key per purpose (or one shared key), rotated, protected, aliased.

    Children: ``{name}-<purpose>`` (``aws:kms/key:Key``) and ``{name}-<purpose>-alias``.
    """

    key_arns: pulumi.Output[Mapping[str, str]]
    """Key ARN per purpose (cluster, nodes, hot, warm, cold, logs)."""

    def __init__(
        self,
        name: str,
        policy: EncryptionPolicy,
        *,
        tags: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:aws:PlatformKeys", name, opts)
        identity = aws.get_caller_identity_output(opts=pulumi.InvokeOutputOptions(parent=self))
        region = aws.get_region_output(opts=pulumi.InvokeOutputOptions(parent=self))
        document = pulumi.Output.all(identity.account_id, region.region).apply(
            lambda a: key_policy(a[0], a[1])
        )
        self.keys: dict[str, aws.kms.Key] = {}
        for key_name in key_names(policy):
            key = aws.kms.Key(
                f"{name}-{key_name}",
                description=f"aiinfra {name}: {_ALIAS_DOC[key_name]}",
                enable_key_rotation=True,
                rotation_period_in_days=policy.rotation_days,
                deletion_window_in_days=policy.deletion_window_days,
                key_usage="ENCRYPT_DECRYPT",
                customer_master_key_spec="SYMMETRIC_DEFAULT",
                policy=document,
                tags={**tags, "aiinfra:key-purpose": key_name},
                opts=self.data_opts(policy.allow_destroy),
            )
            aws.kms.Alias(
                f"{name}-{key_name}-alias",
                name=alias_name(name, key_name),
                target_key_id=key.key_id,
                opts=self.child_opts(),
            )
            self.keys[key_name] = key
        self._policy = policy
        self.key_arns = pulumi.Output.from_input({p: self.keys[policy.key_for(p)].arn for p in KEY_PURPOSES})
        self.register_outputs({"key_arns": self.key_arns})

    def arn(self, purpose: KeyPurpose) -> pulumi.Output[str]:
        """The ARN of the key that protects ``purpose``."""
        return self.keys[self._policy.key_for(purpose)].arn
