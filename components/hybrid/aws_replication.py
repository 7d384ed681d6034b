"""AWS DataSync replication of on-prem object storage into the cloud cold tier (the shared dataset store)."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumi_aws as aws

from ..aws.common import assume_role_policy, policy_json
from ..base import Component
from .spec import ReplicationSpec

LOG_RETENTION_DAYS = 365


def bucket_access_policy(bucket_arn: str, key_arn: str) -> str:
    """What DataSync needs on the destination: bucket listing, object read/write, and the bucket's CMK."""
    return policy_json(
        [
            {
                "Effect": "Allow",
                "Action": ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
                "Resource": bucket_arn,
            },
            {
                "Effect": "Allow",
                "Action": [
                    "s3:AbortMultipartUpload",
                    "s3:DeleteObject",
                    "s3:GetObject",
                    "s3:GetObjectTagging",
                    "s3:ListMultipartUploadParts",
                    "s3:PutObject",
                    "s3:PutObjectTagging",
                ],
                "Resource": f"{bucket_arn}/*",
            },
            {
                "Effect": "Allow",
                "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
                "Resource": key_arn,
            },
        ]
    )


class DataSyncReplication(Component):
    """Scheduled, verified DataSync copy from the on-prem S3-compatible endpoint to the cold bucket.

    - ``{name}-agent``: the on-prem agent, activated with a secret activation key (skipped when an
      activated agent's ARN is given).
    - ``{name}-source``: ``LocationObjectStorage`` over HTTPS with the endpoint's CA chain (DataSync
      verifies the server certificate with it); access and secret key are Pulumi secrets.
    - ``{name}-role`` + ``{name}-role-access``: the role DataSync assumes to write the bucket and use
      its CMK (objects land encrypted with the cold-tier key, bucket policy denies non-TLS).
    - ``{name}-destination``: ``S3Location`` for the cold bucket prefix.
    - ``{name}-logs``: task log group encrypted with the logs CMK.
    - ``{name}-task``: the task with the cron schedule, changed-data transfer and verification.
    """

    task_arn: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        spec: ReplicationSpec,
        *,
        bucket_arn: pulumi.Input[str],
        key_arn: pulumi.Input[str],
        log_key_arn: pulumi.Input[str],
        activation_key: pulumi.Input[str] | None,
        access_key: pulumi.Input[str] | None,
        secret_key: pulumi.Input[str] | None,
        tags: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:hybrid:DataSyncReplication", name, opts)
        if spec.datasync is None:
            raise ValueError("replication.datasync: required on AWS (agent_arn or activation_key_key)")
        source_spec = spec.source
        if spec.datasync.agent_arn is not None:
            agent_arn: pulumi.Input[str] = spec.datasync.agent_arn
        else:
            if activation_key is None:
                raise ValueError(
                    "replication.datasync.activation_key_key: the activation key secret is missing"
                )
            agent = aws.datasync.Agent(
                f"{name}-agent",
                name=f"{name}-agent",
                activation_key=activation_key,
                tags=tags,
                opts=self.child_opts(),
            )
            agent_arn = agent.arn
        source = aws.datasync.LocationObjectStorage(
            f"{name}-source",
            agent_arns=[agent_arn],
            server_hostname=source_spec.hostname,
            server_port=source_spec.port,
            server_protocol=source_spec.protocol,
            bucket_name=source_spec.bucket,
            subdirectory=f"/{source_spec.path}",
            access_key=access_key,
            secret_key=secret_key,
            server_certificate=source_spec.server_certificate,
            tags=tags,
            opts=self.child_opts(),
        )
        role = aws.iam.Role(
            f"{name}-role",
            assume_role_policy=assume_role_policy("datasync.amazonaws.com"),
            tags=tags,
            opts=self.child_opts(),
        )
        access = aws.iam.RolePolicy(
            f"{name}-role-access",
            role=role.id,
            policy=pulumi.Output.all(bucket_arn, key_arn).apply(lambda a: bucket_access_policy(a[0], a[1])),
            opts=self.child_opts(),
        )
        destination = aws.datasync.S3Location(
            f"{name}-destination",
            s3_bucket_arn=bucket_arn,
            subdirectory=f"/{spec.destination_path}",
            s3_storage_class="STANDARD",
            s3_config={"bucket_access_role_arn": role.arn},
            tags=tags,
            opts=self.child_opts(depends_on=[access]),
        )
        logs = aws.cloudwatch.LogGroup(
            f"{name}-logs",
            name=f"/aiinfra/{name}/datasync",
            retention_in_days=LOG_RETENTION_DAYS,
            kms_key_id=log_key_arn,
            tags=tags,
            opts=self.child_opts(),
        )
        task = aws.datasync.Task(
            f"{name}-task",
            name=f"{name}-task",
            source_location_arn=source.arn,
            destination_location_arn=destination.arn,
            cloudwatch_log_group_arn=logs.arn,
            schedule={"schedule_expression": spec.schedule.aws_expression()},
            options={
                "transfer_mode": "CHANGED",
                "verify_mode": spec.verify,
                "overwrite_mode": "ALWAYS",
                "preserve_deleted_files": "REMOVE" if spec.delete_removed else "PRESERVE",
                "log_level": "TRANSFER",
                # Object stores carry no POSIX ownership or permissions.
                "posix_permissions": "NONE",
                "uid": "NONE",
                "gid": "NONE",
            },
            tags=tags,
            opts=self.child_opts(),
        )
        self.task_arn = task.arn
        self.register_outputs({"task_arn": self.task_arn})
