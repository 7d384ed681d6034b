"""Tiered storage on AWS: FSx for Lustre (hot), an EBS StorageClass (warm), S3 (cold)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi
import pulumi_aws as aws

from ..base import Component
from ..spec.storage import StorageTiers
from .common import policy_json, with_name
from .private_bucket import private_bucket_settings

S3_CLASSES = {"infrequent": "STANDARD_IA", "archive": "GLACIER_IR", "deep_archive": "DEEP_ARCHIVE"}
"""Neutral lifecycle classes mapped to S3 storage classes."""

LUSTRE_PORTS = ((988, 988), (1018, 1023))
"""Lustre client traffic: TCP 988 and 1018-1023 (FSx for Lustre security-group guidance)."""


def tls_only_policy(bucket_arn: str) -> str:
    """Bucket policy denying any request not made over TLS."""
    return policy_json(
        [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [bucket_arn, f"{bucket_arn}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ]
    )


def lifecycle_rules(tiers: StorageTiers) -> list[dict]:
    """S3 lifecycle rules for the cold tier: transitions, old versions, abandoned uploads."""
    assert tiers.cold is not None
    lifecycle = tiers.cold.lifecycle
    rule: dict = {
        "id": "aiinfra-tiering",
        "status": "Enabled",
        "filter": {"prefix": ""},
        "transitions": [
            {"days": days, "storage_class": S3_CLASSES[cls]} for cls, days in lifecycle.transitions()
        ],
        "abort_incomplete_multipart_upload": {
            "days_after_initiation": lifecycle.abort_incomplete_upload_days
        },
    }
    if lifecycle.noncurrent_expire_after_days is not None:
        rule["noncurrent_version_expiration"] = {"noncurrent_days": lifecycle.noncurrent_expire_after_days}
    return [rule]


class TieredStorage(Component):
    """The platform's storage tiers, all encrypted with customer-managed keys.

    - cold: S3 bucket, versioned, KMS-encrypted (bucket keys on), public access blocked, owner-enforced,
      TLS-only policy, lifecycle to infrequent/archive/deep-archive classes, optional object lock.
    - hot: FSx for Lustre PERSISTENT_2 with the chosen throughput tier, LZ4, KMS, a security group
      for Lustre ports, and a data repository association importing/exporting the cold bucket.
    - warm: an EBS CSI StorageClass (gp3/io2, encrypted with the warm CMK, reclaim policy Retain).

    Data resources are protected and retained on delete unless their tier sets ``allow_destroy``.
    """

    bucket_name: pulumi.Output[str] | None
    lustre_dns_name: pulumi.Output[str] | None

    def __init__(
        self,
        name: str,
        tiers: StorageTiers,
        *,
        key_arns: Mapping[str, pulumi.Input[str]],
        vpc_id: pulumi.Input[str],
        vpc_cidr: str,
        hot_subnet_id: pulumi.Input[str] | None,
        client_security_group_ids: Sequence[pulumi.Input[str]],
        tags: Mapping[str, str],
        kubernetes_provider: pulumi.ProviderResource | None = None,
        enforce_tls: bool = True,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:aws:TieredStorage", name, opts)
        self.bucket: aws.s3.Bucket | None = None
        self.bucket_name = None
        self.lustre_dns_name = None
        if tiers.cold is not None:
            self._cold(name, tiers, key_arns["cold"], tags, enforce_tls)
        if tiers.hot is not None:
            if hot_subnet_id is None:
                raise ValueError("hot tier: a subnet for the file system is required")
            self._hot(
                name, tiers, key_arns["hot"], vpc_id, vpc_cidr, hot_subnet_id, client_security_group_ids, tags
            )
        if tiers.warm is not None:
            if kubernetes_provider is None:
                raise ValueError("warm tier: a Kubernetes provider for the cluster is required")
            self._warm(name, tiers, key_arns["warm"], kubernetes_provider)
        self.register_outputs({"bucket_name": self.bucket_name, "lustre_dns_name": self.lustre_dns_name})

    def _cold(
        self, name: str, tiers: StorageTiers, key_arn: pulumi.Input[str], tags: Mapping[str, str], tls: bool
    ):
        cold = tiers.cold
        assert cold is not None
        bucket = aws.s3.Bucket(
            f"{name}-cold",
            bucket=cold.bucket_name,
            force_destroy=False,
            object_lock_enabled=cold.object_lock_days is not None,
            tags={**tags, "tier": "cold"},
            opts=self.data_opts(cold.allow_destroy),
        )
        bucket_opts = self.child_opts()
        versioning = private_bucket_settings(self, f"{name}-cold", bucket, key_arn).versioning
        if tls:
            aws.s3.BucketPolicy(
                f"{name}-cold-tls-only",
                bucket=bucket.id,
                policy=bucket.arn.apply(tls_only_policy),
                opts=bucket_opts,
            )
        aws.s3.BucketLifecycleConfiguration(
            f"{name}-cold-lifecycle",
            bucket=bucket.id,
            rules=lifecycle_rules(tiers),
            opts=self.child_opts(depends_on=[versioning]),
        )
        if cold.object_lock_days is not None:
            aws.s3.BucketObjectLockConfiguration(
                f"{name}-cold-object-lock",
                bucket=bucket.id,
                rule={"default_retention": {"mode": "GOVERNANCE", "days": cold.object_lock_days}},
                opts=self.child_opts(depends_on=[versioning]),
            )
        self.bucket = bucket
        self.bucket_name = bucket.bucket

    def _hot(
        self,
        name: str,
        tiers: StorageTiers,
        key_arn: pulumi.Input[str],
        vpc_id: pulumi.Input[str],
        vpc_cidr: str,
        subnet_id: pulumi.Input[str],
        client_sgs: Sequence[pulumi.Input[str]],
        tags: Mapping[str, str],
    ) -> None:
        hot = tiers.hot
        assert hot is not None
        sg = aws.ec2.SecurityGroup(
            f"{name}-lustre-sg",
            vpc_id=vpc_id,
            description="Lustre clients (TCP 988, 1018-1023) and file-server traffic",
            tags=with_name(tags, f"{name}-lustre"),
            opts=self.child_opts(),
        )
        for low, high in LUSTRE_PORTS:
            aws.vpc.SecurityGroupIngressRule(
                f"{name}-lustre-self-{low}",
                security_group_id=sg.id,
                referenced_security_group_id=sg.id,
                ip_protocol="tcp",
                from_port=low,
                to_port=high,
                description="Lustre between file servers",
                tags=tags,
                opts=self.child_opts(),
            )
            for i, client in enumerate(client_sgs):
                aws.vpc.SecurityGroupIngressRule(
                    f"{name}-lustre-client{i}-{low}",
                    security_group_id=sg.id,
                    referenced_security_group_id=client,
                    ip_protocol="tcp",
                    from_port=low,
                    to_port=high,
                    description="Lustre from cluster nodes",
                    tags=tags,
                    opts=self.child_opts(),
                )
        aws.vpc.SecurityGroupEgressRule(
            f"{name}-lustre-out",
            security_group_id=sg.id,
            cidr_ipv4=vpc_cidr,
            ip_protocol="-1",
            description="replies and S3 endpoint traffic inside the VPC",
            tags=tags,
            opts=self.child_opts(),
        )
        lustre = aws.fsx.LustreFileSystem(
            f"{name}-hot",
            deployment_type="PERSISTENT_2",
            storage_type="SSD",
            storage_capacity=hot.capacity_gib,
            per_unit_storage_throughput=hot.throughput_mb_per_tib,
            file_system_type_version="2.15",
            data_compression_type="LZ4",
            kms_key_id=key_arn,
            subnet_ids=subnet_id,  # a single subnet id string in pulumi-aws v7
            security_group_ids=[sg.id],
            automatic_backup_retention_days=7,
            copy_tags_to_backups=True,
            metadata_configuration={"mode": "AUTOMATIC"},
            tags={**tags, "tier": "hot"},
            opts=self.data_opts(hot.allow_destroy),
        )
        if hot.import_from_cold and self.bucket is not None:
            events = ["NEW", "CHANGED", "DELETED"]
            aws.fsx.DataRepositoryAssociation(
                f"{name}-hot-cold-link",
                file_system_id=lustre.id,
                file_system_path=hot.import_path,
                data_repository_path=self.bucket.bucket.apply(lambda b: f"s3://{b}{hot.import_path}"),
                batch_import_meta_data_on_create=True,
                s3={"auto_import_policy": {"events": events}, "auto_export_policy": {"events": events}},
                tags=tags,
                opts=self.child_opts(),
            )
        self.lustre = lustre
        self.lustre_dns_name = lustre.dns_name

    def _warm(
        self, name: str, tiers: StorageTiers, key_arn: pulumi.Input[str], provider: pulumi.ProviderResource
    ):
        import pulumi_kubernetes as k8s

        warm = tiers.warm
        assert warm is not None
        parameters: dict[str, pulumi.Input[str]] = {
            "type": warm.volume_type,
            "encrypted": "true",
            "kmsKeyId": key_arn,
        }
        if warm.iops is not None:
            parameters["iops"] = str(warm.iops)
        if warm.throughput_mibps is not None:
            parameters["throughput"] = str(warm.throughput_mibps)
        annotations = {"storageclass.kubernetes.io/is-default-class": "true"} if warm.default_class else {}
        k8s.storage.v1.StorageClass(
            f"{name}-warm",
            metadata={"name": f"{name}-warm-{warm.volume_type}", "annotations": annotations},
            provisioner="ebs.csi.aws.com",
            parameters=parameters,
            reclaim_policy="Retain",
            volume_binding_mode="WaitForFirstConsumer",
            allow_volume_expansion=True,
            opts=self.data_opts(warm.allow_destroy, provider=provider),
        )
