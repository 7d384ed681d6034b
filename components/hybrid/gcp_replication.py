"""GCP Storage Transfer Service replication of on-prem object storage into the cloud cold tier."""

from __future__ import annotations

import pulumi

from ..base import Component
from .spec import ReplicationSpec

# The STS service agent writes the sink bucket (Storage Transfer docs, "configure access to a sink";
# the exact minimal role pair is unverified here).
SINK_ROLES = ("roles/storage.objectAdmin", "roles/storage.legacyBucketReader")
S3_METADATA = {
    "auth_method": "AUTH_METHOD_AWS_SIGNATURE_V4",
    "protocol": "NETWORK_PROTOCOL_HTTPS",
    "request_model": "REQUEST_MODEL_PATH_STYLE",
    "list_api": "LIST_OBJECTS_V2",
}


class StorageTransferReplication(Component):
    """Scheduled Storage Transfer job from the on-prem S3-compatible endpoint to the cold bucket.

    - ``{name}-pool``: the agent pool the on-prem transfer agents join (optional bandwidth limit).
      The agents hold the S3 credentials (given at ``gcloud transfer agents install`` time) and
      verify the endpoint's certificate with their host trust store: HTTPS only.
    - ``{name}-sink-<role>``: the STS service agent's access to the cold bucket. Objects land
      encrypted with the bucket's default CMK (the cold-tier key).
    - ``{name}-job``: ``aws_s3_compatible_data_source`` over ``NETWORK_PROTOCOL_HTTPS`` into
      ``gcs_data_sink`` on the cron schedule (start time of day + repeat interval).
    """

    job_name: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        spec: ReplicationSpec,
        *,
        project: str,
        bucket_name: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiinfra:hybrid:StorageTransferReplication", name, opts)
        import pulumi_gcp as gcp

        if spec.transfer_pool is None:
            raise ValueError("replication.transfer_pool: required on GCP (the STS agent pool)")
        pool_spec = spec.transfer_pool
        pool = gcp.storage.TransferAgentPool(
            f"{name}-pool",
            name=pool_spec.name,
            project=project,
            display_name=f"aiinfra {name}: on-prem agents",
            bandwidth_limit=(
                {"limit_mbps": str(pool_spec.bandwidth_limit_mbps)}
                if pool_spec.bandwidth_limit_mbps
                else None
            ),
            opts=self.child_opts(),
        )
        agent = gcp.storage.get_transfer_project_service_account_output(
            project=project, opts=pulumi.InvokeOutputOptions(parent=self)
        )
        grants = [
            gcp.storage.BucketIAMMember(
                f"{name}-sink-{role.split('.')[-1].lower()}",
                bucket=bucket_name,
                role=role,
                member=agent.email.apply(lambda e: f"serviceAccount:{e}"),
                opts=self.child_opts(),
            )
            for role in SINK_ROLES
        ]
        source = spec.source
        start = spec.start_date
        job = gcp.storage.TransferJob(
            f"{name}-job",
            project=project,
            description=f"aiinfra {name}: on-prem datasets to the cold tier",
            transfer_spec={
                "source_agent_pool_name": pool.id,
                "aws_s3_compatible_data_source": {
                    "bucket_name": source.bucket,
                    "endpoint": f"{source.hostname}:{source.port}",
                    "path": source.path,
                    "s3_metadata": S3_METADATA,
                },
                "gcs_data_sink": {"bucket_name": bucket_name, "path": spec.destination_path},
                "transfer_options": {
                    "overwrite_when": "DIFFERENT",
                    "delete_objects_unique_in_sink": spec.delete_removed,
                },
            },
            schedule=spec.schedule.gcp_schedule((start.year, start.month, start.day)),
            logging_config={
                "log_actions": ["COPY", "DELETE", "FIND"],
                "log_action_states": ["SUCCEEDED", "FAILED"],
            },
            status="ENABLED",
            opts=self.child_opts(depends_on=grants),
        )
        self.job_name = job.name
        self.register_outputs({"job_name": self.job_name})
