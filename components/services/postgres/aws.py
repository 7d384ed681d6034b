"""RDS for PostgreSQL in the private subnets, encrypted with the warm-tier key.

Safe by default: ``storage_encrypted`` with the platform's warm CMK (also for Performance
Insights), ``publicly_accessible=False``, a security group admitting 5432 from the VPC only,
``deletion_protection``, automated backups (``backup_retention_period``), a final snapshot,
Multi-AZ, IAM database authentication on, TLS forced (``rds.force_ssl``), protected and retained
like the data tiers. Logs: the ``postgresql`` and ``upgrade`` logs exported to CloudWatch Logs,
connections, disconnections and DDL logged (:data:`LOG_PARAMETERS`), and Enhanced Monitoring every
:data:`MONITORING_INTERVAL` seconds through a role RDS assumes (AIP-DATA-051; Checkov CKV_AWS_118,
CKV_AWS_129, CKV2_AWS_30). Engine: PostgreSQL major version 17 (RDS picks the default minor; RDS
PostgreSQL 17 is generally available, aws.amazon.com/rds/postgresql, checked 2026-12-01; newer
majors unverified). Default class ``db.m7g.large`` (Graviton, unverified per region).

Children (of the service): ``{name}-subnets``, ``{name}-sg``, ``{name}-params``, ``{name}-password``,
``{name}-monitoring-role``, ``{name}-monitoring-policy``, ``{name}-db``, ``{name}-credentials``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi

from ...aws.common import assume_role_policy
from ..spec import DatabaseSpec
from ..target import DbConnection
from .secret import SelfContained, delivered, generated_password

ENGINE_VERSION = "17"
PARAMETER_FAMILY = "postgres17"
DEFAULT_CLASS = "db.m7g.large"
PORT = 5432
MONITORING_INTERVAL = 60
"""Enhanced Monitoring granularity in seconds (RDS accepts 0, 1, 5, 10, 15, 30, 60; 0 turns it off).
60 s keeps the OS metrics stream (CloudWatch Logs group RDSOSMetrics) at its smallest."""
MONITORING_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
"""The AWS managed policy the Enhanced Monitoring role needs (RDS User Guide, "Setting up and enabling
Enhanced Monitoring", recalled 2026-12-07: unverified)."""
MONITORING_SERVICE = "monitoring.rds.amazonaws.com"
LOG_PARAMETERS: tuple[tuple[str, str], ...] = (
    ("log_connections", "1"),
    ("log_disconnections", "1"),
    ("log_statement", "ddl"),
    ("log_min_duration_statement", "-1"),
)
"""PostgreSQL logging parameters (the CIS choices of components/services/postgres/gcp.py: DDL and
sessions, not every statement with its values). Checkov CKV2_AWS_30 requires log_statement and
log_min_duration_statement in the parameter group."""


def instance_args(name: str, dbname: str, spec: DatabaseSpec, key_arn: Any) -> dict[str, Any]:
    """``aws.rds.Instance`` arguments that do not depend on other resources."""
    return {
        "identifier": f"{name}-db"[:63],
        "engine": "postgres",
        "engine_version": ENGINE_VERSION,
        "instance_class": spec.instance_class or DEFAULT_CLASS,
        "allocated_storage": spec.storage_gib,
        "max_allocated_storage": spec.storage_gib * 4,
        "storage_type": "gp3",
        "storage_encrypted": True,
        "kms_key_id": key_arn,
        "db_name": dbname,
        "username": dbname,
        "port": PORT,
        "publicly_accessible": False,
        "multi_az": spec.high_availability,
        "deletion_protection": not spec.allow_destroy,
        "backup_retention_period": spec.backup_retention_days,
        "backup_window": "03:00-04:00",
        "maintenance_window": "sun:05:00-sun:06:00",
        "copy_tags_to_snapshot": True,
        "skip_final_snapshot": spec.allow_destroy,
        "final_snapshot_identifier": f"{name}-db-final"[:255],
        "iam_database_authentication_enabled": True,
        "auto_minor_version_upgrade": True,
        "performance_insights_enabled": True,
        "performance_insights_kms_key_id": key_arn,
        "enabled_cloudwatch_logs_exports": ["postgresql", "upgrade"],
        "monitoring_interval": MONITORING_INTERVAL,
        "apply_immediately": False,
    }


@dataclass(frozen=True)
class RdsPostgres(SelfContained):
    """Creates an RDS PostgreSQL instance per service database."""

    vpc_id: pulumi.Input[str]
    vpc_cidr: str
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    key_arn: pulumi.Input[str]
    tags: dict[str, str]
    labels: dict[str, str]

    def database(
        self, parent: Any, name: str, dbname: str, spec: DatabaseSpec, namespace: str, after: Sequence[Any]
    ) -> DbConnection:
        """The instance and its credentials Secret in ``namespace``."""
        import pulumi_aws as aws

        subnets = aws.rds.SubnetGroup(
            f"{name}-subnets",
            subnet_ids=self.subnet_ids,
            description=f"{dbname}: private subnets",
            tags=self.tags,
            opts=parent.child_opts(),
        )
        group = aws.ec2.SecurityGroup(
            f"{name}-sg",
            vpc_id=self.vpc_id,
            description=f"{dbname}: PostgreSQL from the VPC only",
            ingress=[
                {
                    "protocol": "tcp",
                    "from_port": PORT,
                    "to_port": PORT,
                    "cidr_blocks": [self.vpc_cidr],
                    "description": "PostgreSQL from the VPC",
                }
            ],
            egress=[],
            tags=self.tags,
            opts=parent.child_opts(),
        )
        params = aws.rds.ParameterGroup(
            f"{name}-params",
            family=PARAMETER_FAMILY,
            description=f"{dbname}: TLS only",
            parameters=[
                {"name": "rds.force_ssl", "value": "1"},
                *({"name": n, "value": v} for n, v in LOG_PARAMETERS),
            ],
            tags=self.tags,
            opts=parent.child_opts(),
        )
        monitoring = aws.iam.Role(
            f"{name}-monitoring-role",
            assume_role_policy=assume_role_policy(MONITORING_SERVICE),
            tags=self.tags,
            opts=parent.child_opts(),
        )
        attachment = aws.iam.RolePolicyAttachment(
            f"{name}-monitoring-policy",
            role=monitoring.name,
            policy_arn=MONITORING_POLICY,
            opts=parent.child_opts(),
        )
        password = generated_password(parent, name)
        db = aws.rds.Instance(
            f"{name}-db",
            **instance_args(name, dbname, spec, self.key_arn),
            password=password.result,
            db_subnet_group_name=subnets.name,
            vpc_security_group_ids=[group.id],
            parameter_group_name=params.name,
            monitoring_role_arn=monitoring.arn,
            tags=self.tags,
            opts=parent.data_opts(spec.allow_destroy, depends_on=[attachment]),
        )
        return delivered(
            parent,
            name,
            namespace=namespace,
            labels=self.labels,
            password=password.result,
            host=db.address,
            port=PORT,
            dbname=dbname,
            database=db,
            depends_on=after,
        )
